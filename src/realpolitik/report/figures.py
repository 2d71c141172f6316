"""Figures of a deterministic run: positions round by round, and the actors' map.

Every function takes plain data (lists, dicts of the JSON documents) and
returns a Plotly figure; none shows it (DESIGN.md, convention 7).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from realpolitik.report._style import ACCENT, base_layout, colour, figure


def trajectory_figure(
    title: str,
    rounds: Sequence[int],
    positions: Mapping[str, Sequence[float]],
    *,
    forecast: Sequence[float] | None = None,
    y_title: str = "position",
    bounds: tuple[float, float] | None = None,
    colours: Sequence[str] | None = None,
) -> go.Figure:
    """Each actor's position on one dimension of an issue, round by round.

    Args:
        title: the figure's title.
        rounds: round numbers (0 = the input).
        positions: per actor label, its position at each round.
        forecast: the model's forecast at each round (median of the
            capability-and-salience weighted positions), drawn dashed.
        y_title: the issue's scale.
        bounds: the issue's bounds, for the y axis range.
        colours: one colour per actor (default: the palette in order), so that an
            actor keeps its colour in every figure.
    """
    mode = "lines+markers" if len(rounds) > 1 else "markers"
    cols = list(colours or [colour(k) for k in range(len(positions))])
    traces = [
        go.Scatter(
            x=list(rounds),
            y=list(ys),
            mode=mode,
            name=actor,
            line={"color": cols[k], "width": 2},
            marker={"color": cols[k], "size": 8},
        )
        for k, (actor, ys) in enumerate(positions.items())
    ]
    if forecast is not None:
        traces.append(
            go.Scatter(
                x=list(rounds),
                y=list(forecast),
                mode=mode,
                name="forecast",
                line={"color": "black", "width": 3, "dash": "dash"},
                marker={"color": "black", "size": 10, "symbol": "diamond"},
            )
        )
    layout = base_layout(title, "round", y_title)
    if len(rounds) <= 20:
        layout["xaxis"]["dtick"] = 1
        layout["xaxis"]["range"] = [min(rounds) - 0.5, max(rounds) + 0.5]
    if bounds is not None:
        layout["yaxis"]["range"] = _padded(bounds)
    return figure(traces, layout)


def actor_bubble_figure(
    title: str,
    actors: Sequence[str],
    position: Sequence[float],
    salience: Sequence[float],
    capability: Sequence[float],
    *,
    x_title: str = "position",
    bounds: tuple[float, float] | None = None,
    forecast: float | None = None,
    colours: Sequence[str] | None = None,
) -> go.Figure:
    """The actors on one dimension: position across, salience up, bubble area = capability.

    Args:
        title: the figure's title.
        actors: actor labels.
        position: each actor's position (the mean of an uncertain one).
        salience: each actor's salience on [0, 1].
        capability: each actor's capability (any unit; only ratios matter).
        x_title: the issue's scale.
        bounds: the issue's bounds, for the x axis range.
        forecast: the forecast on this dimension, drawn as a vertical line.
        colours: one colour per actor (default: the palette in order).
    """
    top = max(capability) if capability else 1.0
    sizes = [12 + 48 * math.sqrt(max(c, 0.0) / top) for c in capability]
    traces: list[Any] = [
        go.Scatter(
            x=list(position),
            y=list(salience),
            mode="markers+text",
            text=list(actors),
            textposition="top center",
            marker={
                "size": sizes,
                "color": list(colours or [colour(k) for k in range(len(actors))]),
                "opacity": 0.7,
                "line": {"color": "white", "width": 1},
            },
            customdata=list(capability),
            hovertemplate="%{text}<br>position %{x:.3g}<br>salience %{y:.2f}"
            "<br>capability %{customdata:.3g}<extra></extra>",
            name="actors",
            showlegend=False,
        )
    ]
    if forecast is not None:
        traces.append(_vertical(forecast, "forecast", (0.0, 1.05)))
    layout = base_layout(title, x_title, "salience")
    layout["yaxis"]["range"] = [0.0, 1.2]
    if bounds is not None:
        layout["xaxis"]["range"] = _padded(bounds)
    return figure(traces, layout)


def _vertical(x: float, name: str, span: tuple[float, float]) -> go.Scatter:
    return go.Scatter(
        x=[x, x],
        y=list(span),
        mode="lines",
        name=name,
        line={"color": ACCENT, "width": 2, "dash": "dash"},
    )


def _padded(bounds: tuple[float, float], pad: float = 0.04) -> list[float]:
    lo, hi = bounds
    span = hi - lo
    return [lo - pad * span, hi + pad * span]
