"""Figures of a Monte Carlo run: outcome distributions and sensitivity (tornado).

Inputs are the plain data of the ``simulate`` JSON document: per issue a mean,
quantiles keyed by level and the probability of each named range; sensitivity
indices per input (Sobol: Saltelli 2002; Morris 1991, via SALib).
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
    colour,
    figure,
    median_of,
    quantile_pairs,
)


def outcome_distribution_figure(
    title: str,
    rows: Sequence[str],
    quantiles: Mapping[float, Sequence[float]],
    *,
    mean: Sequence[float] | None = None,
    x_title: str = "outcome",
    bounds: tuple[float, float] | None = None,
) -> go.Figure:
    """The distribution of an issue's outcome as nested quantile bands.

    Args:
        title: the figure's title.
        rows: one label per dimension of the issue (one row each).
        quantiles: per level (``0.05``, ``0.5``, ...), the value on each row.
        mean: the mean on each row, drawn as a diamond.
        x_title: the issue's scale.
        bounds: the issue's bounds, for the x axis range.
    """
    pairs = quantile_pairs(dict(quantiles))
    traces: list[Any] = []
    for k, (lo, hi) in enumerate(pairs):
        alpha = 0.25 + 0.5 * (k + 1) / len(pairs)
        traces.append(_band(rows, quantiles[lo], quantiles[hi], band_label(lo, hi), alpha))
    median = median_of(quantiles)
    if median is not None:
        traces.append(_points(rows, median, "median", "line-ns", "black", 26))
    if mean is not None:
        traces.append(_points(rows, mean, "mean", "diamond", ACCENT, 11))
    layout = base_layout(title, x_title, "", barmode="overlay")
    layout["height"] = 180 + 50 * len(rows)
    layout["yaxis"]["autorange"] = "reversed"
    if bounds is not None:
        layout["xaxis"]["range"] = list(bounds)
    return figure(traces, layout)


def _band(
    rows: Sequence[str], lo: Sequence[float], hi: Sequence[float], name: str, alpha: float
) -> go.Bar:
    return go.Bar(
        y=list(rows),
        x=[h - lo_ for lo_, h in zip(lo, hi, strict=True)],
        base=list(lo),
        orientation="h",
        name=name,
        marker={"color": BAND.format(alpha=round(alpha, 3))},
        width=0.5,
        hovertemplate="%{base:.3g} to %{x:.3g} wider<extra>" + name + "</extra>",
    )


def _points(
    rows: Sequence[str], xs: Sequence[float], name: str, symbol: str, col: str, size: int
) -> go.Scatter:
    return go.Scatter(
        x=list(xs),
        y=list(rows),
        mode="markers",
        name=name,
        marker={"symbol": symbol, "color": col, "size": size, "line": {"width": 2, "color": col}},
    )


def range_probability_figure(
    title: str,
    probabilities: Mapping[str, float],
    *,
    stderr: Mapping[str, float] | None = None,
) -> go.Figure:
    """The probability of each named range of outcomes, with its Monte Carlo error.

    Args:
        title: the figure's title.
        probabilities: per label (``"budget: middle"``), a probability.
        stderr: per label, the standard error of the estimate (error bars of ±2).
    """
    labels = list(probabilities)
    errors = stderr or {}
    bar: dict[str, Any] = {
        "y": [_with_value(k, probabilities[k], errors.get(k)) for k in labels],
        "x": [probabilities[k] for k in labels],
        "orientation": "h",
        "name": "probability",
        "marker": {"color": colour(0)},
    }
    if stderr:
        bar["error_x"] = {"type": "data", "array": [2 * stderr.get(k, 0.0) for k in labels]}
    layout = base_layout(title, "probability", "")
    layout["xaxis"]["range"] = [0.0, 1.1]
    layout["xaxis"]["tickformat"] = ".0%"
    layout["yaxis"]["autorange"] = "reversed"
    layout["height"] = 160 + 40 * len(labels)
    layout["showlegend"] = False
    return figure([go.Bar(**bar)], layout)


def _with_value(label: str, p: float, err: float | None) -> str:
    """``"deal: middle — 60% ± 3%"`` (± two standard errors)."""
    margin = f" ± {2 * err:.0%}" if err else ""
    return f"{label} — {p:.0%}{margin}"


def sensitivity_figure(
    title: str,
    indices: Mapping[str, Mapping[str, float]],
    *,
    measures: Sequence[str] | None = None,
    x_title: str = "index",
    top: int | None = 12,
) -> go.Figure:
    """A tornado chart: which uncertain input moves the output most.

    Inputs are sorted by the first measure, largest on top; a measure
    ``X`` with a ``X_conf`` entry gets error bars (SALib's 95% confidence).

    Args:
        title: the figure's title.
        indices: per input name, its indices (``{"ST": .., "S1": .., "ST_conf": ..}``
            for Sobol, ``{"mu_star": .., "sigma": ..}`` for Morris).
        measures: which indices to draw (default: every key not ending ``_conf``,
            in the order of the first input).
        x_title: what the indices measure.
        top: show only this many inputs, the most influential (None: all); the
            title then says how many were left out.
    """
    first = next(iter(indices.values()), {})
    shown = list(measures or [m for m in first if not m.endswith("_conf")])
    key = shown[0] if shown else ""
    inputs = sorted(indices, key=lambda name: -abs(indices[name].get(key, 0.0)))
    if top is not None and len(inputs) > top:
        title = f"{title} — the {top} most influential of {len(inputs)} inputs"
        inputs = inputs[:top]
    traces = [_measure_bars(inputs, indices, m, k) for k, m in enumerate(shown)]
    layout = base_layout(title, x_title, "", barmode="group")
    layout["yaxis"]["autorange"] = "reversed"
    layout["height"] = 180 + 32 * len(inputs) * max(1, len(shown))
    return figure(traces, layout)


def _measure_bars(
    inputs: Sequence[str], indices: Mapping[str, Mapping[str, float]], measure: str, k: int
) -> go.Bar:
    bar: dict[str, Any] = {
        "y": list(inputs),
        "x": [indices[i].get(measure, 0.0) for i in inputs],
        "orientation": "h",
        "name": measure,
        "marker": {"color": colour(k)},
    }
    conf = [indices[i].get(f"{measure}_conf") for i in inputs]
    if all(c is not None for c in conf):
        bar["error_x"] = {"type": "data", "array": conf}
    return go.Bar(**bar)
