"""The report's section comparing models: one figure and one table per issue dimension.

Built from the ``realpolitik compare --json`` document
(:class:`realpolitik.app.compare.CompareDocument`).
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from realpolitik.report._style import parse_quantiles
from realpolitik.report.figures_compare import compare_figure
from realpolitik.report.parts import Figure, Section
from realpolitik.report.tables import Table, axis_scale
from realpolitik.results.compare_document import CompareDocument
from realpolitik.scenario import Issue, Scenario


def _at(value: Any, d: int) -> float:
    """Dimension ``d`` of an outcome (a number, or a list per dimension)."""
    return float(value[d]) if isinstance(value, list) else float(value)


def compare_section(doc: CompareDocument | None, scenario: Scenario | None) -> Section | None:
    """Models side by side, from the ``compare --json`` document (None: no section)."""
    if doc is None or not doc.models:
        return None
    figs, tables = [], []
    for issue_id, name in doc.issues.items():
        issue = scenario.issue(issue_id) if scenario is not None else None
        dims = (issue.dimensions if issue is not None else None) or [""]
        for d, dim in enumerate(dims):
            title = f"{name}: {dim}" if dim else name
            fig = compare_issue_figure(doc, issue_id, d, title, issue)
            figs.append(Figure(key=f"compare-{issue_id}-{d}", figure=fig))
            tables.append(_table(doc, issue_id, d, title))
    return Section(
        key="compare", title="Models compared", text=_text(doc), tables=tables, figures=figs
    )


def _text(doc: CompareDocument) -> str:
    text = "Diamonds: each model's forecast at the inputs' means."
    if doc.runs:
        text += f" Bands: 50% and 90% of {doc.runs} runs per model, every model on the same draws."
    if doc.skipped:
        text += " Not run: " + "; ".join(f"{m} ({why})" for m, why in doc.skipped.items())
    return text


def compare_issue_figure(
    doc: CompareDocument, issue_id: str, d: int, title: str, issue: Issue | None
) -> go.Figure:
    """The figure of dimension ``d`` of one issue, every model of the document on one chart."""
    entries = doc.models
    quantiles = None
    if doc.runs:
        # with runs, every entry has its quantiles (an issue's are keyed by level, "0.05" ...)
        per_model = [parse_quantiles((e.quantiles or {})[issue_id]) for e in entries.values()]
        quantiles = {q: [_at(qs[q], d) for qs in per_model] for q in per_model[0]}
    return compare_figure(
        title,
        list(entries),
        [_at(e.forecast[issue_id], d) for e in entries.values()],
        quantiles=quantiles,
        x_title=axis_scale(issue) if issue is not None else "outcome",
        bounds=issue.bounds if issue is not None else None,
    )


def _table(doc: CompareDocument, issue_id: str, d: int, title: str) -> Table:
    runs = doc.runs
    columns = ["model", "forecast at the means"] + (["median", "5%", "95%"] if runs else [])
    rows = []
    for model, e in doc.models.items():
        row = [model, f"{_at(e.forecast[issue_id], d):.2f}"]
        if runs:  # with runs, every entry has its median and interval
            lo, hi = (e.interval or {})[issue_id]
            row += [
                f"{_at((e.median or {})[issue_id], d):.2f}",
                f"{_at(lo, d):.2f}",
                f"{_at(hi, d):.2f}",
            ]
        rows.append(row)
    return Table(caption=title, columns=columns, rows=rows)
