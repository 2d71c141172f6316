"""The scenario summary table and the actors' map data, from a scenario.

Plain data for templates and figures: no HTML here (templates escape text).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from realpolitik.compile import compile_issue
from realpolitik.scenario import Issue, Scenario
from realpolitik.scenario.uncertain import Distribution


@dataclass(frozen=True, kw_only=True)
class Table:
    """A table for a template: a caption, column headers and rows of text cells."""

    caption: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    key: str = ""
    """Set on the headline's tables: the web app offers each as CSV under this key."""


def number(value: Any) -> str:
    """A number (or a distribution, or a list of them) as short text."""
    if isinstance(value, Distribution):
        return str(value)
    if isinstance(value, list | tuple):
        return ", ".join(number(v) for v in value)
    if isinstance(value, float | int):
        return f"{value:.4g}"
    return str(value)


def scale_text(issue: Issue) -> str:
    """``"0 = nothing … 100 = everything %"``: what the ends of the scale mean."""
    lo, hi = issue.bounds
    ends = f"{lo:g} = {issue.low} … {hi:g} = {issue.high}" if issue.low else f"{lo:g} … {hi:g}"
    return f"{ends} {issue.unit}".strip()


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def axis_scale(issue: Issue, limit: int = 45) -> str:
    """:func:`scale_text` short enough for an axis title (each end cut at ``limit``)."""
    lo, hi = issue.bounds
    if not issue.low:
        return f"{lo:g} … {hi:g} {issue.unit}".strip()
    ends = f"{lo:g} = {_cut(issue.low, limit)} … {hi:g} = {_cut(issue.high, limit)}"
    return f"{ends} ({issue.unit})" if issue.unit else ends


def issues_table(scenario: Scenario, forecast: Mapping[str, Any] | None = None) -> Table:
    """One row per issue: its name, scale, dimensions, and the forecast when known."""
    columns = ["issue", "name", "scale", "dimensions", "actors"]
    if forecast is not None:
        columns.append("forecast")
    table = Table(caption="Issues", columns=columns)
    for issue in scenario.issues:
        row = [
            issue.id,
            issue.name,
            scale_text(issue),
            ", ".join(issue.dimensions or ["-"]),
            str(len(scenario.participants(issue.id))),
        ]
        if forecast is not None:
            row.append(number(forecast.get(issue.id, "")))
        table.rows.append(row)
    return table


def actors_table(scenario: Scenario) -> Table:
    """Actors × issues: capability, then ``position (salience)`` on each issue."""
    columns = ["actor", "capability", *[i.name or i.id for i in scenario.issues]]
    table = Table(caption=f"Actors (salience on 0-{scenario.salience_scale})", columns=columns)
    for actor in scenario.actors:
        cells = [actor.label, number(actor.capability)]
        for issue in scenario.issues:
            stance = actor.stances.get(issue.id)
            cells.append(
                "-" if stance is None else f"{number(stance.position)} ({number(stance.salience)})"
            )
        table.rows.append(cells)
    return table


@dataclass(frozen=True, kw_only=True)
class ActorMap:
    """One dimension of one issue, for the bubble chart (inputs at their means)."""

    issue_id: str
    title: str
    x_title: str
    bounds: tuple[float, float]
    actors: list[str]
    position: list[float]
    salience: list[float]
    capability: list[float]


def actor_maps(scenario: Scenario) -> list[ActorMap]:
    """Per issue and dimension, the actors' positions, saliences (0-1) and capabilities."""
    labels = {a.id: a.label for a in scenario.actors}
    maps = []
    for issue in scenario.issues:
        arrays = compile_issue(scenario, issue.id)
        dims = issue.dimensions or [""]
        for d, dim in enumerate(dims):
            name = issue.name or issue.id
            maps.append(
                ActorMap(
                    issue_id=issue.id,
                    title=f"{name}: {dim}" if dim else name,
                    x_title=dim or axis_scale(issue),
                    bounds=(float(issue.bounds[0]), float(issue.bounds[1])),
                    actors=[labels[a] for a in arrays.actor_ids],
                    position=[float(x) for x in arrays.position[0, :, d]],
                    salience=[float(x) for x in arrays.salience[0, :, d]],
                    capability=[float(x) for x in arrays.capability[0]],
                )
            )
    return maps
