"""Reports: Plotly figures of every result, one self-contained HTML file, PNG/SVG images.

- :class:`ReportData`: what a report shows (scenario, run, simulation, sensitivity).
- :func:`sections`: the titled figures and tables the data allows.
- :func:`render_report` / :func:`write_report`: the HTML file (plotly.js inlined).
- :func:`write_images`: the same figures as PNG or SVG files (matplotlib).
"""

from pathlib import Path

from realpolitik._extras import require

require("report", "plotly", "jinja2", what="`import realpolitik.report`")

from realpolitik.report.build import sections
from realpolitik.report.html import render_report, write_report
from realpolitik.report.parts import Figure, ReportData, Section


def write_images(data: ReportData, directory: Path, fmt: str = "png") -> list[Path]:
    """Write every figure as a PNG or SVG file (see :func:`realpolitik.report.images.write_images`).

    matplotlib is imported here, on demand: it costs half a second at start-up.
    """
    from realpolitik.report.images import write_images as write

    return write(data, directory, fmt)


__all__ = [
    "Figure",
    "ReportData",
    "Section",
    "render_report",
    "sections",
    "write_images",
    "write_report",
]
