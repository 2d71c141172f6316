"""The self-contained HTML report: one file, plotly.js embedded, opens offline.

plotly.js comes from the installed ``plotly`` package (never a CDN), so the
file works on a machine with no network. Text is escaped by Jinja2; figure
JSON is made safe to embed in a ``<script>`` element.

The report carries its own Content-Security-Policy (a ``<meta>`` element, and
the same policy as a header when the web app serves it): only its two inline
scripts run, allowed by their SHA-256 hashes, and it may load or send nothing
(``default-src 'none'``), so it draws wherever it is opened and no control
can send its data off the machine.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
from importlib import resources
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
def draw_js() -> str:
    """The report's own script: the figure drawer, then the call that draws them."""
    source = (resources.files("realpolitik.report") / "templates" / "_draw.js").read_text("utf-8")
    return source + "rpDrawFigures(document);\n"


def _inline(script: str) -> str:
    """A script's text as it is embedded in the report's ``<script>`` element."""
    return script.replace("</script", "<\\/script")


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@functools.cache
def report_policy() -> str:
    """The Content-Security-Policy of the report: its own two scripts and nothing else.

    plotly.js compiles some code at run time ('unsafe-eval') and sets inline
    styles; images are drawn from ``data:``/``blob:`` (the PNG download).
    Nothing may be fetched or sent (``connect-src 'none'``, no ``form-action``).
    """
    scripts = " ".join(_sha256(_inline(s)) for s in (plotly_js(), draw_js()))
    return (
        f"default-src 'none'; script-src {scripts} 'unsafe-eval'; "
        "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; "
        "connect-src 'none'; base-uri 'none'; form-action 'none'"
    )


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
        plotly_js=Markup(_inline(plotly_js())),
        draw_js=Markup(_inline(draw_js())),
        policy=report_policy(),
    )


def write_report(data: ReportData, path: Path) -> Path:
    """Write the report atomically; return the path written."""
    text = render_report(data)
    return write_text_atomic(path, text, "the report")
