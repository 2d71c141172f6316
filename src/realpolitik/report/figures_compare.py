"""The figure of ``realpolitik compare``: every model's outcome on one issue, one row each.

Plot functions return a figure and never show it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from realpolitik.report._style import (
    ACCENT,
    BAND,
    band_label,
    base_layout,
    figure,
    median_of,
    quantile_pairs,
)


def compare_figure(
    title: str,
    models: Sequence[str],
    forecast: Sequence[float],
    *,
    quantiles: Mapping[float, Sequence[float]] | None = None,
    x_title: str = "outcome",
    bounds: tuple[float, float] | None = None,
) -> go.Figure:
    """Models side by side on one issue (one dimension): a row per model.

    Args:
        title: the figure's title (the issue).
        models: the models' names, one row each.
        forecast: each model's forecast at the inputs' means (a diamond).
        quantiles: per level (``0.05``, ``0.5``, ...), each model's quantile of
            the outcome over the Monte Carlo runs (bands and a median tick).
        x_title: the issue's scale.
        bounds: the issue's bounds, for the x axis range.
    """
    traces: list[Any] = []
    if quantiles:
        pairs = quantile_pairs(dict(quantiles))
        for k, (lo, hi) in enumerate(pairs):
            alpha = 0.25 + 0.5 * (k + 1) / len(pairs)
            traces.append(_band(models, quantiles[lo], quantiles[hi], band_label(lo, hi), alpha))
        median = median_of(quantiles)
        if median is not None:
            traces.append(_marks(models, median, "median over the runs", "line-ns", "black", 26))
    traces.append(_marks(models, forecast, "forecast at the means", "diamond", ACCENT, 12))
    layout = base_layout(title, x_title, "", barmode="overlay")
    layout["height"] = 180 + 45 * len(models)
    layout["yaxis"]["autorange"] = "reversed"
    if bounds is not None:
        layout["xaxis"]["range"] = list(bounds)
    return figure(traces, layout)


def _band(
    rows: Sequence[str], lo: Sequence[float], hi: Sequence[float], name: str, alpha: float
) -> go.Bar:
    return go.Bar(
        y=list(rows),
        x=[b - a for a, b in zip(lo, hi, strict=True)],
        base=list(lo),
        orientation="h",
        name=name,
        marker={"color": BAND.format(alpha=round(alpha, 2))},
        width=0.5,
        hovertemplate="%{y}: %{base:.3g} to %{customdata:.3g}<extra>" + name + "</extra>",
        customdata=list(hi),
    )


def _marks(
    rows: Sequence[str], x: Sequence[float], name: str, symbol: str, col: str, size: int
) -> go.Scatter:
    return go.Scatter(
        y=list(rows),
        x=list(x),
        mode="markers",
        name=name,
        marker={"symbol": symbol, "color": col, "size": size, "line": {"width": 2, "color": col}},
        hovertemplate="%{y}: %{x:.3g}<extra>" + name + "</extra>",
    )
