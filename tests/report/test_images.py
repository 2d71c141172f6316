"""PNG and SVG figures, drawn by matplotlib from the same figure objects (no browser)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from matplotlib.collections import PolyCollection
from matplotlib.image import AxesImage
from matplotlib.patches import Rectangle

from realpolitik.errors import InputError
from realpolitik.report import ReportData, write_images
from realpolitik.report import figures_dynamics as fd
from realpolitik.report import figures_mc as fm
from realpolitik.report.images import to_matplotlib
from tests.report.helpers import MONTHS, dynamic_document, typed


def test_fan_chart_becomes_one_filled_band_per_pair_and_the_median() -> None:
    qs = {0.05: [0.1, 0.2], 0.25: [0.3, 0.35], 0.5: [0.5, 0.5], 0.75: [0.6, 0.7], 0.95: [0.9, 0.95]}
    ax = to_matplotlib(fd.fan_chart_figure("g", MONTHS[:2], qs)).axes[0]
    bands = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(bands) == 2
    (median,) = ax.get_lines()
    assert list(median.get_ydata()) == [0.5, 0.5]
    assert [t.get_text() for t in ax.get_xticklabels()] == MONTHS[:2]


def test_grouped_bars_sit_side_by_side() -> None:
    indices = {"a": {"ST": 0.5, "S1": 0.4}, "b": {"ST": 0.2, "S1": 0.1}}
    ax = to_matplotlib(fm.sensitivity_figure("s", indices, measures=["ST", "S1"])).axes[0]
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert sorted(b.get_width() for b in bars) == [0.1, 0.2, 0.4, 0.5]
    centres = {round(b.get_y() + b.get_height() / 2, 3) for b in bars}
    assert len(centres) == 4  # four distinct rows, none drawn over another


def test_lever_timeline_is_an_image_with_a_colour_bar() -> None:
    fig = to_matplotlib(fd.lever_timeline_figure("l", MONTHS[:3], {"aid": [1.0, 0.5, 0.0]}))
    images = [im for ax in fig.axes for im in ax.get_images() if isinstance(im, AxesImage)]
    assert len(images) == 1
    assert images[0].get_array().tolist() == [[1.0, 0.5, 0.0]]
    assert len(fig.axes) == 2  # the chart and its colour bar


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_every_figure_of_a_report_is_written(tmp_path: Path, fmt: str) -> None:
    files = write_images(ReportData(title="t", simulation=typed(dynamic_document())), tmp_path, fmt)
    assert [f.name for f in files] == [
        f"{k}.{fmt}" for k in ("events", "ground", "range", "levers", "terms", "levers-effect-0")
    ]
    head = files[0].read_bytes()
    if fmt == "png":
        assert head.startswith(b"\x89PNG\r\n\x1a\n")
    else:
        assert ET.fromstring(head).tag.endswith("svg")


def test_unknown_image_format_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown image format 'gif'"):
        write_images(ReportData(title="t"), tmp_path, "gif")
