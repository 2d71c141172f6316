"""Figures of a war-termination run on the monthly clock (docs/models/spec.md §4).

Months are ``"YYYY-MM"`` labels. Inputs are the plain data of the dynamic
``simulate`` document: probability of each event by month, quantiles of the
ground held, the bargaining range (L, U) of Fearon (1995), lever states.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from realpolitik.report._style import (
    BAND,
    band_label,
    base_layout,
    colour,
    figure,
    median_of,
    quantile_pairs,
)


def event_probability_figure(
    title: str,
    months: Sequence[str],
    probability_by: Mapping[str, Sequence[float]],
    *,
    median_month: Mapping[str, str | None] | None = None,
) -> go.Figure:
    """P(event has happened by month m), one curve per event.

    Args:
        title: the figure's title.
        months: the month labels (x axis).
        probability_by: per event name, the cumulative probability at each month.
        median_month: per event, the month by which it has happened in half the
            runs (None: not within the horizon); shown in the legend.
    """
    traces = []
    for k, (name, ps) in enumerate(probability_by.items()):
        med = (median_month or {}).get(name)
        label = f"{name} (median {med})" if med else name
        traces.append(
            go.Scatter(
                x=list(months),
                y=list(ps),
                mode="lines+markers",
                name=label,
                line={"color": colour(k), "width": 2, "shape": "hv"},
                marker={"size": 5},
            )
        )
    layout = base_layout(title, "month", "probability by then")
    layout["yaxis"].update(range=[0.0, 1.02], tickformat=".0%")
    return figure(traces, layout)


def fan_chart_figure(
    title: str,
    months: Sequence[str],
    quantiles: Mapping[float, Sequence[float]],
    *,
    y_title: str = "share of the disputed ground held",
    y_range: tuple[float, float] | None = (0.0, 1.0),
) -> go.Figure:
    """A fan chart: nested quantile bands over months around the median.

    Args:
        title: the figure's title.
        months: the month labels (x axis).
        quantiles: per level (``0.05``, ``0.5``, ...), the value at each month.
        y_title: what is measured.
        y_range: the y axis range (None: automatic).
    """
    pairs = quantile_pairs(dict(quantiles))
    traces: list[Any] = []
    for k, (lo, hi) in enumerate(pairs):
        alpha = 0.15 + 0.35 * (k + 1) / len(pairs)
        traces += _band_traces(months, quantiles[lo], quantiles[hi], band_label(lo, hi), alpha)
    median = median_of(quantiles)
    if median is not None:
        traces.append(_line(months, median, "median", "black"))
    layout = base_layout(title, "month", y_title)
    if y_range is not None:
        layout["yaxis"]["range"] = list(y_range)
    return figure(traces, layout)


def _line(months: Sequence[str], values: Sequence[float], name: str, col: str) -> go.Scatter:
    """A solid line of width 2 (a median)."""
    return go.Scatter(
        x=list(months), y=list(values), mode="lines", name=name, line={"color": col, "width": 2}
    )


def _band_traces(
    months: Sequence[str],
    lo: Sequence[float],
    hi: Sequence[float],
    name: str,
    alpha: float,
    rgba: str = BAND,
) -> list[go.Scatter]:
    """A shaded band: an invisible lower edge, then the upper edge filled down to it."""
    return [
        go.Scatter(
            x=list(months),
            y=list(lo),
            mode="lines",
            line={"width": 0},
            showlegend=False,
            hoverinfo="skip",
            name=f"{name} low",
        ),
        go.Scatter(
            x=list(months),
            y=list(hi),
            mode="lines",
            line={"width": 0},
            fill="tonexty",
            fillcolor=rgba.format(alpha=round(alpha, 3)),
            name=name,
        ),
    ]


def bargaining_range_figure(
    title: str,
    months: Sequence[str],
    lower: Mapping[float, Sequence[float]],
    upper: Mapping[float, Sequence[float]],
    *,
    y_title: str = "terms",
) -> go.Figure:
    """The bargaining range over months: A accepts x ≥ L, B accepts x ≤ U.

    Settlement is possible where L ≤ U (Fearon 1995). Each bound is drawn as
    its median with its widest quantile band.

    Args:
        title: the figure's title.
        months: the month labels.
        lower: quantiles of L by level (a single level ``0.5`` for one run).
        upper: quantiles of U by level.
        y_title: the scale of the terms (the war issue's).
    """
    traces: list[Any] = []
    for k, (name, qs) in enumerate((("L (A's minimum)", lower), ("U (B's maximum)", upper))):
        rgba = "rgba(31, 119, 180, {alpha})" if k == 0 else "rgba(214, 39, 40, {alpha})"
        pairs = quantile_pairs(dict(qs))
        if pairs:
            lo, hi = pairs[0]
            traces += _band_traces(
                months, qs[lo], qs[hi], f"{name} {band_label(lo, hi)}", 0.2, rgba
            )
        med = median_of(qs)
        if med is not None:
            traces.append(_line(months, med, name, colour(k)))
    layout = base_layout(title, "month", y_title)
    return figure(traces, layout)


def lever_timeline_figure(
    title: str, months: Sequence[str], active: Mapping[str, Sequence[float]]
) -> go.Figure:
    """A timeline of lever states: the share of runs in which each lever is on, by month.

    Args:
        title: the figure's title.
        months: the month labels.
        active: per lever name, the share of runs (0-1) in which it is active
            at each month (1 or 0 for a single run).
    """
    levers = list(active)
    z = [list(active[name]) for name in levers]
    trace = go.Heatmap(
        x=list(months),
        y=levers,
        z=z,
        zmin=0.0,
        zmax=1.0,
        colorscale=[[0.0, "#f7f7f7"], [1.0, "#1f77b4"]],
        colorbar={"title": {"text": "share on"}, "tickformat": ".0%"},
        hovertemplate="%{y}<br>%{x}: on in %{z:.0%} of runs<extra></extra>",
        xgap=1,
        ygap=2,
    )
    layout = base_layout(title, "month", "")
    layout["height"] = 160 + 40 * len(levers)
    return figure([trace], layout)


def conditioned_events_figure(
    months: Sequence[str],
    conditioned: Mapping[str, Sequence[float]],
    unconditioned: Mapping[str, Sequence[float]],
    as_of: str,
) -> go.Figure:
    """Each event's probability by month, conditioned on observations (solid) and not (dashed).

    Args:
        months: the month labels (x axis).
        conditioned, unconditioned: per event, the cumulative probability at each month.
        as_of: the month of the last observation (a vertical line).
    """
    traces = []
    for k, (name, ps) in enumerate(conditioned.items()):
        for dash, label, values in (
            ("solid", f"{name}, given what happened", ps),
            ("dash", f"{name}, as first forecast", unconditioned.get(name, [])),
        ):
            traces.append(
                go.Scatter(
                    x=list(months),
                    y=list(values),
                    mode="lines",
                    name=label,
                    line={"color": colour(k), "width": 2, "shape": "hv", "dash": dash},
                )
            )
    layout = base_layout(
        f"Probability of each event by month, given the observations through {as_of}",
        "month",
        "probability by then",
    )
    layout["yaxis"].update(range=[0.0, 1.02], tickformat=".0%")
    layout["shapes"] = [
        {
            "type": "line",
            "x0": as_of,
            "x1": as_of,
            "y0": 0,
            "y1": 1,
            "yref": "paper",
            "line": {"color": "#888", "dash": "dot", "width": 1},
        }
    ]
    return figure(traces, layout)
