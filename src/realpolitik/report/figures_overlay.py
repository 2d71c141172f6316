"""Any number of runs or models overlaid in one chart.

From result documents (a stored run's summary, or ``{"forecast": …}`` of a
model): each issue's value per series — a forecast, or a simulation's median
with its 90% interval as error bars — as one trace per series on shared axes;
and, for wars, each series' probability that the settlement has happened by
each month. Plot functions return a figure and never show it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go

from realpolitik.report._style import base_layout, colour, figure
from realpolitik.results.headline import SETTLEMENT
from realpolitik.results.schemas import (
    DynamicDocument,
    RunDocument,
    SimulationDocument,
    Summary,
    check_document,
    schema_kind,
)

Overlaid = RunDocument | SimulationDocument | DynamicDocument
"""A document with values to overlay: a run's forecast, a simulation's distributions."""


@dataclass(frozen=True, kw_only=True)
class Series:
    """One run or model: its label and, per issue (dimension), value and 90% interval."""

    label: str
    values: dict[str, float] = field(default_factory=dict)
    low: dict[str, float] = field(default_factory=dict)
    high: dict[str, float] = field(default_factory=dict)
    settlement: dict[str, float] = field(default_factory=dict)


def overlaid(data: Mapping[str, Any] | None) -> Overlaid | None:
    """A stored run's summary, typed when it has values to overlay (else None: a backtest ...).

    Raises:
        InputError: a run or simulation document that is damaged (every problem with its field).
    """
    if data is None or schema_kind(data) not in ("run", "simulate", "simulate-dynamic"):
        return None
    doc = check_document(dict(data))
    return doc if isinstance(doc, Overlaid) else None


def series_of(label: str, doc: Overlaid | None) -> Series:
    """The overlay data of one result document."""
    s = Series(label=label)
    if isinstance(doc, RunDocument):
        return forecast_series(label, doc.forecast)
    if doc is None:
        return s
    for issue_id, summary in doc.issues.items():
        _summary(s, issue_id, summary)
    if isinstance(doc, DynamicDocument):
        if doc.terms is not None:
            _summary(s, "war terms", doc.terms)
        settlement = doc.events.get(SETTLEMENT)
        by = {} if settlement is None else settlement.probability_by
        s.settlement.update({str(k): float(v) for k, v in by.items()})
    return s


def forecast_series(label: str, forecast: Mapping[str, Any]) -> Series:
    """The overlay data of a forecast (a value per issue: a number, or one per dimension)."""
    s = Series(label=label)
    for issue_id, value in forecast.items():
        _put(s.values, issue_id, value)
    return s


def _put(target: dict[str, float], key: str, value: Any) -> None:
    if isinstance(value, list | tuple):
        for d, v in enumerate(value):
            target[f"{key}[{d + 1}]"] = float(v)
    elif isinstance(value, int | float):
        target[key] = float(value)


def _summary(s: Series, key: str, summary: Summary) -> None:
    _put(s.values, key, summary.median)
    _put(s.low, key, summary.quantiles.q05)
    _put(s.high, key, summary.quantiles.q95)


def overlay_figure(series: Sequence[Series], title: str = "Forecast of each issue") -> go.Figure:
    """Each series' value on every issue, side by side; bars: 90% interval when known."""
    keys = list(dict.fromkeys(k for s in series for k in s.values))
    traces = []
    for k, s in enumerate(series):
        xs = [key for key in keys if key in s.values]
        ys = [s.values[key] for key in xs]
        err = None
        if any(key in s.low and key in s.high for key in xs):
            err = {
                "type": "data",
                "symmetric": False,
                "array": [s.high.get(key, y) - y for key, y in zip(xs, ys, strict=True)],
                "arrayminus": [y - s.low.get(key, y) for key, y in zip(xs, ys, strict=True)],
            }
        traces.append(
            go.Scatter(
                x=xs,
                y=ys,
                mode="markers",
                name=s.label,
                marker={"size": 11, "color": colour(k), "symbol": k % 12},
                error_y=err,
                offsetgroup=str(k),
                hovertemplate="%{x}: %{y:.4g}<extra>" + s.label.replace("<", "‹") + "</extra>",
            )
        )
    layout = base_layout(title, "issue", "value on the issue's scale", scattermode="group")
    layout["legend"] = {"orientation": "h", "y": -0.25}
    layout["height"] = 460
    return figure(traces, layout)


def settlement_figure(series: Sequence[Series]) -> go.Figure | None:
    """Each war series' probability that the settlement has happened by each month."""
    wars = [(k, s) for k, s in enumerate(series) if s.settlement]
    if not wars:
        return None
    traces = [
        go.Scatter(
            x=list(s.settlement),
            y=list(s.settlement.values()),
            mode="lines+markers",
            name=s.label,
            line={"color": colour(k)},
        )
        for k, s in wars
    ]
    layout = base_layout(
        "Probability that the war has been settled, by month", "month", "probability"
    )
    layout["yaxis"]["range"] = [0, 1]
    layout["legend"] = {"orientation": "h", "y": -0.25}
    return figure(traces, layout)
