"""Sensitivity analysis: the inputs that drive an outcome come first."""

from __future__ import annotations

import pytest

from realpolitik.errors import InputError
from realpolitik.io.scenario_file import scenario_from_data
from realpolitik.scenario import Scenario
from realpolitik.sim import sensitivity_analysis
from realpolitik.store import open_store
from tests.sim.scenarios import deal_data


def _lopsided() -> Scenario:
    """The compromise of a strong actor anywhere in [0, 100] and weak ones barely uncertain."""
    data = deal_data()
    data["actors"] = [
        {
            "id": "big",
            "capability": 100,
            "stances": {"deal": {"position": "uniform(0, 100)", "salience": 80}},
        },
        {
            "id": "small",
            "capability": 5,
            "stances": {"deal": {"position": "uniform(45, 55)", "salience": 80}},
        },
        {
            "id": "tiny",
            "capability": "uniform(1, 2)",
            "stances": {"deal": {"position": 50, "salience": 80}},
        },
    ]
    return scenario_from_data(data, file="x")


def test_sobol_ranks_the_dominant_input_first() -> None:
    res = sensitivity_analysis(_lopsided(), "compromise", method="sobol", runs=256, seed=1)
    rows = res.outcomes["deal"]
    assert rows[0].input == "position[big, deal]"
    assert rows[0].ST > 0.9
    assert pytest.approx(rows[0].ST, abs=0.1) == rows[0].S1  # almost additive
    assert all(r.ST_conf is not None and r.ST_conf >= 0 for r in rows)
    totals = [r.ST for r in rows]
    assert totals == sorted(totals, reverse=True)
    assert res.evaluations == 256 * (3 + 2)


def test_morris_ranks_the_dominant_input_first() -> None:
    res = sensitivity_analysis(_lopsided(), "compromise", method="morris", runs=20, seed=1)
    rows = res.outcomes["deal"]
    assert rows[0].input == "position[big, deal]"
    assert rows[0].mu_star > 10 * rows[1].mu_star
    assert res.evaluations == 20 * 4


def test_same_seed_same_indices() -> None:
    a = sensitivity_analysis(_lopsided(), "median_voter", method="sobol", runs=64, seed=5)
    b = sensitivity_analysis(
        _lopsided(), "median_voter", method="sobol", runs=64, seed=5, chunk_blocks=1
    )
    assert a.outcomes == b.outcomes


def test_sobol_runs_are_rounded_to_a_power_of_two() -> None:
    with pytest.warns(UserWarning, match="power of two: using 128 base samples instead of 100"):
        res = sensitivity_analysis(_lopsided(), "compromise", method="sobol", runs=100, seed=1)
    assert res.runs == 128


def test_no_uncertain_input_is_an_input_error() -> None:
    data = deal_data()
    for a in data["actors"]:
        a["capability"] = 10
        a["stances"]["deal"] = {"position": 50, "salience": 50}
    with pytest.raises(InputError, match="no uncertain inputs"):
        sensitivity_analysis(scenario_from_data(data, file="x"), "compromise")


def test_unknown_method_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown method"):
        sensitivity_analysis(_lopsided(), "compromise", method="fast")


def test_stored_analysis_exports_its_indices() -> None:
    store = open_store()
    res = sensitivity_analysis(
        _lopsided(), "compromise", method="morris", runs=10, seed=1, store=store
    )
    record = store.get(res.run_id or 0)
    assert record.kind == "sensitivity"
    assert record.complete
    table = store.result_set(record.id).table.to_pylist()
    first = [r for r in table if r["input"] == "position[big, deal]" and r["index"] == "mu_star"]
    assert first[0]["value"] == pytest.approx(res.outcomes["deal"][0].mu_star)
