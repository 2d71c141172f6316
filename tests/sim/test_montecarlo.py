"""Monte Carlo: determinism across backends, correct summaries, stored runs."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from realpolitik.errors import InputError
from realpolitik.io.scenario_file import scenario_from_data
from realpolitik.results.schemas import dump
from realpolitik.results.summaries import QUANTILES
from realpolitik.rng import BLOCK
from realpolitik.sim import simulate
from realpolitik.store import open_store
from tests.sim.scenarios import deal, deal_data

RUNS = 2 * BLOCK + 300  # a partial last block


def test_same_seed_same_bits_whatever_the_chunking_and_workers() -> None:
    sc = deal()
    ref = simulate(sc, "median_voter", runs=RUNS, seed=11, chunk_blocks=4)
    for kw in ({"chunk_blocks": 1}, {"chunk_blocks": 2}):
        other = simulate(sc, "median_voter", runs=RUNS, seed=11, **kw)  # type: ignore[arg-type]
        np.testing.assert_array_equal(other.outcomes["deal"], ref.outcomes["deal"])
        assert other.issues == ref.issues


def test_stochastic_model_is_reproducible_across_backends() -> None:
    """smp with stochastic state transitions draws from each block's own generator."""
    sc = deal()
    params = {"StateTransitions": "Stochastic", "max_turns": 2}
    a = simulate(sc, "smp", runs=BLOCK + 10, seed=3, params=params)
    b = simulate(
        sc,
        "smp",
        runs=BLOCK + 10,
        seed=3,
        params=params,
        backend="processes",
        workers=2,
        chunk_blocks=1,
    )
    c = simulate(sc, "smp", runs=BLOCK + 10, seed=4, params=params)
    np.testing.assert_array_equal(a.outcomes["deal"], b.outcomes["deal"])
    assert not np.array_equal(a.outcomes["deal"], c.outcomes["deal"])


def test_a_prefix_of_runs_is_the_same_whatever_the_total() -> None:
    """Block k depends on (seed, k) only: 1024 runs are the first 1024 of 3072."""
    sc = deal()
    short = simulate(sc, "compromise", runs=BLOCK, seed=8)
    long = simulate(sc, "compromise", runs=3 * BLOCK, seed=8)
    np.testing.assert_array_equal(long.outcomes["deal"][:BLOCK], short.outcomes["deal"])


def test_summaries_agree_with_the_outcomes() -> None:
    res = simulate(deal(), "compromise", runs=RUNS, seed=2)
    x = res.outcomes["deal"][:, 0]
    s = dump(res.issues["deal"])
    assert s["mean"] == pytest.approx(x.mean(), rel=1e-12)
    assert s["median"] == pytest.approx(np.median(x), rel=1e-12)
    for q in QUANTILES:
        assert s["quantiles"][str(q)] == pytest.approx(np.quantile(x, q), rel=1e-12)
    p = np.mean((x >= 40) & (x <= 60))
    assert s["probabilities"]["acceptable"] == pytest.approx(p)
    assert s["stderr"]["mean"] == pytest.approx(x.std(ddof=1) / np.sqrt(RUNS))
    assert s["stderr"]["probabilities"]["acceptable"] == pytest.approx(np.sqrt(p * (1 - p) / RUNS))
    assert 0 < s["stderr"]["median"] < s["sd"]


def test_known_distribution_of_a_linear_outcome() -> None:
    """Two equal actors, one at uniform(0, 100), one at 50: the compromise is U(25, 75).

    Exact: mean 50, 5 % quantile 27.5, P([40, 60]) = 0.4. Tolerance: 4 Monte Carlo
    standard errors as reported by the simulation itself.
    """
    data = deal_data()
    data["actors"] = [
        {
            "id": "a",
            "capability": 1,
            "stances": {"deal": {"position": "uniform(0, 100)", "salience": 50}},
        },
        {"id": "b", "capability": 1, "stances": {"deal": {"position": 50, "salience": 50}}},
    ]
    res = simulate(scenario_from_data(data, file="x"), "compromise", runs=20_000, seed=1)
    s = dump(res.issues["deal"])
    se = s["stderr"]
    assert abs(s["mean"] - 50) < 4 * se["mean"]
    assert abs(s["quantiles"]["0.05"] - 27.5) < 4 * se["quantiles"]["0.05"]
    assert abs(s["probabilities"]["acceptable"] - 0.4) < 4 * se["probabilities"]["acceptable"]


def test_uncertain_model_option_gives_per_run_options() -> None:
    """nash exponent choice(1, 2): each run uses the exponent it drew."""
    sc = deal()
    res = simulate(sc, "nash", runs=BLOCK, seed=5, params={"exponent": "choice(1, 2)"})
    one = simulate(sc, "nash", runs=BLOCK, seed=5, params={"exponent": 1})
    two = simulate(sc, "nash", runs=BLOCK, seed=5, params={"exponent": 2})
    assert "param[exponent]" in res.inputs
    assert res.params["exponent"] == "choice(1, 2)"
    # the scenario's own inputs are drawn first, in the same columns, so each run matches
    # the fixed-exponent run with the exponent it drew
    x, x1, x2 = res.outcomes["deal"], one.outcomes["deal"], two.outcomes["deal"]
    matches_one, matches_two = np.all(x == x1, axis=1), np.all(x == x2, axis=1)
    assert np.all(matches_one | matches_two)
    assert 0.3 < matches_one.mean() < 0.7


def test_non_numeric_option_cannot_be_uncertain() -> None:
    with pytest.raises(InputError, match="not a number"):
        simulate(deal(), "nash", runs=10, params={"disagreement": "choice(1, 2)"})


def test_continuous_option_warns_about_speed() -> None:
    with pytest.warns(UserWarning, match="once per run"):
        simulate(
            deal(),
            "eum",
            runs=8,
            seed=1,
            params={"status_quo_probability": "uniform(0.5, 1)", "rounds": 2},
        )


def test_constant_simulation_warns() -> None:
    data = deal_data()
    for a in data["actors"]:
        a["capability"] = 10
        a["stances"]["deal"] = {"position": 50, "salience": 50}
    with pytest.warns(UserWarning, match="no uncertain inputs"):
        simulate(scenario_from_data(data, file="x"), "compromise", runs=10, seed=1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"runs": 0}, "field 'runs'"),
        ({"backend": "threads"}, "unknown backend"),
        ({"workers": 0, "backend": "processes"}, "field 'workers'"),
        ({"keep": "everything"}, "field 'keep'"),
        ({"scheduler": "tcp://127.0.0.1:1"}, "scheduler address needs the dask backend"),
    ],
)
def test_bad_options_are_input_errors(kwargs: dict[str, object], message: str) -> None:
    with warnings.catch_warnings(), pytest.raises(InputError, match=message):
        simulate(deal(), "compromise", **kwargs)  # type: ignore[arg-type]


def test_model_that_cannot_handle_the_dimensions_is_refused() -> None:
    data = deal_data()
    data["issues"][0]["dimensions"] = ["x", "y"]
    data["issues"][0]["ranges"] = {}
    for a in data["actors"]:
        a["stances"]["deal"] = {"position": [10, 20], "salience": [50, 50]}
    a0 = data["actors"][0]
    a0["stances"]["deal"]["position"] = ["uniform(0, 100)", 20]
    with pytest.raises(InputError, match="at most 1 dimension"):
        simulate(scenario_from_data(data, file="x"), "eum", runs=10)
    res = simulate(scenario_from_data(data, file="x"), "compromise", runs=500, seed=1)
    assert res.outcomes["deal"].shape == (500, 2)
    assert isinstance(res.issues["deal"].mean, list)
    assert res.inputs[0] == "capability[us]"
    assert "position[us, deal, x]" in res.inputs


def test_stored_simulation_is_complete_with_its_summary_and_chunks() -> None:
    store = open_store()
    res = simulate(deal(), "compromise", runs=RUNS, seed=9, store=store, chunk_blocks=1)
    record = store.get(res.run_id or 0)
    assert record.complete
    assert record.kind == "simulate"
    assert record.seed == 9
    assert record.runs == RUNS
    assert record.summary == res.to_json()
    chunks = store.chunks(record.id)
    assert sorted(chunks) == [0, 1, 2]
    np.testing.assert_array_equal(
        np.concatenate([chunks[k] for k in range(3)]), res.outcomes["deal"]
    )


def test_keep_trajectories_writes_a_tidy_table() -> None:
    store = open_store()
    res = simulate(
        deal(), "eum", runs=50, seed=1, params={"rounds": 3}, keep="trajectories", store=store
    )
    table = store.result_set(res.run_id or 0).table
    rows = table.to_pylist()
    forecasts = [r for r in rows if r["variable"] == "forecast"]
    assert len(forecasts) == 50
    assert {r["variable"] for r in rows} >= {"forecast", "position", "median", "mean"}
    run0 = sorted(r["value"] for r in forecasts if r["run"] == 0)
    assert run0 == [res.outcomes["deal"][0, 0]]
    positions = [r for r in rows if r["variable"] == "position" and r["run"] == 7]
    assert {r["actor"] for r in positions} == {"us", "ua", "ru", "eu"}
    assert max(r["step"] for r in positions) <= 3
