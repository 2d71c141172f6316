"""Assemble a report: from result documents to titled sections of figures and tables.

A report is built from whatever a run provides — a scenario, the ``run --json``
document, the ``simulate`` document (static or dynamic), sensitivity indices —
and each present part becomes a section. The HTML report, the web app's result
page and the image export all use :func:`sections`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go

from realpolitik.report import figures as fs
from realpolitik.report import figures_dynamics as fd
from realpolitik.report import figures_mc as fm
from realpolitik.report._style import colour, parse_quantiles
from realpolitik.report.tables import Table, actor_maps, actors_table, issues_table
from realpolitik.scenario import Scenario


@dataclass(frozen=True, kw_only=True)
class Figure:
    """A named figure: ``key`` is unique in a report (ids, image file names)."""

    key: str
    figure: go.Figure


@dataclass(frozen=True, kw_only=True)
class Section:
    """A titled part of a report: some text, tables and figures."""

    key: str
    title: str
    text: str = ""
    tables: list[Table] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class ReportData:
    """Everything a report may show; absent parts are None.

    Attributes:
        title: the report's title.
        scenario: the scenario (summary table, actors' map).
        run: the ``run --json`` document (trajectories per actor per round).
        simulation: the ``simulate`` JSON document (distributions; for a
            dynamic scenario events, ground, range and levers too).
        sensitivity: sensitivity indices, ``{"output": name, "method": ...,
            "indices": {input: {measure: value}}}`` or a list of those.
        footer: model, seed, version, scenario hash, ... (shown at the bottom).
    """

    title: str
    scenario: Scenario | None = None
    run: Mapping[str, Any] | None = None
    simulation: Mapping[str, Any] | None = None
    sensitivity: Mapping[str, Any] | list[Mapping[str, Any]] | None = None
    footer: Mapping[str, str] = field(default_factory=dict)


def sections(data: ReportData) -> list[Section]:
    """The sections the data allows, in reading order."""
    parts = [
        _summary(data),
        _actors(data.scenario, data.run),
        _trajectories(data),
        _distributions(data),
        _dynamics(data.simulation),
        _sensitivity(data.sensitivity, "sensitivity"),
        _sensitivity(
            None if data.simulation is None else data.simulation.get("sensitivity"), "levers-effect"
        ),
    ]
    return [s for s in parts if s is not None and (s.tables or s.figures)]


def _summary(data: ReportData) -> Section | None:
    if data.scenario is None:
        return None
    forecast = None if data.run is None else data.run.get("forecast")
    sc = data.scenario
    return Section(
        key="summary",
        title="Scenario",
        text=sc.metadata.description,
        tables=[issues_table(sc, forecast), actors_table(sc)],
    )


def _actors(scenario: Scenario | None, run: Mapping[str, Any] | None) -> Section | None:
    if scenario is None:
        return None
    forecast = {} if run is None else dict(run.get("forecast", {}))
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
    by_issue: dict[str, list[Mapping[str, Any]]] = {}
    for entry in data.run.get("trajectory", []):
        by_issue.setdefault(entry["issue"], []).append(entry)
    figs = []
    for issue_id, rounds in by_issue.items():
        figs += _issue_trajectories(issue_id, rounds, data.scenario)
    return Section(
        key="trajectories",
        title=f"Positions round by round ({data.run.get('model', '')} model)",
        figures=figs,
    )


def _issue_trajectories(
    issue_id: str, rounds: list[Mapping[str, Any]], scenario: Scenario | None
) -> list[Figure]:
    labels, dims, bounds, name = {}, [""], None, issue_id
    if scenario is not None:
        issue = scenario.issue(issue_id)
        labels = {a.id: a.label for a in scenario.actors}
        dims, bounds, name = issue.dimensions or [""], issue.bounds, issue.name or issue_id
    xs = [int(r["round"]) for r in rounds]
    out = []
    for d, dim in enumerate(dims):
        positions = {
            labels.get(a, a): [_as_list(r["positions"][a])[d] for r in rounds]
            for a in rounds[0]["positions"]
        }
        median = [_as_list(r["median"])[d] for r in rounds]
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
    if sim is None or not sim.get("issues"):
        return None
    figs = [_distribution(k, v, data.scenario) for k, v in sim["issues"].items()]
    probabilities, stderr = _range_probabilities(sim["issues"], data.scenario)
    if probabilities:
        fig = fm.range_probability_figure(
            "Probability of each named range", probabilities, stderr=stderr or None
        )
        figs.append(Figure(key="ranges", figure=fig))
    runs = sim.get("runs", "?")
    return Section(
        key="distributions",
        title=f"Outcome distributions ({runs} runs, {sim.get('model', '')} model)",
        figures=figs,
    )


def _range_probabilities(
    issues: Mapping[str, Mapping[str, Any]], scenario: Scenario | None
) -> tuple[dict[str, float], dict[str, float]]:
    """``"issue: range"`` (``"issue[dim]: range"`` per dimension) -> probability, stderr."""
    probabilities: dict[str, float] = {}
    stderr: dict[str, float] = {}
    for issue_id, summary in issues.items():
        errors = summary.get("stderr", {}).get("probabilities", {})
        dims = _dimension_names(issue_id, scenario)
        for rname, p in summary.get("probabilities", {}).items():
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


def _distribution(issue_id: str, summary: Mapping[str, Any], scenario: Scenario | None) -> Figure:
    quantiles = {q: _as_list(v) for q, v in parse_quantiles(summary["quantiles"]).items()}
    n = len(next(iter(quantiles.values())))
    rows, bounds, name = [issue_id] if n == 1 else [f"dim {k}" for k in range(n)], None, issue_id
    if scenario is not None:
        issue = scenario.issue(issue_id)
        rows = issue.dimensions or [issue.name or issue_id]
        bounds, name = issue.bounds, issue.name or issue_id
    mean = _as_list(summary["mean"]) if "mean" in summary else None
    fig = fm.outcome_distribution_figure(
        f"{name}: outcome", rows, quantiles, mean=mean, bounds=bounds
    )
    return Figure(key=f"distribution-{issue_id}", figure=fig)


def _dynamics(sim: Mapping[str, Any] | None) -> Section | None:
    if sim is None or not any(k in sim for k in ("events", "ground", "range", "levers")):
        return None
    figs = []
    if sim.get("events"):
        figs.append(_events(sim["events"]))
    if sim.get("ground"):
        figs.append(_ground(sim["ground"]))
    if sim.get("range"):
        figs.append(_range(sim["range"]))
    if sim.get("levers"):
        figs.append(_levers(sim["levers"]))
    if sim.get("terms"):
        figs.append(_terms(sim["terms"]))
    return Section(key="dynamics", title="War and settlement, month by month", figures=figs)


def _months(*series: Mapping[str, Any]) -> list[str]:
    return sorted({m for s in series for m in s})


def _events(events: Mapping[str, Mapping[str, Any]]) -> Figure:
    months = _months(*(e["probability_by"] for e in events.values()))
    curves = {name: _carried(e["probability_by"], months, 0.0) for name, e in events.items()}
    medians = {name: e.get("median_month") for name, e in events.items()}
    fig = fd.event_probability_figure(
        "Probability of each event by month", months, curves, median_month=medians
    )
    return Figure(key="events", figure=fig)


def _carried(by_month: Mapping[str, float], months: list[str], start: float) -> list[float]:
    """A cumulative series on every month, carrying the last value forward."""
    out, last = [], start
    for m in months:
        last = float(by_month.get(m, last))
        out.append(last)
    return out


def _by_level(
    per_month: Mapping[str, Mapping[str, float]],
) -> tuple[list[str], dict[float, list[float]]]:
    """``{month: {"0.05": v}}`` -> months and ``{0.05: [v per month]}``."""
    months = sorted(per_month)
    levels = parse_quantiles(per_month[months[0]]) if months else {}
    series = {q: [float(parse_quantiles(per_month[m])[q]) for m in months] for q in levels}
    return months, series


def _ground(ground: Mapping[str, Mapping[str, float]]) -> Figure:
    months, series = _by_level(ground)
    fig = fd.fan_chart_figure("Ground held by the defender (A)", months, series)
    return Figure(key="ground", figure=fig)


def _range(rng: Mapping[str, Mapping[str, Any]]) -> Figure:
    months = sorted(rng)
    lower = _by_level({m: _levels(rng[m]["L"]) for m in months})[1]
    upper = _by_level({m: _levels(rng[m]["U"]) for m in months})[1]
    fig = fd.bargaining_range_figure("Bargaining range (L, U)", months, lower, upper)
    return Figure(key="range", figure=fig)


def _levels(value: Any) -> Mapping[str, float]:
    """A bound given as quantiles, or as one number (a single run: its median)."""
    return value if isinstance(value, Mapping) else {"0.5": float(value)}


def _levers(levers: Mapping[str, Mapping[str, Any]]) -> Figure:
    months = _months(*levers.values())
    active = {name: [_on(states.get(m)) for m in months] for name, states in levers.items()}
    fig = fd.lever_timeline_figure("Lever states by month", months, active)
    return Figure(key="levers", figure=fig)


def _on(state: Any) -> float:
    """A lever state as the share of runs in which it is on."""
    if state is None:
        return 0.0
    if isinstance(state, bool):
        return 1.0 if state else 0.0
    if isinstance(state, int | float):
        return float(state)
    if isinstance(state, Mapping):
        return float(state.get("on", state.get("active", 0.0)))
    return 0.0 if str(state).lower() in {"off", "paused", "inactive", "none"} else 1.0


def _terms(terms: Mapping[str, Any]) -> Figure:
    quantiles = {q: _as_list(v) for q, v in parse_quantiles(terms["quantiles"]).items()}
    mean = _as_list(terms["mean"]) if "mean" in terms else None
    lo, hi = terms.get("bounds") or (0.0, 1.0)
    n = f", {terms['n']} settled runs" if "n" in terms else ""
    fig = fm.outcome_distribution_figure(
        f"Terms of settlement (when settled{n})",
        [str(terms.get("issue") or "terms")],
        quantiles,
        mean=mean,
        x_title="terms on the war issue's scale",
        bounds=(float(lo), float(hi)),
    )
    return Figure(key="terms", figure=fig)


def _sensitivity(
    sens: Mapping[str, Any] | list[Mapping[str, Any]] | None, key: str
) -> Section | None:
    if not sens:
        return None
    items = sens if isinstance(sens, list) else [sens]
    figs: list[Figure] = []
    for item in items:
        for output, indices in _index_tables(item):
            title = f"What moves {output} most ({item.get('method', '')})".replace(" ()", "")
            fig = fm.sensitivity_figure(title, indices, measures=_measures(item, indices))
            figs.append(Figure(key=f"{key}-{len(figs)}", figure=fig))
    title = "Sensitivity" if key == "sensitivity" else "What each lever does to the settlement"
    return Section(key=key, title=title, figures=figs)


def _index_tables(
    item: Mapping[str, Any],
) -> list[tuple[str, dict[str, dict[str, float]]]]:
    """Per output, ``{input: {measure: value}}``, from either sensitivity document.

    The ``sensitivity`` document has ``outcomes: {output: [{"input": .., "S1": ..}]}``
    (Sobol or Morris); the dynamic lever sensitivity has ``output`` and
    ``indices: {lever: {"months_earlier": .., "probability": ..}}``.
    """
    if "outcomes" in item:
        return [
            (output, {r["input"]: _numbers(r) for r in rows})
            for output, rows in item["outcomes"].items()
        ]
    if "indices" in item:
        indices = {k: _numbers(v) for k, v in item["indices"].items()}
        return [(str(item.get("output", "the outcome")), indices)]
    return []


def _numbers(row: Mapping[str, Any]) -> dict[str, float]:
    """The numeric entries of a row (None, a missing index, becomes 0)."""
    return {
        k: float(v) if v is not None else 0.0
        for k, v in row.items()
        if k != "input" and (v is None or isinstance(v, int | float))
    }


def _measures(item: Mapping[str, Any], indices: Mapping[str, Mapping[str, float]]) -> list[str]:
    method = str(item.get("method", ""))
    first = next(iter(indices.values()), {})
    if method == "sobol":
        return ["ST", "S1"]
    if method == "morris":
        return ["mu_star", "sigma"]
    return [m for m in first if not m.endswith("_conf")]
