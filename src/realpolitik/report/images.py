"""The report's figures as PNG or SVG files, drawn with matplotlib (no browser).

Plotly's own image export needs a browser (Kaleido); instead, the few trace
kinds the report uses (lines, markers, filled bands, bars, heatmaps) are
redrawn with matplotlib from the same figure objects, so the images and the
HTML show the same data. No pyplot: figures are plain objects (thread-safe).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
from matplotlib.axes import Axes
from matplotlib.figure import Figure as MplFigure
from matplotlib.ticker import PercentFormatter

from realpolitik.errors import InputError
from realpolitik.report.build import ReportData, sections

FORMATS = ("png", "svg")
_DASH = {"dash": "--", "dot": ":", "dashdot": "-."}
_MARKER = {"diamond": "D", "line-ns": "|", "circle": "o"}


def write_images(data: ReportData, directory: Path, fmt: str = "png") -> list[Path]:
    """Write every figure of the report as ``<directory>/<key>.<fmt>``.

    Args:
        data: the report's data.
        directory: where to write (created if missing).
        fmt: ``"png"`` or ``"svg"``.

    Returns:
        The files written, in report order.
    """
    if fmt not in FORMATS:
        raise InputError.one(f"unknown image format '{fmt}'; use png or svg", field="--format")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError.one(
            f"cannot create the folder: {exc.strerror}", file=str(directory)
        ) from None
    written = []
    for section in sections(data):
        for f in section.figures:
            path = directory / f"{f.key}.{fmt}"
            save_figure(f.figure, path)
            written.append(path)
    return written


def save_figure(fig: go.Figure, path: Path) -> None:
    """Draw a Plotly figure with matplotlib and save it (format from the suffix)."""
    to_matplotlib(fig).savefig(path, dpi=110, bbox_inches="tight")


def to_matplotlib(fig: go.Figure) -> MplFigure:
    """A matplotlib figure showing the same traces and titles as a Plotly figure."""
    layout = fig.layout
    height = (layout.height or 420) / 100
    mpl = MplFigure(figsize=(9.0, max(2.4, height)))
    ax = mpl.subplots()
    cats = _Categories(fig)
    previous: Sequence[float] | None = None
    bars = [t for t in fig.data if isinstance(t, go.Bar)]
    grouped = layout.barmode == "group" and len(bars) > 1
    for trace in fig.data:
        if isinstance(trace, go.Heatmap):
            _heatmap(ax, mpl, trace, cats)
        elif isinstance(trace, go.Bar):
            slot = (bars.index(trace), len(bars)) if grouped else (0, 1)
            _bar(ax, trace, cats, slot)
        elif isinstance(trace, go.Scatter):
            _scatter(ax, trace, cats, previous)
            previous = list(trace.y) if trace.y is not None else None
    _decorate(ax, layout, cats)
    return mpl


class _Categories:
    """Positions of category labels (months, row names) on each axis."""

    def __init__(self, fig: go.Figure) -> None:
        self.x: list[str] = []
        self.y: list[str] = []
        for trace in fig.data:
            for axis, values in (("x", trace.x), ("y", trace.y)):
                for v in values if values is not None else ():
                    labels = getattr(self, axis)
                    if isinstance(v, str) and v not in labels:
                        labels.append(v)

    def map(self, axis: str, values: Any) -> list[float]:
        labels: list[str] = getattr(self, axis)
        if values is None:
            return []
        return [float(labels.index(v)) if isinstance(v, str) else float(v) for v in values]


def _scatter(ax: Axes, t: go.Scatter, cats: _Categories, previous: Sequence[float] | None) -> None:
    xs, ys = cats.map("x", t.x), cats.map("y", t.y)
    mode = t.mode or "lines"
    name = None if t.showlegend is False else t.name
    if t.fill == "tonexty" and previous is not None:
        ax.fill_between(xs, list(previous), ys, color=_rgba(t.fillcolor), label=name, lw=0)
        return
    if "lines" in mode and (t.line.width is None or t.line.width > 0):
        style = "steps-post" if t.line.shape == "hv" else "default"
        ax.plot(
            xs,
            ys,
            color=_rgba(t.line.color),
            lw=t.line.width or 2,
            ls=_DASH.get(t.line.dash or "", "-"),
            label=name,
            drawstyle=style,
        )
        name = None
    if "markers" in mode:
        _markers(ax, t, xs, ys, name)
    if "text" in mode and t.text is not None:
        sizes = t.marker.size if isinstance(t.marker.size, list | tuple) else [8] * len(xs)
        for x, y, s, size in zip(xs, ys, t.text, sizes, strict=False):
            ax.annotate(
                str(s),
                (x, y),
                textcoords="offset points",
                xytext=(0, size * 0.4 + 4),
                ha="center",
                fontsize=8,
            )


def _markers(ax: Axes, t: go.Scatter, xs: list[float], ys: list[float], name: str | None) -> None:
    size = t.marker.size
    sizes = [s**2 / 2 for s in size] if isinstance(size, list | tuple) else (size or 6) ** 2 / 2
    col = t.marker.color if t.marker.color is not None else t.line.color
    colours = [_rgba(c) for c in col] if isinstance(col, list | tuple) else _rgba(col)
    ax.scatter(
        xs,
        ys,
        s=sizes,
        c=colours,
        marker=_MARKER.get(t.marker.symbol or "", "o"),
        alpha=t.marker.opacity or 1.0,
        label=name,
        zorder=3,
    )


def _bar(ax: Axes, t: go.Bar, cats: _Categories, slot: tuple[int, int]) -> None:
    """Bars; ``slot`` = (k, m): the k-th of m bars grouped side by side on each row."""
    base = list(t.base) if isinstance(t.base, list | tuple) else t.base or 0.0
    colour = _rgba(t.marker.color)
    err = None if t.error_x is None or t.error_x.array is None else list(t.error_x.array)
    k, m = slot
    width = (t.width or 0.8) / m
    shift = (k - (m - 1) / 2) * width
    if t.orientation == "h":
        ax.barh(
            [y + shift for y in cats.map("y", t.y)],
            list(t.x),
            left=base,
            height=width,
            color=colour,
            label=t.name,
            xerr=err,
        )
    else:
        ax.bar(cats.map("x", t.x), list(t.y), bottom=base, color=colour, label=t.name)


def _heatmap(ax: Axes, mpl: MplFigure, t: go.Heatmap, cats: _Categories) -> None:
    image = ax.imshow(
        [list(r) for r in t.z],
        aspect="auto",
        cmap="Blues",
        vmin=t.zmin,
        vmax=t.zmax,
        interpolation="nearest",
        origin="lower",
    )
    bar = mpl.colorbar(image, ax=ax)
    bar.ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xticks(range(len(t.x)), list(t.x), rotation=45, ha="right")
    ax.set_yticks(range(len(t.y)), list(t.y))
    cats.x, cats.y = [], []


def _decorate(ax: Axes, layout: Any, cats: _Categories) -> None:
    ax.set_title(layout.title.text or "", loc="left")
    ax.set_xlabel(layout.xaxis.title.text or "")
    ax.set_ylabel(layout.yaxis.title.text or "")
    for axis, setter, labels in (("x", ax.set_xticks, cats.x), ("y", ax.set_yticks, cats.y)):
        if labels:
            step = max(1, len(labels) // 12)
            setter(range(0, len(labels), step), labels[::step])
            if axis == "x" and max(len(str(v)) for v in labels) > 4:
                ax.tick_params(axis="x", labelrotation=45)
        rng = getattr(layout, f"{axis}axis").range
        if rng is not None and not labels:
            (ax.set_xlim if axis == "x" else ax.set_ylim)(*rng)
        if getattr(layout, f"{axis}axis").tickformat == ".0%":
            (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(PercentFormatter(1.0))
    if layout.yaxis.autorange == "reversed":
        ax.invert_yaxis()
    ax.grid(alpha=0.3)
    if ax.get_legend_handles_labels()[0] and layout.showlegend is not False:
        ax.legend(fontsize=8, loc="best")


def _rgba(value: Any) -> Any:
    """A Plotly colour (``"#hex"``, ``"rgba(r, g, b, a)"``, None) as a matplotlib colour."""
    if not isinstance(value, str) or not value.startswith("rgb"):
        return value
    nums = [float(v) for v in value[value.index("(") + 1 : value.index(")")].split(",")]
    rgb = tuple(v / 255 for v in nums[:3])
    return (*rgb, nums[3]) if len(nums) == 4 else rgb
