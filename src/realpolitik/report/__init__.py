"""Reports: Plotly figures of every result, one self-contained HTML file, PNG/SVG images.

- :class:`ReportData`: what a report shows (scenario, run, simulation, sensitivity).
- :func:`sections`: the titled figures and tables the data allows.
- :func:`render_report` / :func:`write_report`: the HTML file (plotly.js inlined).
- :func:`write_images`: the same figures as PNG or SVG files (matplotlib).
"""

from realpolitik.report.build import sections
from realpolitik.report.html import render_report, write_report
from realpolitik.report.images import write_images
from realpolitik.report.parts import Figure, ReportData, Section

__all__ = [
    "Figure",
    "ReportData",
    "Section",
    "render_report",
    "sections",
    "write_images",
    "write_report",
]
