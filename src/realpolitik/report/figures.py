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
    single = len(rounds) == 1  # a static model: each actor side by side, not one column of dots
    mode = "lines+markers" if not single else "markers"
    cols = list(colours or [colour(k) for k in range(len(positions))])
    traces = [
        go.Scatter(
            x=[actor] if single else list(rounds),
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
                x=["forecast"] if single else list(rounds),
                y=list(forecast),
                mode=mode,
                name="forecast",
                line={"color": "black", "width": 3, "dash": "dash"},
                marker={"color": "black", "size": 10, "symbol": "diamond"},
            )
        )
    if single:
        layout = base_layout(title, "actor (one round: the model is static)", y_title)
        layout["xaxis"]["type"] = "category"
    else:
        layout = base_layout(title, "round", y_title)
    if len(rounds) <= 20 and not single:
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
    salience_scale: float = 1.0,
) -> go.Figure:
    """The actors on one dimension: position across, salience up, bubble area = capability.

    Every actor shows: actors at the same point are spread apart a little
    (their labels stacked, the hover gives each one's true values), labels
    are drawn outside the plot area when they reach its edge (never clipped),
    and salience is on the scale the tables use (0-100 when ``salience_scale``
    is 100).

    Args:
        title: the figure's title.
        actors: actor labels.
        position: each actor's position (the mean of an uncertain one).
        salience: each actor's salience on [0, 1] (drawn times ``salience_scale``).
        capability: each actor's capability (any unit; only ratios matter).
        x_title: the issue's scale.
        bounds: the issue's bounds, for the x axis range.
        forecast: the forecast on this dimension, drawn as a vertical line.
        colours: one colour per actor (default: the palette in order).
    """
    top = max(capability) if capability else 1.0
    sizes = [12 + 48 * math.sqrt(max(c, 0.0) / top) for c in capability]
    ys = [s * salience_scale for s in salience]
    width = (bounds[1] - bounds[0]) if bounds is not None else (max(position, default=1) or 1)
    xs, labels = _spread(list(position), ys, list(actors), 0.012 * width)
    traces: list[Any] = [
        go.Scatter(
            x=xs,
            y=ys,
            mode="markers+text",
            text=labels,
            textposition="top center",
            cliponaxis=False,
            marker={
                "size": sizes,
                "color": list(colours or [colour(k) for k in range(len(actors))]),
                "opacity": 0.7,
                "line": {"color": "white", "width": 1},
            },
            customdata=[[a, p, c] for a, p, c in zip(actors, position, capability, strict=True)],
            hovertemplate="%{customdata[0]}<br>position %{customdata[1]:.3g}<br>salience "
            "%{y:.3g}<br>capability %{customdata[2]:.3g}<extra></extra>",
            name="actors",
            showlegend=False,
        )
    ]
    if forecast is not None:
        traces.append(_vertical(forecast, "forecast", (0.0, 1.05 * salience_scale)))
    scale = f" (0-{salience_scale:g})" if salience_scale != 1 else " (0-1)"
    layout = base_layout(title, x_title, "salience" + scale)
    layout["yaxis"]["range"] = [0.0, 1.2 * salience_scale]
    layout.setdefault("margin", {}).update({"l": 70, "r": 70})
    if bounds is not None:
        layout["xaxis"]["range"] = _padded(bounds)
    return figure(traces, layout)


def _spread(
    xs: list[float], ys: list[float], labels: list[str], step: float
) -> tuple[list[float], list[str]]:
    """Actors at the same point side by side (``step`` apart), one label for the group.

    Germany and the Netherlands at the same position and salience were drawn
    one on top of the other; now both bubbles show, and the group's label
    names them all.
    """
    groups: dict[tuple[float, float], list[int]] = {}
    for k, point in enumerate(zip(xs, ys, strict=True)):
        groups.setdefault((round(point[0], 9), round(point[1], 9)), []).append(k)
    out_x, out_labels = list(xs), list(labels)
    for members in groups.values():
        if len(members) < 2:
            continue
        for i, k in enumerate(members):
            out_x[k] = xs[k] + (i - (len(members) - 1) / 2) * step
            out_labels[k] = " / ".join(labels[m] for m in members) if i == 0 else ""
    return out_x, out_labels


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
