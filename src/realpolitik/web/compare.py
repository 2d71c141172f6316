"""Two runs side by side: the headline figures of each, row by row."""

from __future__ import annotations

from dataclasses import dataclass

from realpolitik.app.results import ResultDocument
from realpolitik.report.tables import number
from realpolitik.results.schemas import DynamicDocument, RunDocument, SimulationDocument


@dataclass(frozen=True, kw_only=True)
class Row:
    """One headline figure of two runs (``-`` where a run does not have it)."""

    label: str
    a: str
    b: str


def headlines(doc: ResultDocument | None) -> dict[str, str]:
    """The headline figures of a result document, by label.

    A deterministic run gives each issue's forecast; a simulation each issue's
    median with its 90% interval; a dynamic run each event's probability
    within the horizon and its median month.
    """
    out: dict[str, str] = {}
    if isinstance(doc, RunDocument):
        for issue_id, value in doc.forecast.items():
            out[f"{issue_id}: forecast"] = number(value)
    if isinstance(doc, SimulationDocument | DynamicDocument):
        for issue_id, s in doc.issues.items():
            band = f" (90%: {number(s.quantiles.q05)} – {number(s.quantiles.q95)})"
            out[f"{issue_id}: median"] = f"{number(s.median)}{band}"
    if isinstance(doc, DynamicDocument):
        for name, e in doc.events.items():
            month = e.median_month or "not within the horizon"
            out[f"{name}: probability"] = f"{e.probability:.0%}"
            out[f"{name}: median month"] = str(month)
    return out


def compare_rows(a: ResultDocument | None, b: ResultDocument | None) -> list[Row]:
    """The union of both runs' headline figures, in order of first appearance."""
    ha, hb = headlines(a), headlines(b)
    labels = list(dict.fromkeys([*ha, *hb]))
    return [Row(label=k, a=ha.get(k, "-"), b=hb.get(k, "-")) for k in labels]
