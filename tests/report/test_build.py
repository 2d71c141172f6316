"""Sections of a report: what each document becomes, with synthetic and real producers."""

from __future__ import annotations

import pytest

from realpolitik import forecast, load_scenario
from realpolitik.report import ReportData, sections
from realpolitik.report.build import Section
from realpolitik.results.document import run_document
from tests.report.helpers import (
    DEAL,
    DYNAMIC,
    MONTHS,
    SMALL,
    dynamic_document,
    sensitivity_document,
    simulation_document,
    typed,
)


def figure(secs: list[Section], key: str):
    return next(f.figure for s in secs for f in s.figures if f.key == key)


def keys(secs: list[Section]) -> list[str]:
    return [f.key for s in secs for f in s.figures]


def test_nothing_to_show_gives_no_section() -> None:
    assert sections(ReportData(title="empty")) == []


def test_a_run_gives_summary_actors_and_one_trajectory_per_dimension() -> None:
    sc = load_scenario(SMALL)
    doc = run_document(forecast(sc, "smp", seed=1))
    secs = sections(ReportData(title="t", scenario=sc, run=doc))
    assert [s.key for s in secs] == ["headline", "summary", "actors", "trajectories"]
    assert keys(secs) == [
        "actors-budget-0",
        "actors-plan-0",
        "actors-plan-1",
        "trajectory-budget-0",
        "trajectory-plan-0",
        "trajectory-plan-1",
    ]
    issues, actors = secs[1].tables
    assert issues.columns[-1] == "forecast"
    assert actors.rows[0][:3] == ["North", "60", "20 (0.8)"]
    rounds = [r for r in doc.trajectory if r.issue == "plan"]
    scope = figure(secs, "trajectory-plan-1")
    south = next(t for t in scope.data if t.name == "South")
    assert list(south.y) == [r.positions["south"][1] for r in rounds]
    speed_map = figure(secs, "actors-plan-0")
    assert list(speed_map.data[0].x) == [10.0, 80.0, 50.0]  # the speed of each actor
    assert list(speed_map.data[1].x) == [doc.forecast["plan"][0]] * 2


def test_an_actor_keeps_its_colour_in_every_figure() -> None:
    sc = load_scenario(DEAL)  # Russia takes no part in 'plan'
    secs = sections(ReportData(title="t", scenario=sc, run=run_document(forecast(sc))))
    deal = figure(secs, "actors-deal-0").data[0]
    plan = figure(secs, "actors-plan-0").data[0]
    by_actor = dict(zip(deal.text, deal.marker.color, strict=True))
    assert dict(zip(plan.text, plan.marker.color, strict=True)) == {
        k: v for k, v in by_actor.items() if k != "Russia"
    }
    lines = {t.name: t.line.color for t in figure(secs, "trajectory-plan-0").data}
    assert lines["European Union"] == by_actor["European Union"]


def test_a_run_without_its_scenario_uses_ids() -> None:
    doc = run_document(forecast(load_scenario(SMALL), "compromise"))
    secs = sections(ReportData(title="t", run=doc))
    assert [s.key for s in secs] == ["headline", "trajectories"]
    names = [t.name for t in figure(secs, "trajectory-budget-0").data]
    assert names == ["north", "south", "east", "forecast"]


def test_simulation_document_gives_bands_and_range_probabilities() -> None:
    sc = load_scenario(SMALL)
    secs = sections(ReportData(title="t", scenario=sc, simulation=typed(simulation_document())))
    assert keys(secs)[-3:] == ["distribution-budget", "distribution-plan", "ranges"]
    plan = figure(secs, "distribution-plan")
    widest = plan.data[0]
    assert list(widest.y) == ["speed", "scope"]
    assert list(widest.base) == [29.0, 40.0]  # 5% quantiles: 41 - 2·6, 56 - 2·8
    ranges = figure(secs, "ranges").data[0]
    assert list(ranges.y) == [
        "budget: middle — 60% ± 3%",
        "plan[speed]: middle — 30% ± 2%",
        "plan[scope]: middle — 40% ± 4%",
    ]
    assert list(ranges.x) == [0.6, 0.3, 0.4]
    assert list(ranges.error_x.array) == pytest.approx([0.03, 0.02, 0.04])


def test_dynamic_document_gives_every_monthly_figure_and_the_lever_effects() -> None:
    secs = sections(ReportData(title="t", simulation=typed(dynamic_document())))
    assert [s.key for s in secs] == ["headline", "dynamics", "levers-effect"]
    assert secs[0].points[0].startswith("Settlement of the war: ")  # the answer first
    assert keys(secs) == ["events", "ground", "range", "levers", "terms", "levers-effect-0"]
    events = figure(secs, "events")
    assert [t.name for t in events.data] == [
        f"settlement (median {MONTHS[10]})",
        f"deal:minerals (median {MONTHS[5]})",
    ]
    assert list(events.data[0].x) == MONTHS
    levers = figure(secs, "levers").data[0]
    assert list(levers.y) == ["us-aid", "eu-sanctions"]
    assert list(levers.z[0])[3:7] == [1.0, 0.0, 0.0, 1.0]
    ground = figure(secs, "ground")
    assert next(iter(ground.data[1].y)) == pytest.approx(0.82)  # 95%: 0.8 + 2 × 0.01
    effect = figure(secs, "levers-effect-0")
    assert list(effect.data[0].y) == ["us-aid", "eu-sanctions"]
    assert effect.data[0].name == "months_earlier"


def test_event_curves_carry_the_last_probability_over_missing_months() -> None:
    doc = dynamic_document()
    doc["events"]["settlement"]["probability_by"] = {MONTHS[0]: 0.1, MONTHS[3]: 0.5}
    curve = figure(sections(ReportData(title="t", simulation=typed(doc))), "events").data[0]
    assert list(curve.y)[:5] == [0.1, 0.1, 0.1, 0.5, 0.5]


def test_sensitivity_document_missing_index_counts_as_zero() -> None:
    secs = sections(ReportData(title="t", sensitivity=typed(sensitivity_document())))
    fig = figure(secs, "sensitivity-0")
    st, s1 = fig.data
    assert (st.name, s1.name) == ("ST", "S1")
    assert list(st.y) == ["capability[us]", "position[ua, deal]", "salience[ru, deal]"]
    assert list(s1.x) == [0.5, 0.2, 0.0]
    assert fig.layout.title.text == "What moves deal most (sobol)"


def test_real_simulation_and_sensitivity_become_figures() -> None:
    from realpolitik.sim.montecarlo import simulate
    from realpolitik.sim.sensitivity import sensitivity_analysis

    sc = load_scenario(DEAL)
    sim = simulate(sc, "compromise", runs=1024, seed=5).to_json()
    sens = sensitivity_analysis(sc, "compromise", method="morris", runs=8, seed=5).to_json()
    secs = sections(
        ReportData(title="t", scenario=sc, simulation=typed(sim), sensitivity=typed(sens))
    )
    deal = figure(secs, "distribution-deal")
    q = sim["issues"]["deal"]["quantiles"]
    assert list(deal.data[0].base) == [q["0.05"]]
    assert list(deal.data[0].x) == pytest.approx([q["0.95"] - q["0.05"]])
    tornado = figure(secs, "sensitivity-0")
    rows = sens["outcomes"]["deal"]
    assert list(tornado.data[0].y) == [r["input"] for r in rows]
    assert tornado.data[0].name == "mu_star"
    assert {k for k in keys(secs) if k.startswith("sensitivity")} == {
        "sensitivity-0",
        "sensitivity-1",
        "sensitivity-2",
    }  # deal, plan[speed], plan[scope]


def test_real_dynamic_run_becomes_monthly_figures_on_the_war_issue_scale() -> None:
    from realpolitik.dynamics.api import simulate_dynamics

    sc = load_scenario(DYNAMIC)
    doc = simulate_dynamics(sc, runs=1024, seed=2, sensitivity_runs=1024).to_json()
    secs = sections(ReportData(title="t", scenario=sc, simulation=typed(doc)))
    events = figure(secs, "events")
    assert [t.name.split(" (")[0] for t in events.data] == list(doc["events"])
    assert list(events.data[0].x) == doc["months"]
    war = sc.issue(sc.war.issue)
    ground = figure(secs, "ground")
    assert ground.layout.yaxis.range == tuple(float(b) for b in war.bounds)
    median = next(t for t in ground.data if t.name == "median")
    assert list(median.y) == [doc["ground"][m]["0.5"] for m in doc["months"]]
    assert list(figure(secs, "levers").data[0].y) == list(doc["levers"])
    deals = [k for k in keys(secs) if k.startswith("deal-")]
    assert deals == [f"deal-{d}" for d, v in doc["deals"].items() if v.get("quantiles")]
    effects = figure(secs, "levers-effect-0").data[0]
    assert list(effects.y) == list(doc["sensitivity"]["indices"])
