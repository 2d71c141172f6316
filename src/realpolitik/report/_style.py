"""Shared look of every figure: colours, fonts, margins, number formats.

Plot functions build on :func:`base_layout` so the HTML report, the web app and
the PNG/SVG export show the same picture.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import plotly.graph_objects as go
from pydantic import BaseModel

PALETTE = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#ff7f0e",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)
"""Qualitative colours (matplotlib's tab10), assigned to actors in file order."""

BAND = "rgba(31, 119, 180, {alpha})"
"""Colour of quantile bands; the alpha grows toward the median."""

ACCENT = "#d62728"

_T = TypeVar("_T")


def colour(k: int) -> str:
    """The colour of the ``k``-th actor or series (cycling)."""
    return PALETTE[k % len(PALETTE)]


def base_layout(title: str, x_title: str = "", y_title: str = "", **extra: Any) -> dict[str, Any]:
    """A plain white layout with a title and axis titles."""
    layout: dict[str, Any] = {
        "title": {"text": title, "x": 0.0, "xanchor": "left"},
        "template": "simple_white",
        "font": {"family": "Helvetica, Arial, sans-serif", "size": 13},
        "margin": {"l": 70, "r": 30, "t": 60, "b": 60},
        "xaxis": {"title": {"text": x_title}, "showgrid": True},
        "yaxis": {"title": {"text": y_title}, "showgrid": True},
        "legend": {"orientation": "v"},
        "height": 420,
    }
    layout.update(extra)
    return layout


def figure(traces: Sequence[Any], layout: dict[str, Any]) -> go.Figure:
    """A figure from traces and a layout (never shown: callers decide)."""
    return go.Figure(data=list(traces), layout=layout)


def quantile_pairs(quantiles: dict[float, Any]) -> list[tuple[float, float]]:
    """Symmetric pairs ``(q, 1 - q)`` present in ``quantiles``, widest first.

    >>> quantile_pairs({0.05: 1, 0.25: 2, 0.5: 3, 0.75: 4, 0.95: 5})
    [(0.05, 0.95), (0.25, 0.75)]
    """
    lows = sorted(q for q in quantiles if q < 0.5)
    return [(q, _match(quantiles, 1.0 - q)) for q in lows if _has(quantiles, 1.0 - q)]


def median_of(quantiles: Mapping[float, _T]) -> _T | None:
    """The value at level 0.5 in ``quantiles``, or None when that level is absent."""
    return next((v for q, v in quantiles.items() if abs(q - 0.5) < 1e-9), None)


def _has(quantiles: dict[float, Any], q: float) -> bool:
    return any(abs(k - q) < 1e-9 for k in quantiles)


def _match(quantiles: dict[float, Any], q: float) -> float:
    return next(k for k in quantiles if abs(k - q) < 1e-9)


def parse_quantiles(raw: Mapping[str, Any]) -> dict[float, Any]:
    """``{"0.05": v, ...}`` (JSON keys) -> ``{0.05: v, ...}`` sorted by level."""
    return dict(sorted((float(k), v) for k, v in raw.items()))


def levels(quantiles: BaseModel) -> dict[float, Any]:
    """A typed document's quantiles (``Quantiles``, ``ScalarQuantiles``) by level, sorted.

    The levels are the fields' names in the document (``"0.05"`` ...), so a
    quantile added to the schema is drawn without a change here.
    """
    return parse_quantiles(quantiles.model_dump(by_alias=True))


def band_label(lo: float, hi: float) -> str:
    """``(0.05, 0.95)`` -> ``"90% band"``."""
    return f"{round((hi - lo) * 100):g}% band"
