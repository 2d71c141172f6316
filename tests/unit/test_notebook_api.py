"""The notebook API: results as tidy DataFrames, HTML tables and the report's figures."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import realpolitik as rp
from realpolitik.forecast import Forecast
from realpolitik.models import get_model
from realpolitik.notebook import MissingExtraError, backtest
from realpolitik.sim.montecarlo import SimulationResult
from tests.backtest.conftest import write_scenario

SMALL = Path(__file__).parents[1] / "data" / "scenarios" / "small.yaml"


@pytest.fixture(scope="module")
def uncertain(tmp_path_factory: pytest.TempPathFactory) -> rp.Scenario:
    """The small scenario with two uncertain capabilities."""
    text = SMALL.read_text(encoding="utf-8")
    text = text.replace("capability: 60", 'capability: "60 ± 10"')
    text = text.replace("capability: 30", 'capability: "uniform(20, 40)"')
    path = tmp_path_factory.mktemp("nb") / "uncertain.yaml"
    path.write_text(text, encoding="utf-8")
    return rp.load_scenario(path)


@pytest.fixture(scope="module")
def minerals() -> rp.Scenario:
    return rp.load_scenario("minerals-deal-2025")


def test_the_issue_s_one_liner_returns_a_dataframe(minerals: rp.Scenario) -> None:
    fc = rp.forecast(minerals, "eum")
    df = fc.to_pandas()
    assert isinstance(df, pd.DataFrame)
    assert isinstance(fc, Forecast)  # still the engine's object
    assert list(df.columns) == [
        "issue", "issue_name", "dimension", "forecast", "input_mean", "model"
    ]  # fmt: skip
    assert list(df["issue"]) == [i.id for i in minerals.issues]
    for issue_id, traj in fc.trajectories.items():
        row = df[df["issue"] == issue_id]
        assert row["forecast"].item() == traj.forecast[0, 0]


def test_forecast_repr_is_short_and_html_shows_the_headline(minerals: rp.Scenario) -> None:
    fc = rp.forecast(minerals, "compromise")
    text = repr(fc)
    assert len(text) < 400
    assert "actors" not in text  # not the whole scenario
    html = fc._repr_html_()
    assert "<table>" in html
    assert "Security guarantees for Ukraine" in html
    assert "positions" in html  # the other tables are named


def test_positions_are_a_tidy_table_not_an_array(minerals: rp.Scenario) -> None:
    fc = rp.forecast(minerals, "eum")
    pos = fc.to_pandas("positions")
    traj = fc.trajectories["security_guarantees"]
    sub = pos[pos["issue"] == "security_guarantees"]
    assert len(sub) == traj.positions[0].size  # (rounds + 1) x actors x dimensions
    actors = list(fc.arrays["security_guarantees"].actor_ids)
    last = sub[sub["round"] == sub["round"].max()].set_index("actor")["position"]
    np.testing.assert_array_equal(last[actors].to_numpy(), traj.positions[0, -1, :, 0])
    rounds = fc.to_pandas("rounds")
    assert set(rounds.columns) == {"issue", "round", "dimension", "median", "mean"}


def test_two_dimensional_issue_has_a_dimension_column(uncertain: rp.Scenario) -> None:
    df = rp.forecast(uncertain).to_pandas()
    plan = df[df["issue"] == "plan"]
    assert list(plan["dimension"]) == ["speed", "scope"]


def test_simulation_tables(uncertain: rp.Scenario) -> None:
    sim = rp.simulate(uncertain, runs=1500, seed=5)
    assert isinstance(sim, SimulationResult)
    summary = sim.to_pandas()
    med = summary[(summary["issue"] == "budget") & (summary["statistic"] == "median")]
    assert med["value"].item() == sim.issues["budget"].median
    outcomes = sim.to_pandas("outcomes")
    assert len(outcomes) == 1500 * 3  # budget + plan's two dimensions
    budget = outcomes[outcomes["issue"] == "budget"].sort_values("run")["value"].to_numpy()
    np.testing.assert_array_equal(budget, sim.outcomes["budget"][:, 0])
    wide = sim.to_pandas("runs")
    assert list(wide.columns) == [
        "run", "capability[north]", "capability[south]", "budget", "plan[speed]", "plan[scope]"
    ]  # fmt: skip
    probs = sim.to_pandas("probabilities")
    assert probs["range"].tolist() == ["middle"]


def test_sampled_inputs_are_the_ones_the_runs_used(uncertain: rp.Scenario) -> None:
    """Rerun the compromise model on the rebuilt inputs: the same outcomes, bit for bit.

    2,100 runs cover three blocks of 1,024, so block seeds are checked too.
    """
    sim = rp.simulate(uncertain, runs=2100, seed=9)
    names, values = sim.samples
    assert names == ["capability[north]", "capability[south]"]
    assert values[:, 1].min() >= 20
    assert values[:, 1].max() <= 40
    from realpolitik.sim.evaluate import make_setup

    setup = make_setup(uncertain, "compromise", seed=9)
    spec = get_model("compromise")
    arrays = setup.plan.issue_arrays("budget", values)
    again = spec.run(arrays, setup.params.center, np.random.default_rng(0)).forecast
    np.testing.assert_array_equal(again, sim.outcomes["budget"])


def test_war_simulation_tables(minerals: rp.Scenario) -> None:
    war = rp.simulate(minerals, runs=300, seed=2)
    events = war.to_pandas("events")
    settle = events[events["event"] == "settlement"]
    assert len(settle) == minerals.clock.horizon
    assert settle["probability"].is_monotonic_increasing
    runs = war.to_pandas("runs")
    assert len(runs) == 300
    shares = runs["settled"].notna().mean()
    assert shares == pytest.approx(war.summary.events["settlement"].probability, abs=1e-12)
    # the sampled initial ground is the ground each run starts from
    np.testing.assert_allclose(war.output.ground[:, 0], runs["war.ground"], rtol=0, atol=1e-9)
    assert "deal:minerals" in runs.columns
    assert set(war.to_pandas("months")["variable"]) == {"ground", "lower", "upper"}
    assert "events" in war.figures()
    assert "settlement" in war._repr_html_()


def test_compare_result_tables_and_figures(uncertain: rp.Scenario) -> None:
    c = rp.compare(uncertain, ["compromise", "median_voter", "nash"], runs=200, seed=1)
    df = c.to_pandas()
    assert list(df["model"].unique()) == ["compromise", "median_voter", "nash"]
    assert {"forecast", "median", "q0.05", "q0.95"} <= set(df.columns)
    out = c.to_pandas("outcomes")
    assert len(out) == 3 * 200 * 3
    figs = c.figures()
    assert {"compare-budget-0", "compare-plan-0", "compare-plan-1"} <= set(figs)
    assert len(figs["compare-budget-0"].data[-1].y) == 3  # the three models on one chart


def test_sensitivity_and_backtest_tables(uncertain: rp.Scenario, tmp_path: Path) -> None:
    s = rp.sensitivity(uncertain, runs=16, seed=1)
    df = s.to_pandas()
    assert set(df["measure"]) >= {"S1", "ST"}
    assert set(df["outcome"]) == {"budget", "plan[speed]", "plan[scope]"}
    assert s.figures()
    bt = backtest(str(write_scenario(tmp_path / "case.yaml")), ["compromise", "median_voter"])
    scores = bt.to_pandas()
    assert {"compromise", "median_voter"} <= set(scores["model"])
    assert "mae" in set(scores["metric"])
    fc = bt.to_pandas("forecasts")
    assert len(fc) == len(bt.outcome) * len(bt.models)
    assert bt.figures() == {}


def test_unknown_table_names_the_tables(minerals: rp.Scenario) -> None:
    with pytest.raises(ValueError, match="tables: forecasts, positions, rounds"):
        rp.forecast(minerals).to_pandas("nope")


def test_missing_pandas_names_the_extra(
    minerals: rp.Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    fc = rp.forecast(minerals)
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtraError, match=r"realpolitik\[notebook\]"):
        fc.to_pandas()
    assert "<table>" in fc._repr_html_()  # the HTML view needs no pandas


def test_compare_html_puts_models_side_by_side(uncertain: rp.Scenario) -> None:
    c = rp.compare(uncertain, ["compromise", "nash"])
    caption, cols = c.headline()
    assert "forecast at the inputs' means" in caption
    assert list(cols) == ["issue", "dimension", "compromise", "nash"]
    assert cols["compromise"][0] == c.models[0].forecast["budget"]
    assert "<th>nash</th>" in c._repr_html_()
