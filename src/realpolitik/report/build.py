"""Assemble a report: from result documents to titled sections of figures and tables.

A report is built from whatever a run provides — a scenario, the ``run --json``
document, the ``simulate`` document (static or dynamic), sensitivity indices —
and each present part becomes a section. The HTML report, the web app's result
page and the image export all use :func:`sections`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from realpolitik.report import figures as fs
from realpolitik.report import figures_mc as fm
from realpolitik.report._style import colour, levels
from realpolitik.report.parts import Figure, ReportData, Section
from realpolitik.report.sections_compare import compare_section
from realpolitik.report.sections_dynamics import (
    conditioning_section,
    dynamics_section,
    sensitivity_section,
)
from realpolitik.report.sections_optimize import optimize_section
from realpolitik.report.tables import Table, actor_maps, actors_table, axis_scale, issues_table
from realpolitik.results.headline import headline_for
from realpolitik.results.schemas import DynamicDocument, Round, RunDocument, Summary
from realpolitik.scenario import Scenario

__all__ = ["Figure", "ReportData", "Section", "actor_colours", "sections"]


def sections(data: ReportData) -> list[Section]:
    """The sections the data allows, in reading order."""
    parts = [
        _headline(data),
        _summary(data),
        _actors(data.scenario, data.run),
        _trajectories(data),
        _distributions(data),
        compare_section(data.comparison, data.scenario),
        conditioning_section(data.simulation),
        dynamics_section(data.simulation, data.scenario),
        sensitivity_section(data.sensitivity, "sensitivity"),
        sensitivity_section(
            data.simulation.sensitivity if isinstance(data.simulation, DynamicDocument) else None,
            "levers-effect",
        ),
        optimize_section(data.optimize),
    ]
    return [s for s in parts if s is not None and (s.tables or s.figures)]


def _headline(data: ReportData) -> Section | None:
    """The answer first: the headline of the simulation, else of the single run."""
    doc = data.simulation if data.simulation is not None else data.run
    if doc is None:
        return None
    h = headline_for(doc, data.scenario)
    tables = [Table(caption=t.caption, columns=t.columns, rows=t.rows, key=t.key) for t in h.tables]
    return Section(key="headline", title="The answer", points=h.sentences, tables=tables)


def _summary(data: ReportData) -> Section | None:
    if data.scenario is None:
        return None
    forecast: dict[str, Any] | None = None if data.run is None else dict(data.run.forecast)
    sc = data.scenario
    if forecast is not None and sc.war is not None and sc.war.issue in forecast:
        forecast[sc.war.issue] = "war: see The answer (static figure not its forecast)"
    return Section(
        key="summary",
        title="Scenario",
        text=sc.metadata.description,
        tables=[issues_table(sc, forecast), actors_table(sc)],
    )


def _actors(scenario: Scenario | None, run: RunDocument | None) -> Section | None:
    if scenario is None:
        return None
    forecast = {} if run is None else dict(run.forecast)
    palette = actor_colours(scenario)
    figs = []
    dims: dict[str, int] = {}
    for m in actor_maps(scenario):
        d = dims[m.issue_id] = dims.get(m.issue_id, -1) + 1
        fc = _component(forecast.get(m.issue_id), d)
        fig = fs.actor_bubble_figure(
            m.title,
            m.actors,
            m.position,
            m.salience,
            m.capability,
            x_title=m.x_title,
            bounds=m.bounds,
            forecast=fc,
            colours=[palette.get(a, "#7f7f7f") for a in m.actors],
            salience_scale=float(scenario.salience_scale),
        )
        figs.append(Figure(key=f"actors-{m.issue_id}-{d}", figure=fig))
    return Section(
        key="actors",
        title="Actors: position × salience (bubble area = capability)",
        figures=figs,
    )


def actor_colours(scenario: Scenario | None) -> dict[str, str]:
    """Each actor's colour, by label and by id, from its place in the scenario."""
    if scenario is None:
        return {}
    out = {}
    for k, a in enumerate(scenario.actors):
        out[a.label] = out[a.id] = colour(k)
    return out


def _component(value: Any, d: int) -> float | None:
    if value is None:
        return None
    if isinstance(value, list):
        return float(value[d]) if d < len(value) else None
    return float(value)


def _as_list(value: Any) -> list[float]:
    return [float(v) for v in value] if isinstance(value, list) else [float(value)]


def _trajectories(data: ReportData) -> Section | None:
    if data.run is None:
        return None
    by_issue: dict[str, list[Round]] = {}
    for entry in data.run.trajectory:
        by_issue.setdefault(entry.issue, []).append(entry)
    figs = []
    for issue_id, rounds in by_issue.items():
        figs += _issue_trajectories(issue_id, rounds, data.scenario)
    return Section(
        key="trajectories",
        title=f"Positions round by round ({data.run.model} model)",
        figures=figs,
    )


def _issue_trajectories(
    issue_id: str, rounds: list[Round], scenario: Scenario | None
) -> list[Figure]:
    labels, dims, bounds, name = {}, [""], None, issue_id
    if scenario is not None:
        issue = scenario.issue(issue_id)
        labels = {a.id: a.label for a in scenario.actors}
        dims, bounds, name = issue.dimensions or [""], issue.bounds, issue.name or issue_id
    xs = [r.round for r in rounds]
    out = []
    for d, dim in enumerate(dims):
        positions = {
            labels.get(a, a): [_as_list(r.positions[a])[d] for r in rounds]
            for a in rounds[0].positions
        }
        median = [_as_list(r.median)[d] for r in rounds]
        title = f"{name}: {dim}" if dim else name
        palette = actor_colours(scenario)
        fig = fs.trajectory_figure(
            title,
            xs,
            positions,
            forecast=median,
            y_title=dim or "position",
            bounds=bounds,
            colours=[palette[a] for a in positions] if palette else None,
        )
        out.append(Figure(key=f"trajectory-{issue_id}-{d}", figure=fig))
    return out


def _distributions(data: ReportData) -> Section | None:
    sim = data.simulation
    if sim is None or not sim.issues:
        return None
    figs = [_distribution(k, v, data.scenario) for k, v in sim.issues.items()]
    probabilities, stderr = _range_probabilities(sim.issues, data.scenario)
    if probabilities:
        fig = fm.range_probability_figure(
            "Probability of each named range", probabilities, stderr=stderr or None
        )
        figs.append(Figure(key="ranges", figure=fig))
    title = f"Outcome distributions ({sim.runs} runs, {sim.model} model)"
    if isinstance(sim, DynamicDocument):
        title = f"Issues outside the war and its deals: {title[0].lower()}{title[1:]}"
    return Section(
        key="distributions",
        title=title,
        figures=figs,
    )


def _range_probabilities(
    issues: Mapping[str, Summary], scenario: Scenario | None
) -> tuple[dict[str, float], dict[str, float]]:
    """``"issue: range"`` (``"issue[dim]: range"`` per dimension) -> probability, stderr."""
    probabilities: dict[str, float] = {}
    stderr: dict[str, float] = {}
    for issue_id, summary in issues.items():
        errors = summary.stderr.probabilities
        dims = _dimension_names(issue_id, scenario)
        for rname, p in summary.probabilities.items():
            ps, es = _as_list(p), _as_list(errors.get(rname, [0.0] * len(_as_list(p))))
            for d, (pd, ed) in enumerate(zip(ps, es, strict=False)):
                dim = f"[{dims[d]}]" if len(ps) > 1 and d < len(dims) else ""
                label = f"{issue_id}{dim}: {rname}"
                probabilities[label], stderr[label] = pd, ed
    return probabilities, stderr


def _dimension_names(issue_id: str, scenario: Scenario | None) -> list[str]:
    if scenario is None:
        return []
    try:
        return scenario.issue(issue_id).dimensions or []
    except KeyError:
        return []


def _distribution(issue_id: str, summary: Summary, scenario: Scenario | None) -> Figure:
    quantiles = {q: _as_list(v) for q, v in levels(summary.quantiles).items()}
    n = len(next(iter(quantiles.values())))
    rows, bounds, name = [issue_id] if n == 1 else [f"dim {k}" for k in range(n)], None, issue_id
    x_title = "outcome"
    if scenario is not None:
        issue = scenario.issue(issue_id)
        rows = issue.dimensions or [issue_id]
        bounds, name, x_title = issue.bounds, issue.name or issue_id, axis_scale(issue)
    mean = _as_list(summary.mean)
    fig = fm.outcome_distribution_figure(
        f"{name}: outcome", rows, quantiles, mean=mean, bounds=bounds, x_title=x_title
    )
    return Figure(key=f"distribution-{issue_id}", figure=fig)
