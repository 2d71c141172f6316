"""The strategy search's section: the front as a chart (objective against cost) and its settings.

Input: the ``optimize`` JSON document (docs/optimize.md). The chart plots
each recommended strategy's fresh-run figures (the winner's-curse-free ones)
with ±2 standard errors, the search's own estimates as hollow markers, and
the scenario's own strategy as a star. The x axis is the cost when it is an
objective, else the second objective; with a single objective the strategies
are ranked along x.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import plotly.graph_objects as go

from realpolitik.report._style import ACCENT, base_layout, colour, figure
from realpolitik.report.parts import Figure, Section
from realpolitik.report.tables import Table
from realpolitik.results.optimize_document import Figure as Estimate
from realpolitik.results.optimize_document import OptimizeDocument, Setting


def _axes(doc: OptimizeDocument) -> tuple[str, str | None]:
    """(y objective, x objective or None for a ranking)."""
    names = [o.name for o in doc.objectives]
    others = [n for n in names if n != "cost"]
    y = others[0] if others else names[0]
    if "cost" in names and y != "cost":
        return y, "cost"
    rest = [n for n in names if n != y]
    return y, rest[0] if rest else None


def _value(fig: Mapping[str, Estimate], name: str) -> float | None:
    entry = fig.get(name)
    value = None if entry is None else entry.value
    return None if value is None else float(value)


def _error(fig: Mapping[str, Estimate], name: str) -> float:
    entry = fig.get(name)
    se = None if entry is None else entry.stderr
    return 0.0 if se is None else 2.0 * float(se)


def front_figure(doc: OptimizeDocument) -> go.Figure:
    """The front: fresh figures with error bars, search estimates hollow, the file's as a star."""
    y, x = _axes(doc)
    front = doc.front
    xs = [_value(s.fresh, x) if x else k + 1 for k, s in enumerate(front)]
    labels = [f"trial {s.trial}" for s in front]
    traces: list[Any] = [
        go.Scatter(
            x=xs,
            y=[_value(s.fresh, y) for s in front],
            mode="lines+markers",
            name="fresh runs",
            text=labels,
            marker={"color": colour(0), "size": 10},
            error_y={"type": "data", "array": [_error(s.fresh, y) for s in front]},
            hovertemplate="%{text}<br>%{x:.3g}, %{y:.3g}<extra>fresh runs</extra>",
        ),
        go.Scatter(
            x=[_value(s.objectives, x) if x else k + 1 for k, s in enumerate(front)],
            y=[_value(s.objectives, y) for s in front],
            mode="markers",
            name="search estimate",
            text=labels,
            marker={"color": colour(0), "size": 9, "symbol": "circle-open"},
            hovertemplate="%{text}<br>%{x:.3g}, %{y:.3g}<extra>search</extra>",
        ),
    ]
    base = doc.baseline.fresh
    traces.append(
        go.Scatter(
            x=[_value(base, x) if x else 0],
            y=[_value(base, y)],
            mode="markers+text",
            name="the scenario as written",
            text=["as written"],
            textposition="top center",
            marker={"color": ACCENT, "size": 16, "symbol": "star"},
            error_y={"type": "data", "array": [_error(base, y)]},
        )
    )
    title = f"{doc.holder}'s strategies: {y}" + (f" against {x}" if x else "")
    layout = base_layout(title, x or "strategy (best first)", y)
    layout["showlegend"] = True
    return figure(traces, layout)


def settings_table(doc: OptimizeDocument) -> Table:
    """One row per strategy: its figures (fresh) and what it changes from the file."""
    names = [o.name for o in doc.objectives]
    rows = []
    for s in doc.front:
        figs = [_cell(s.fresh.get(n)) for n in names]
        rows.append([f"trial {s.trial}", *figs, "; ".join(s.changes) or "as written"])
    base = doc.baseline
    written = "; ".join(f"{k}: {_settings(v)}" for k, v in base.levers.items())
    rows.append(["as written", *[_cell(base.fresh.get(n)) for n in names], written])
    return Table(
        caption=f"Strategies and their settings (figures from {doc.fresh_runs} fresh runs)",
        columns=["strategy", *[f"{n} (± s.e.)" for n in names], "settings"],
        rows=rows,
    )


def _cell(entry: Estimate | None) -> str:
    if entry is None or entry.value is None:
        return "-"
    se = entry.stderr
    return f"{entry.value:.3g}" + (f" ± {se:.2g}" if se is not None else "")


def _settings(values: Mapping[str, Setting]) -> str:
    """A lever's settings (open by schema: each lever has its own) as text."""
    shown = [("on" if v else "off") if k == "on" else f"{k} {v}" for k, v in values.items()]
    return ", ".join(shown)


def _curse_text(doc: OptimizeDocument) -> str:
    curse = doc.winners_curse.mean_optimism
    parts = [f"{n}: {v:+.3g}" for n, v in curse.items() if v is not None]
    rob = doc.robustness
    text = (
        f"{doc.sampler} search over {doc.trials} strategies × {doc.runs} runs "
        f"(seed {doc.seed}), the same runs for every strategy. The search's estimate minus "
        f"the fresh runs' figure, on average over the front (winner's curse): "
        + ", ".join(parts)
        + "."
    )
    if rob is not None:
        text += (
            f" Across {rob.input_draws} draws of the uncertain inputs, the best on average is "
            f"{rob.best_on_average}; the best in the worst decile is {rob.best_worst_decile}."
        )
    return text + " A model's answer under the scenario's assumptions."


def optimize_section(doc: OptimizeDocument | None) -> Section | None:
    """The section of a strategy search (None without one)."""
    if doc is None or not doc.front:
        return None
    return Section(
        key="optimize",
        title=f"What should {doc.holder} do? The best strategies found",
        text=_curse_text(doc),
        tables=[settings_table(doc)],
        figures=[Figure(key="optimize-front", figure=front_figure(doc))],
    )
