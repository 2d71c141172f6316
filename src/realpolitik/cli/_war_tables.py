"""Human output of a dynamic simulation: rich tables built from its typed document.

Pure formatting (no maths): the figures come from :func:`realpolitik.dynamics.summary.summarize`
and :func:`realpolitik.dynamics.sensitivity.lever_effects`.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from realpolitik.results.schemas import DynamicDocument
from realpolitik.richtext import escaped

BAR = 20
"""Width of the probability bars, in characters."""


def _bar(p: float) -> str:
    full = round(p * BAR)
    return "█" * full + "·" * (BAR - full)


def events_table(doc: DynamicDocument) -> Table:
    """P(event has happened by the end of each month), one column per event."""
    events = {
        name: e
        for name, e in doc.events.items()
        if not name.startswith("victory:") or e.probability > 0
    }
    table = Table(title="Probability that each event has happened, by month")
    table.add_column("month", overflow="fold")
    for name in events:
        table.add_column(escaped(name), justify="right", overflow="fold")
    table.add_column("P(settled)", justify="left", overflow="fold")
    for month in doc.months:
        cells = [f"{events[n].probability_by[month]:.0%}" for n in events]
        bar = _bar(doc.events["settlement"].probability_by[month])
        table.add_row(month, *cells, bar)
    medians = [str(events[n].median_month or "later") for n in events]
    table.add_row(Text("median", style="bold"), *medians, "")
    return table


def terms_table(doc: DynamicDocument, issue_label: str) -> RenderableType:
    """Quantiles of the settlement terms (runs that settle)."""
    terms = doc.terms
    if not terms:
        return Text("No run settles within the horizon: no terms to report.")
    q = terms.quantiles
    table = Table(title=f"Terms of settlement: {escaped(issue_label)} (runs that settle)")
    for col in ("settled", "5%", "25%", "median", "75%", "95%"):
        table.add_column(col, justify="right", overflow="fold")
    share = terms.n / doc.runs
    table.add_row(f"{share:.0%}", *(f"{v:.1f}" for v in (q.q05, q.q25, q.q50, q.q75, q.q95)))
    return table


def ground_table(
    doc: DynamicDocument, issue_label: str, defender: str = "the defender", every: int = 6
) -> Table:
    """Quantiles of the ground held by the defender every few months."""
    table = Table(
        title=f"Ground held by {escaped(defender)}: {escaped(issue_label)} (end of month)"
    )
    for col in ("month", "5%", "median", "95%"):
        table.add_column(col, justify="right", overflow="fold")
    months = list(doc.ground)
    for k, month in enumerate(months):
        if k % every == every - 1 or k == len(months) - 1:
            g = doc.ground[month]
            table.add_row(month, f"{g.q05:.1f}", f"{g.q50:.1f}", f"{g.q95:.1f}")
    return table


def deals_table(doc: DynamicDocument) -> Table | None:
    """Each deal: chance it is signed within the horizon, and the terms it is signed on."""
    if not doc.deals:
        return None
    table = Table(title="Deals: signed within the horizon, and on what terms")
    for col in ("deal", "signed", "median month", "terms: median", "90% interval"):
        table.add_column(col, justify="left" if col == "deal" else "right", overflow="fold")
    for deal_id, d in doc.deals.items():
        e = doc.events[f"deal:{deal_id}"]
        if d.n and d.quantiles is not None:
            q = d.quantiles
            terms, band = f"{q.q50:.1f}", f"{q.q05:.1f} – {q.q95:.1f}"
        else:
            terms, band = "-", "-"
        median = e.median_month or "later"
        table.add_row(escaped(deal_id), f"{e.probability:.0%}", median, terms, band)
    return table


def levers_table(doc: DynamicDocument, top: int = 3) -> RenderableType:
    """The levers that move the settlement date most (one at a time, lever off)."""
    sens = doc.sensitivity
    if not sens:
        return Text("No levers (or sensitivity switched off).")
    table = Table(
        title=f"Levers that move the settlement date most (each switched off in turn, "
        f"{sens.runs} runs): what the lever does"
    )
    for col in ("lever", "settlement sooner by (months)", "P(settled) change"):
        table.add_column(col, justify="left" if col == "lever" else "right", overflow="fold")
    for lever in sens.top[:top]:
        i = sens.indices[lever]
        table.add_row(escaped(lever), f"{i.months_earlier:+.2f}", f"{i.probability:+.1%}")
    return table


def renderables(
    doc: DynamicDocument, issue_label: str, defender: str = "the defender"
) -> list[RenderableType]:
    """Everything the ``simulate`` command prints for a dynamic scenario, in order."""
    head = Text(
        f"{doc.scenario}: {doc.runs} runs, seed {doc.seed}, {doc.months[0]} to {doc.months[-1]}",
        style="bold",
    )
    items: list[RenderableType | None] = [
        head,
        events_table(doc),
        terms_table(doc, issue_label),
        deals_table(doc),
        ground_table(doc, issue_label, defender),
        levers_table(doc),
    ]
    return [x for x in items if x is not None]
