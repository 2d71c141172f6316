"""The headline of a result: the answer to the scenario's question, in words and numbers.

Computed in ONE place, from a result document (``run``, ``simulate`` static or
war), and rendered by every surface: the command line prints it first, the
``--json`` documents carry it as ``headline``, the HTML report and the web
result page open with it.

- A war (``simulate`` on a scenario with a war): P(settlement) by the key
  months (each June and December, and the horizon's last month), the median
  month, the terms' median and 90 % interval, each deal's probability, month
  and terms, and the issues outside the war with medians and 90 % intervals.
- A Monte Carlo simulation without a war: each issue's median and 90 % interval.
- A single run (``run``): each issue's forecast. An issue that is a war's
  territorial issue is marked: its static compromise figure is not the war's
  forecast (``simulate`` runs the war month by month).

Formats, the same everywhere: probabilities as whole percentages (``86%``),
values with one decimal (``17.8``), intervals as ``10.6 – 23.5``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from realpolitik.results.headline_model import Headline, HeadlineTable
from realpolitik.results.schemas import (
    DealTerms,
    DynamicDocument,
    Quantiles,
    RunDocument,
    SimulationDocument,
    Summary,
)

if TYPE_CHECKING:
    from realpolitik.scenario import Scenario

__all__ = [
    "Document",
    "Headline",
    "HeadlineTable",
    "headline",
    "headline_csv",
    "headline_for",
    "interval",
    "key_months",
    "num",
    "pct",
]

Document = RunDocument | SimulationDocument | DynamicDocument
"""A document with a headline: ``run``, ``simulate`` without a war, ``simulate`` with one."""

SETTLEMENT = "settlement"
"""The war's settlement among a dynamic document's ``events`` (keyed by event name)."""

KEY_MONTHS = ("06", "12")
"""Months of the year shown in the headline's settlement row, with the horizon's last."""


def pct(p: float) -> str:
    """A probability as a whole percentage, ``86%`` (``<1%``/``>99%`` near the ends)."""
    if 0 < p < 0.005:
        return "<1%"
    if 0.995 < p < 1:
        return ">99%"
    return f"{100 * p:.0f}%"


def num(v: Any) -> str:
    """A value with one decimal; a point of several dimensions as ``a, b``."""
    if isinstance(v, list):
        return ", ".join(num(x) for x in v)
    return f"{float(v):.1f}"


def interval(lo: float | list[float], hi: float | list[float]) -> str:
    """A central interval, ``10.6 – 23.5`` (per dimension for a point)."""
    if isinstance(lo, list) or isinstance(hi, list):
        los, his = _listed(lo), _listed(hi)
        return "; ".join(interval(a, b) for a, b in zip(los, his, strict=True))
    return f"{float(lo):.1f} – {float(hi):.1f}"


def _listed(value: float | list[float]) -> list[float]:
    return value if isinstance(value, list) else [value]


def _ninety(q: Quantiles) -> str:
    """The central 90 % interval of a summary's quantiles."""
    return interval(q.q05, q.q95)


def key_months(months: list[str]) -> list[str]:
    """Each June and December of the horizon, and its last month."""
    keys = [m for m in months if m[5:] in KEY_MONTHS]
    if months and months[-1] not in keys:
        keys.append(months[-1])
    return keys


def headline(
    doc: Document,
    names: Mapping[str, str] | None = None,
    war_issue: str | None = None,
) -> Headline:
    """The headline of a ``run`` or ``simulate`` document (static or war).

    Args:
        doc: the typed document (:mod:`realpolitik.results.schemas`).
        names: issue id -> name (ids are shown where a name is missing).
        war_issue: the id of the war's territorial issue, if the scenario has a war.
    """
    label = dict(names or {})
    if isinstance(doc, DynamicDocument):
        return _war(doc, label, war_issue)
    if isinstance(doc, SimulationDocument):
        return _static_mc(doc, label)
    return _single(doc, label, war_issue)


def _name(names: Mapping[str, str], issue_id: str) -> str:
    return names.get(issue_id) or issue_id


def _war(doc: DynamicDocument, names: Mapping[str, str], war_issue: str | None) -> Headline:
    settle = doc.events[SETTLEMENT]
    months = key_months(list(doc.months))
    p = {m: _by(settle.probability_by, m) for m in months}
    by = ", ".join(f"{pct(p[m])} by {m}" for m in months)
    median = settle.median_month
    when = f"median {median}" if median else "the median is after the horizon"
    sentences = [f"Settlement of the war: {by} ({when})."]
    table = [["P(settlement)", *[pct(p[m]) for m in months]]]
    terms = doc.terms
    if terms:
        issue = _name(names, war_issue or terms.issue)
        sentences.append(
            f"Terms of settlement, {issue} (runs that settle): median "
            f"{num(_median(terms))}, 90% {_ninety(terms.quantiles)}."
        )
    deals = []
    for deal_id, d in doc.deals.items():
        e = doc.events[f"deal:{deal_id}"]
        month = e.median_month or "after the horizon"
        quantiles = d.quantiles if d.n else None  # terms only when some run signed it
        signed = quantiles is not None
        terms_text = (
            f"median {num(_median(d))}, 90% {_ninety(quantiles)}" if quantiles is not None else "-"
        )
        deals.append([deal_id, pct(e.probability), month, terms_text])
        sentences.append(
            f"Deal '{deal_id}': {pct(e.probability)} signed within the horizon "
            f"(median month {month})" + (f", terms {terms_text}." if signed else ".")
        )
    tables = [
        HeadlineTable(
            key="settlement", caption="Settlement by month", columns=["", *months], rows=table
        )
    ]
    if deals:
        tables.append(
            HeadlineTable(
                key="deals",
                caption="Deals",
                columns=["deal", "signed", "median month", "terms"],
                rows=deals,
            )
        )
    outside = _issue_rows(doc.issues, names)
    if outside:
        sentences.append(
            "Issues outside the war: "
            + "; ".join(f"{r[0]} {r[1]} (90% {r[2]})" for r in outside)
            + "."
        )
        tables.append(_issues_table("outside", "Issues outside the war", outside))
    return Headline(kind="war", sentences=sentences, tables=tables)


def _by(curve: Mapping[str, float], month: str) -> float:
    """P(by the end of ``month``): the last month given at or before it (0 before the first)."""
    known = [m for m in curve if m <= month]
    return float(curve[max(known)]) if known else 0.0


def _issue_rows(issues: Mapping[str, Summary], names: Mapping[str, str]) -> list[list[str]]:
    return [[_name(names, k), num(_median(s)), _ninety(s.quantiles)] for k, s in issues.items()]


def _median(summary: Summary | DealTerms) -> Any:
    """The median of a summary (its 50 % quantile where the median is not given)."""
    if summary.median is not None or summary.quantiles is None:
        return summary.median
    return summary.quantiles.q50


def _issues_table(key: str, caption: str, rows: list[list[str]]) -> HeadlineTable:
    return HeadlineTable(
        key=key, caption=caption, columns=["issue", "median", "90% interval"], rows=rows
    )


def _static_mc(doc: SimulationDocument, names: Mapping[str, str]) -> Headline:
    rows = _issue_rows(doc.issues, names)
    sentences = [
        f"Forecast over {doc.runs} runs ({doc.model} model): "
        + "; ".join(f"{r[0]} {r[1]} (90% {r[2]})" for r in rows)
        + "."
    ]
    ranges = [
        f"{_name(names, k)}: most likely '{best}' ({pct(p)})"
        for k, s in doc.issues.items()
        if (likeliest := _likeliest(s.probabilities)) is not None
        for best, p in [likeliest]
    ]
    if ranges:
        sentences.append("; ".join(ranges) + ".")
    return Headline(
        kind="simulation", sentences=sentences, tables=[_issues_table("issues", "Forecast", rows)]
    )


def _likeliest(probabilities: Mapping[str, float | list[float]]) -> tuple[str, float] | None:
    """The likeliest named range of a one-dimensional issue, and its probability."""
    scalar = {k: float(v) for k, v in probabilities.items() if not isinstance(v, list)}
    if not scalar:
        return None
    best = max(scalar, key=lambda k: scalar[k])
    return best, scalar[best]


def _single(doc: RunDocument, names: Mapping[str, str], war_issue: str | None) -> Headline:
    rows, said = [], []
    for issue_id, value in doc.forecast.items():
        if issue_id == war_issue:
            rows.append([_name(names, issue_id), "war: see simulate", "not a forecast of the war"])
            continue
        rows.append([_name(names, issue_id), num(value), ""])
        said.append(f"{_name(names, issue_id)} {num(value)}")
    sentences = [f"Forecast ({doc.model} model): " + "; ".join(said) + "."]
    if war_issue is not None:
        sentences.append(
            f"{_name(names, war_issue)} is the war's issue: its outcome depends on the war month "
            "by month, which `realpolitik simulate` runs; a single static run is not its forecast."
        )
    return Headline(
        kind="run",
        sentences=sentences,
        tables=[
            HeadlineTable(
                key="forecast", caption="Forecast", columns=["issue", "forecast", "note"], rows=rows
            )
        ],
    )


def headline_for(doc: Document, scenario: Scenario | None) -> Headline:
    """:func:`headline` with the issues named, and the war's issue known, from the scenario."""
    if scenario is None:
        return headline(doc)
    names = {i.id: i.name or i.id for i in scenario.issues}
    return headline(doc, names, None if scenario.war is None else scenario.war.issue)


def headline_csv(table: HeadlineTable) -> str:
    """A headline table as CSV text (for the web's download links)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c or "row" for c in table.columns])
    writer.writerows(table.rows)
    return out.getvalue()
