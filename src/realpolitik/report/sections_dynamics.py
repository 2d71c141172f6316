"""Sections of a dynamic run (docs/models/spec.md §4) and of sensitivity analyses.

From the dynamic ``simulate`` document: event curves, the ground held, the
bargaining range, lever states, settlement and deal terms; from either
sensitivity document (Sobol/Morris indices, or the levers' one-at-a-time
effects): tornado charts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from realpolitik.report import figures_dynamics as fd
from realpolitik.report import figures_mc as fm
from realpolitik.report._style import parse_quantiles
from realpolitik.report.parts import Figure, Section
from realpolitik.report.tables import Table, scale_text
from realpolitik.scenario import Scenario


def short(name: str, unit: str = "", limit: int = 40) -> str:
    """An axis title that fits: the name (cut at ``limit`` characters) and the unit."""
    text = name if len(name) <= limit else name[: limit - 1].rstrip() + "…"
    return f"{text} ({unit})" if unit else text


def as_list(value: Any) -> list[float]:
    """A number or a list of numbers as a list."""
    return [float(v) for v in value] if isinstance(value, list) else [float(value)]


def dynamics_section(sim: Mapping[str, Any] | None, scenario: Scenario | None) -> Section | None:
    """Event curves, ground, range, levers, terms and deals of a dynamic run (or None)."""
    if sim is None or not any(k in sim for k in ("events", "ground", "range", "levers")):
        return None
    axis = WarAxis.of(scenario)
    figs = []
    if sim.get("events"):
        figs.append(_events(sim["events"]))
    if sim.get("ground"):
        figs.append(_ground(sim["ground"], axis))
    if sim.get("range"):
        figs.append(_range(sim["range"], axis))
    if sim.get("levers"):
        figs.append(_levers(sim["levers"]))
    if sim.get("terms"):
        figs.append(_terms(sim["terms"], axis))
    for deal_id, deal in (sim.get("deals") or {}).items():
        if deal.get("quantiles"):
            figs.append(_deal(deal_id, deal, scenario))
    return Section(key="dynamics", title="War and settlement, month by month", figures=figs)


def conditioning_section(sim: Mapping[str, Any] | None) -> Section | None:
    """A conditioned run: its event curves beside the unconditioned ones, and what each
    observation weighed (None when the run was not conditioned)."""
    c = None if sim is None else sim.get("conditioning")
    if not c or sim is None:
        return None
    months = list(sim["months"])
    events = {
        name: _carried(e["probability_by"], months, 0.0)
        for name, e in sim["events"].items()
        if not name.startswith("victory:") or e["probability"] > 0
    }
    before = (c.get("unconditioned") or {}).get("events", {})
    prior = {name: _carried(before.get(name, {}), months, 0.0) for name in events}
    fig = fd.conditioned_events_figure(months, events, prior, c["as_of"])
    weights = Table(
        caption="What each observation weighed: the share of the weight left by the ones "
        "before it that it removed",
        columns=["observation", "weight removed"],
        rows=[[w["observation"], f"{w['removed']:.0%}"] for w in c["weights"]],
    )
    text = (
        f"Conditioned on {c['observations']} observations through {c['as_of']}: "
        f"effective sample size {c['ess']:.0f} of {c['runs']} runs. The forecast proper "
        f"starts the month after {c['as_of']}; dashed lines are the forecast as first made."
    )
    if c.get("notice"):
        text += f" Notice: {c['notice']}."
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


def _ground(ground: Mapping[str, Mapping[str, float]], axis: WarAxis) -> Figure:
    months, series = _by_level(ground)
    fig = fd.fan_chart_figure(
        f"Ground held by {axis.defender} at the end of each month",
        months,
        series,
        y_title=axis.title,
        y_range=axis.bounds,
    )
    return Figure(key="ground", figure=fig)


def _range(rng: Mapping[str, Mapping[str, Any]], axis: WarAxis) -> Figure:
    months = sorted(rng)
    lower = _by_level({m: _levels(rng[m]["L"]) for m in months})[1]
    upper = _by_level({m: _levels(rng[m]["U"]) for m in months})[1]
    fig = fd.bargaining_range_figure(
        "Bargaining range (L, U) while the war goes on", months, lower, upper, y_title=axis.title
    )
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


def _terms(terms: Mapping[str, Any], axis: WarAxis) -> Figure:
    quantiles = {q: as_list(v) for q, v in parse_quantiles(terms["quantiles"]).items()}
    mean = as_list(terms["mean"]) if "mean" in terms else None
    lo, hi = terms.get("bounds") or (0.0, 1.0)
    n = f", {terms['n']} settled runs" if "n" in terms else ""
    fig = fm.outcome_distribution_figure(
        f"Terms of settlement (when settled{n})",
        [str(terms.get("issue") or "terms")],
        quantiles,
        mean=mean,
        x_title=axis.scale,
        bounds=(float(lo), float(hi)),
    )
    return Figure(key="terms", figure=fig)


def _deal(deal_id: str, deal: Mapping[str, Any], scenario: Scenario | None) -> Figure:
    quantiles = {q: as_list(v) for q, v in parse_quantiles(deal["quantiles"]).items()}
    issue_id = str(deal.get("issue", deal_id))
    bounds, label = None, issue_id
    if scenario is not None:
        issue = scenario.issue(issue_id)
        bounds, label = (float(issue.bounds[0]), float(issue.bounds[1])), scale_text(issue)
    fig = fm.outcome_distribution_figure(
        f"Deal '{deal_id}': terms when signed ({deal.get('n', '?')} runs)",
        [issue_id],
        quantiles,
        mean=as_list(deal["mean"]) if "mean" in deal else None,
        x_title=label,
        bounds=bounds,
    )
    return Figure(key=f"deal-{deal_id}", figure=fig)


def sensitivity_section(
    sens: Mapping[str, Any] | list[Mapping[str, Any]] | None, key: str
) -> Section | None:
    """Tornado charts of a sensitivity document (or of a list of them), or None."""
    if not sens:
        return None
    items = sens if isinstance(sens, list) else [sens]
    figs: list[Figure] = []
    for item in items:
        for output, indices in _index_tables(item):
            title = f"What moves {output} most ({item.get('method', '')})".replace(" ()", "")
            measures = _measures(item, indices)
            fig = fm.sensitivity_figure(
                title, indices, measures=measures, x_title=_X_TITLES.get(measures[0], "index")
            )
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


_X_TITLES = {
    "ST": "Sobol index (share of the variance)",
    "mu_star": "mean absolute elementary effect (per unit of probability)",
    "months_earlier": "months earlier settlement with the lever on",
}


def _measures(item: Mapping[str, Any], indices: Mapping[str, Mapping[str, float]]) -> list[str]:
    """Sobol: ST and S1; Morris: μ* and σ; otherwise the first measure (units may differ)."""
    method = str(item.get("method", ""))
    first = next(iter(indices.values()), {})
    if method == "sobol":
        return ["ST", "S1"]
    if method == "morris":
        return ["mu_star", "sigma"]
    return [m for m in first if not m.endswith("_conf")][:1]
