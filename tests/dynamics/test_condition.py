"""Conditioning a war on observations (dynamics.condition, dynamics.conditioned).

A synthetic war whose true parameter is known; hard constraints, likelihoods
and interventions each; the ESS notice and the "ruled out by" error;
determinism across backends and chunk sizes.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import numpy as np
import pytest

from realpolitik.dynamics.api import run_dynamics
from realpolitik.dynamics.conditioned import ESS_MIN, condition_dynamics
from realpolitik.dynamics.spec import compile_dynamics
from realpolitik.errors import InputError
from realpolitik.scenario.observations import Observation

from .helpers import example_data, scenario

RUNS = 2048
SEED = 7
TRUE_STRENGTH = 75.0


def _synthetic(strength: Any) -> dict[str, Any]:
    """Two sides, no levers, no settlement (κ = 0): the ground drifts with the attacker's
    strength."""
    return {
        "format": "realpolitik/1",
        "metadata": {"title": "synthetic", "as_of": "2025-02-28"},
        "issues": [{"id": "line", "name": "line", "bounds": [0, 100]}],
        "actors": [
            {"id": "blue", "capability": 50, "stances": {"line": {"position": 90, "salience": 1}}},
            {"id": "red", "capability": 50, "stances": {"line": {"position": 10, "salience": 1}}},
        ],
        "clock": {"start": "2025-03", "horizon": 12},
        "war": {
            "issue": "line",
            "defender": {
                "actor": "blue",
                "strength": 50,
                "monthly_cost": 1,
                "prior": {"mean": 0.5, "strength": 10},
            },
            "attacker": {
                "actor": "red",
                "strength": strength,
                "monthly_cost": 1,
                "prior": {"mean": 0.5, "strength": 10},
            },
            "ground": 50,
            "battle_rate": 200,
            "step": 0.05,
            "settlement_rate": 0,
            "terms": "nash",
        },
    }


def _month_end(t: int) -> dt.date:
    first = dt.date(2025, 3 + t, 1) if t < 10 else dt.date(2026, t - 9, 1)
    nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _history(months: int) -> list[Observation]:
    """The true war's ground (one run with the true strength), measured at each month's end."""
    truth = compile_dynamics(scenario(_synthetic(TRUE_STRENGTH)))
    path = run_dynamics(truth, 1, 99).ground[0]
    return [
        Observation(
            date=_month_end(t),
            kind="measure",
            subject="ground",
            value=float(path[t + 1] - path[0]),
            sd=0.5,
        )
        for t in range(months)
    ]


def _with(data: dict[str, Any], observations: list[Observation]) -> Any:
    return scenario(data).model_copy(update={"observations": observations})


def test_posterior_concentrates_around_the_true_strength_as_observations_accumulate() -> None:
    prior = _synthetic("uniform(30, 120)")
    spread = []
    for months in (1, 4, 12):
        sc = _with(prior, _history(months))
        post = condition_dynamics(sc, runs=RUNS, seed=SEED, with_static=False)
        p = post.conditioning.posterior["war.attacker.strength"]
        spread.append(p.sd)
        # the truth lies within 2.5 posterior sds of the posterior mean (seeded, exact)
        assert abs(p.mean - TRUE_STRENGTH) < 2.5 * p.sd, (months, p)
    assert spread[0] > spread[1] > spread[2]
    assert spread[2] < 0.2 * post.conditioning.posterior["war.attacker.strength"].prior_sd


def _observe(
    sc_data: dict[str, Any], *rows: tuple[str, str, str, float | None, float | None]
) -> Any:
    obs = [
        Observation(date=dt.date.fromisoformat(d), kind=k, subject=s, value=v, sd=e)  # type: ignore[arg-type]
        for d, k, s, v, e in rows
    ]
    return _with(sc_data, obs)


def test_a_hard_fact_leaves_only_runs_that_agree_with_it() -> None:
    sc = _observe(
        example_data(),
        ("2025-04-20", "event", "deal:minerals", None, None),
        ("2025-05-31", "no_event", "settlement", None, None),
    )
    plain = run_dynamics(compile_dynamics(sc), RUNS, SEED)
    assert (plain.settled == 2).sum() > RUNS / 10  # a tenth of the runs settle in May 2025
    doc = condition_dynamics(sc, runs=RUNS, seed=SEED, with_static=False).to_json()
    deal = doc["events"]["deal:minerals"]["probability_by"]
    assert deal["2025-03"] == 0.0
    assert deal["2025-04"] == 1.0
    by = doc["events"]["settlement"]["probability_by"]
    assert by["2025-05"] == 0.0
    assert by["2025-06"] > 0.5
    assert doc["conditioning"]["as_of"] == "2025-05"


def test_a_mid_month_no_event_does_not_rule_out_its_own_month() -> None:
    sc = _observe(example_data(), ("2025-06-15", "no_event", "settlement", None, None))
    doc = condition_dynamics(sc, runs=RUNS, seed=SEED, with_static=False).to_json()
    by = doc["events"]["settlement"]["probability_by"]
    assert by["2025-05"] == 0.0
    assert by["2025-06"] > 0.0


def test_a_measure_weighs_runs_by_its_gaussian_likelihood() -> None:
    """The resampled runs' mean ground equals the likelihood-weighted mean of the prior runs,
    within 4 Monte Carlo standard errors of the resampled mean."""
    data = example_data()
    sc = _observe(data, ("2025-06-30", "measure", "ground", 1.0, 1.0))
    plain = run_dynamics(compile_dynamics(sc), RUNS, SEED)
    change = plain.ground[:, 4] - plain.ground[:, 0]
    w = np.exp(-0.5 * (change - 1.0) ** 2)
    weighted = float((w * plain.ground[:, 4]).sum() / w.sum())
    doc = condition_dynamics(sc, runs=RUNS, seed=SEED, with_static=False).to_json()
    c = doc["conditioning"]
    ess = c["ess"]
    assert 0 < ess < RUNS
    g = doc["ground"]["2025-06"]
    sd = (g["0.95"] - g["0.05"]) / 3.29
    assert abs(g["0.5"] - weighted) < 4 * sd / np.sqrt(ess) + 0.5  # median vs mean: half a step
    prior_sd = float(change.std())
    assert (g["0.95"] - g["0.05"]) / 3.29 < prior_sd


def test_a_lever_observation_pins_its_activity_in_every_run_without_weighing_them() -> None:
    data = example_data()
    sc = _observe(data, ("2025-04-01", "lever", "ally_aid", 0.0, None))
    result = condition_dynamics(sc, runs=RUNS, seed=SEED, with_static=False)
    doc = result.to_json()
    assert doc["levers"]["ally_aid"]["2025-04"] == {"on": 0.0, "mean": 0.0}
    assert doc["levers"]["ally_aid"]["2025-05"]["on"] > 0.9  # only that month is pinned
    assert doc["conditioning"]["ess"] == RUNS
    assert doc["conditioning"]["distinct_draws"] == RUNS  # equal weights: every run kept once
    assert doc["conditioning"]["weights"] == []
    assert doc["conditioning"]["observations"] == 1
    half = _observe(data, ("2025-04-16", "lever", "ally_aid", 0.0, None))
    dyn = compile_dynamics(half)
    from realpolitik.dynamics.observe import compile_observations

    obs = compile_observations(dyn, list(half.observations), "2025-03")
    k = dyn.lever_ids.index("ally_aid")
    assert obs.pin_frac[1, k] == pytest.approx(15 / 30)  # 16-30 April of 30 days
    assert obs.pin_add[1, k] == 0.0


def test_few_consistent_runs_give_a_notice_with_the_runs_to_add() -> None:
    sc = _observe(example_data(), ("2025-06-30", "measure", "ground", 1.0, 0.05))
    c = condition_dynamics(sc, runs=RUNS, seed=SEED, with_static=False).conditioning
    assert c.ess < ESS_MIN
    assert c.notice is not None
    assert "--runs" in c.notice
    more = int(c.notice.split("--runs ")[1].split(")")[0])
    assert more > RUNS
    assert more % 1024 == 0


def test_no_consistent_run_names_the_observation_that_ruled_them_out() -> None:
    sc = _observe(
        example_data(),
        ("2025-03-31", "no_event", "settlement", None, None),
        ("2025-05-15", "event", "victory:blue", None, None),
        ("2025-08-31", "measure", "ground", 0.0, 1.0),
    )
    with pytest.raises(InputError, match="'2025-05-15 event victory:blue' ruled out the last"):
        condition_dynamics(sc, runs=RUNS, seed=SEED, with_static=False)


@pytest.mark.slow
def test_the_same_on_every_backend_and_chunk_size() -> None:
    sc = _observe(
        example_data(),
        ("2025-04-15", "event", "deal:minerals", None, None),
        ("2025-07-31", "measure", "ground", -2.0, 2.0),
    )
    serial = condition_dynamics(sc, runs=3000, seed=SEED, chunk_blocks=4).to_json()
    chunked = condition_dynamics(sc, runs=3000, seed=SEED, chunk_blocks=1).to_json()
    procs = condition_dynamics(
        sc, runs=3000, seed=SEED, backend="processes", workers=2, chunk_blocks=1
    ).to_json()
    assert json.dumps(serial) == json.dumps(chunked) == json.dumps(procs)
