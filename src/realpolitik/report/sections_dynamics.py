"""Sections of a dynamic run (docs/models/spec.md §4) and of sensitivity analyses.

From the dynamic ``simulate`` document: event curves, the ground held, the
bargaining range, lever states, settlement and deal terms; from either
sensitivity document (Sobol/Morris indices, or the levers' one-at-a-time
effects): tornado charts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from realpolitik.report import figures_dynamics as fd
from realpolitik.report import figures_mc as fm
from realpolitik.report._style import levels
from realpolitik.report.parts import Figure, Section
from realpolitik.report.tables import Table, scale_text
from realpolitik.results.schemas import (
    DealTerms,
    DynamicDocument,
    EventCurve,
    LeverMonth,
    LeverSensitivity,
    Quantiles,
    RangeMonth,
    ScalarQuantiles,
    SensitivityDocument,
    SimulationDocument,
    Terms,
)
from realpolitik.scenario import Scenario


def short(name: str, unit: str = "", limit: int = 40) -> str:
    """An axis title that fits: the name (cut at ``limit`` characters) and the unit."""
    text = name if len(name) <= limit else name[: limit - 1].rstrip() + "…"
    return f"{text} ({unit})" if unit else text


def as_list(value: Any) -> list[float]:
    """A number or a list of numbers as a list."""
    return [float(v) for v in value] if isinstance(value, list) else [float(value)]


def dynamics_section(
    sim: SimulationDocument | DynamicDocument | None, scenario: Scenario | None
) -> Section | None:
    """Event curves, ground, range, levers, terms and deals of a dynamic run (or None)."""
    if not isinstance(sim, DynamicDocument):
        return None
    axis = WarAxis.of(scenario)
    figs = []
    if sim.events:
        figs.append(_events(sim.events))
    if sim.ground:
        figs.append(_ground(sim.ground, axis))
    if sim.range:
        figs.append(_range(sim.range, axis))
    if sim.levers:
        figs.append(_levers(sim.levers))
    if sim.terms is not None:
        figs.append(_terms(sim.terms, axis))
    for deal_id, deal in sim.deals.items():
        if deal.quantiles is not None:
            figs.append(_deal(deal_id, deal, deal.quantiles, scenario))
    return Section(key="dynamics", title="War and settlement, month by month", figures=figs)


def conditioning_section(sim: SimulationDocument | DynamicDocument | None) -> Section | None:
    """A conditioned run: its event curves beside the unconditioned ones, and what each
    observation weighed (None when the run was not conditioned)."""
    if not isinstance(sim, DynamicDocument) or sim.conditioning is None:
        return None
    c = sim.conditioning
    months = list(sim.months)
    events = {
        name: _carried(e.probability_by, months, 0.0)
        for name, e in sim.events.items()
        if not name.startswith("victory:") or e.probability > 0
    }
    before = {} if c.unconditioned is None else c.unconditioned.events
    prior = {name: _carried(before.get(name, {}), months, 0.0) for name in events}
    fig = fd.conditioned_events_figure(months, events, prior, c.as_of)
    weights = Table(
        caption="What each observation weighed: the share of the weight left by the ones "
        "before it that it removed",
        columns=["observation", "weight removed"],
        rows=[[w.observation, f"{w.removed:.0%}"] for w in c.weights],
    )
    text = (
        f"Conditioned on {c.observations} observations through {c.as_of}: "
        f"effective sample size {c.ess:.0f} of {c.runs} runs. The forecast proper "
        f"starts the month after {c.as_of}; dashed lines are the forecast as first made."
    )
    if c.notice:
        text += f" Notice: {c.notice}."
    return Section(
        key="conditioning",
        title="Given what happened",
        text=text,
        tables=[weights],
        figures=[Figure(key="conditioned-events", figure=fig)],
    )


class WarAxis:
    """The war issue's scale: what the ground, the range and the terms are measured on."""

    def __init__(
        self, title: str, bounds: tuple[float, float] | None, defender: str, scale: str = ""
    ) -> None:
        self.title, self.bounds, self.defender = title, bounds, defender
        self.scale = scale or title

    @classmethod
    def of(cls, scenario: Scenario | None) -> WarAxis:
        """The axis of a scenario's war (a plain one when the scenario is unknown)."""
        if scenario is None or scenario.war is None:
            return cls("the war issue's scale", None, "the defender")
        issue = scenario.issue(scenario.war.issue)
        actor = next(a for a in scenario.actors if a.id == scenario.war.defender.actor)
        bounds = (float(issue.bounds[0]), float(issue.bounds[1]))
        title = short(issue.name or issue.id, issue.unit)
        return cls(title, bounds, actor.label, f"{issue.name or issue.id}: {scale_text(issue)}")


def _months(*series: Mapping[str, Any]) -> list[str]:
    return sorted({m for s in series for m in s})


def _events(events: Mapping[str, EventCurve]) -> Figure:
    months = _months(*(e.probability_by for e in events.values()))
    curves = {name: _carried(e.probability_by, months, 0.0) for name, e in events.items()}
    medians = {name: e.median_month for name, e in events.items()}
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
    per_month: Mapping[str, ScalarQuantiles],
) -> tuple[list[str], dict[float, list[float]]]:
    """``{month: quantiles}`` -> months and ``{0.05: [value per month]}``."""
    months = sorted(per_month)
    by_month = {m: levels(per_month[m]) for m in months}
    first = by_month[months[0]] if months else {}
    series = {q: [float(by_month[m][q]) for m in months] for q in first}
    return months, series


def _ground(ground: Mapping[str, ScalarQuantiles], axis: WarAxis) -> Figure:
    months, series = _by_level(ground)
    fig = fd.fan_chart_figure(
        f"Ground held by {axis.defender} at the end of each month",
        months,
        series,
        y_title=axis.title,
        y_range=axis.bounds,
    )
    return Figure(key="ground", figure=fig)


def _range(rng: Mapping[str, RangeMonth], axis: WarAxis) -> Figure:
    months = sorted(rng)
    lower = _by_level({m: rng[m].L for m in months})[1]
    upper = _by_level({m: rng[m].U for m in months})[1]
    fig = fd.bargaining_range_figure(
        "Bargaining range (L, U) while the war goes on", months, lower, upper, y_title=axis.title
    )
    return Figure(key="range", figure=fig)


def _levers(levers: Mapping[str, Mapping[str, LeverMonth]]) -> Figure:
    months = _months(*levers.values())
    active = {name: [_on(states.get(m)) for m in months] for name, states in levers.items()}
    fig = fd.lever_timeline_figure("Lever states by month", months, active)
    return Figure(key="levers", figure=fig)


def _on(state: LeverMonth | None) -> float:
    """A lever's share of runs in which it is on (0 in a month it is not given)."""
    return 0.0 if state is None else float(state.on)


def _terms(terms: Terms, axis: WarAxis) -> Figure:
    quantiles = {q: as_list(v) for q, v in levels(terms.quantiles).items()}
    lo, hi = terms.bounds
    fig = fm.outcome_distribution_figure(
        f"Terms of settlement (when settled, {terms.n} settled runs)",
        [terms.issue or "terms"],
        quantiles,
        mean=as_list(terms.mean),
        x_title=axis.scale,
        bounds=(float(lo), float(hi)),
    )
    return Figure(key="terms", figure=fig)


def _deal(deal_id: str, deal: DealTerms, signed: Quantiles, scenario: Scenario | None) -> Figure:
    quantiles = {q: as_list(v) for q, v in levels(signed).items()}
    issue_id = deal.issue
    bounds, label = None, issue_id
    if scenario is not None:
        issue = scenario.issue(issue_id)
        bounds, label = (float(issue.bounds[0]), float(issue.bounds[1])), scale_text(issue)
    fig = fm.outcome_distribution_figure(
        f"Deal '{deal_id}': terms when signed ({deal.n} runs)",
        [issue_id],
        quantiles,
        mean=None if deal.mean is None else as_list(deal.mean),
        x_title=label,
        bounds=bounds,
    )
    return Figure(key=f"deal-{deal_id}", figure=fig)


Sensitivity = SensitivityDocument | LeverSensitivity
"""Either sensitivity document: Sobol/Morris indices, or the levers' one-at-a-time effects."""


def sensitivity_section(
    sens: Sensitivity | list[SensitivityDocument] | None, key: str
) -> Section | None:
    """Tornado charts of a sensitivity document (or of a list of them), or None."""
    items: list[Sensitivity] = [] if sens is None else [*sens] if isinstance(sens, list) else [sens]
    if not items:
        return None
    figs: list[Figure] = []
    for item in items:
        for output, indices in _index_tables(item):
            title = f"What moves {output} most ({item.method})".replace(" ()", "")
            measures = _measures(item, indices)
            fig = fm.sensitivity_figure(
                title, indices, measures=measures, x_title=_X_TITLES.get(measures[0], "index")
            )
            figs.append(Figure(key=f"{key}-{len(figs)}", figure=fig))
    title = "Sensitivity" if key == "sensitivity" else "What each lever does to the settlement"
    return Section(key=key, title=title, figures=figs)


def _index_tables(item: Sensitivity) -> list[tuple[str, dict[str, dict[str, float]]]]:
    """Per output, ``{input: {measure: value}}``, from either sensitivity document.

    The ``sensitivity`` document has ``outcomes: {output: [row per input]}``
    (Sobol or Morris rows); the dynamic lever sensitivity has ``output`` and
    ``indices: {lever: {months_earlier, probability}}``.
    """
    if isinstance(item, SensitivityDocument):
        return [
            (output, {r.input: _numbers(r) for r in rows}) for output, rows in item.outcomes.items()
        ]
    return [(item.output, {k: _numbers(v) for k, v in item.indices.items()})]


def _numbers(row: BaseModel) -> dict[str, float]:
    """A row's measures by name, in the schema's order (None, a missing index, becomes 0).

    Every measure of a row (``S1``, ``ST_conf``, ``mu_star``, ``months_earlier`` ...)
    is drawn, so the row is read as its fields' data rather than field by field.
    """
    return {
        k: float(v) if v is not None else 0.0
        for k, v in row.model_dump().items()
        if k != "input" and (v is None or isinstance(v, int | float))
    }


_X_TITLES = {
    "ST": "Sobol index (share of the variance)",
    "mu_star": "mean absolute elementary effect (per unit of probability)",
    "months_earlier": "months earlier settlement with the lever on",
}


def _measures(item: Sensitivity, indices: Mapping[str, Mapping[str, float]]) -> list[str]:
    """Sobol: ST and S1; Morris: μ* and σ; otherwise the first measure (units may differ)."""
    first = next(iter(indices.values()), {})
    if item.method == "sobol":
        return ["ST", "S1"]
    if item.method == "morris":
        return ["mu_star", "sigma"]
    return [m for m in first if not m.endswith("_conf")][:1]
