"""The self-contained HTML report: one file, plotly.js embedded, opens offline.

plotly.js comes from the installed ``plotly`` package (never a CDN), so the
file works on a machine with no network. Text is escaped by Jinja2; figure
JSON is made safe to embed in a ``<script>`` element.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import jinja2
import plotly.graph_objects as go
import plotly.offline
from markupsafe import Markup

from realpolitik.io.atomic import write_text_atomic
from realpolitik.report.build import ReportData, sections


@functools.cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment of the report templates (autoescaped)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("realpolitik.report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["figure_json"] = figure_json
    return env


@functools.cache
def plotly_js() -> str:
    """The minified plotly.js bundled with the installed plotly package."""
    return str(plotly.offline.get_plotlyjs())


def figure_json(fig: go.Figure) -> Markup:
    """A figure's JSON, safe inside ``<script>`` (no ``</script>`` or ``<!--`` breaks out)."""
    text = json.dumps(json.loads(fig.to_json()), separators=(",", ":"), ensure_ascii=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def render_report(data: ReportData) -> str:
    """The report as one HTML document with plotly.js inlined."""
    template = environment().get_template("report.html.j2")
    return template.render(
        title=data.title,
        sections=sections(data),
        footer=data.footer,
        plotly_js=Markup(plotly_js().replace("</script", "<\\/script")),
    )


def write_report(data: ReportData, path: Path) -> Path:
    """Write the report atomically; return the path written."""
    text = render_report(data)
    return write_text_atomic(path, text, "the report")
