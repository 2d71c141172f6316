"""The engine's plumbing: random numbers, blocks, orientation, events, summaries, CLI."""

from __future__ import annotations

import json
import warnings
from typing import Any

import numpy as np
import pytest
from scipy import stats
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.dynamics.api import run_dynamics, simulate_dynamics
from realpolitik.dynamics.battlefield import poisson_from_uniform
from realpolitik.dynamics.spec import compile_dynamics
from realpolitik.dynamics.summary import probability_by
from realpolitik.sim.backends import BackendConfig
from tests.dynamics.helpers import EXAMPLE, example_data, scenario, simulate


@pytest.mark.parametrize("mu", [0.0, 0.3, 2.0, 7.5, 25.0, 39.9])
def test_poisson_inversion_is_the_exact_quantile(mu: float) -> None:
    u = np.random.default_rng(1).random(5000)
    got = poisson_from_uniform(u, np.full_like(u, mu))
    np.testing.assert_array_equal(got, stats.poisson.ppf(u, mu))


def test_poisson_normal_branch_has_the_right_moments() -> None:
    u = np.random.default_rng(2).random(200_000)
    got = poisson_from_uniform(u, np.full_like(u, 400.0))
    # mean and variance 400; tolerances: 5 standard errors of each estimate
    assert abs(got.mean() - 400) < 5 * np.sqrt(400 / u.size)
    assert abs(got.var() - 400) < 5 * 400 * np.sqrt(2 / u.size)


def test_same_seed_same_numbers_and_chunking_does_not_matter() -> None:
    dyn = compile_dynamics(scenario(example_data()))
    a = run_dynamics(dyn, 2048, 11)
    b = run_dynamics(dyn, 3000, 11, BackendConfig(chunk_blocks=1))
    np.testing.assert_array_equal(a.settled, b.settled[:2048])
    np.testing.assert_array_equal(a.ground, b.ground[:2048])
    np.testing.assert_array_equal(a.levers, b.levers[:2048])
    c = run_dynamics(dyn, 2048, 12)
    assert not np.array_equal(a.ground, c.ground)


def test_process_backend_gives_the_same_numbers() -> None:
    dyn = compile_dynamics(scenario(example_data()))
    serial = run_dynamics(dyn, 2100, 5)
    pool = run_dynamics(dyn, 2100, 5, BackendConfig(kind="processes", workers=2, chunk_blocks=1))
    np.testing.assert_array_equal(serial.settled, pool.settled)
    np.testing.assert_array_equal(serial.terms, pool.terms)


def _mirror(data: dict[str, Any]) -> dict[str, Any]:
    """The same war written with the defender at the low end of the scale."""
    data["war"]["defender_end"] = "low"
    data["war"]["ground"] = 60
    for actor in data["actors"]:
        stance = actor["stances"].get("line")
        if stance:
            stance["position"] = 100 - stance["position"]
    for deal in data["deals"]:
        for e in deal["effects"]:
            if "preferred" in e:
                e["preferred"] = -e["preferred"]
    return data


def test_orientation_of_the_war_issue_is_only_a_convention() -> None:
    data = example_data()
    data["war"]["ground"] = 40
    out = simulate(data)
    mirrored = simulate(_mirror(example_data()))
    np.testing.assert_array_equal(out.settled, mirrored.settled)
    np.testing.assert_allclose(out.terms, 100 - mirrored.terms)
    np.testing.assert_allclose(out.ground, 100 - mirrored.ground)
    np.testing.assert_allclose(out.lower, 100 - mirrored.upper)


def test_an_uncertain_event_happens_in_its_share_of_runs() -> None:
    data = example_data()
    data["levers"] = []
    data["deals"] = []
    data["war"]["settlement_rate"] = 0  # keep every run at war
    data["events"] = [
        {
            "id": "truce",
            "month": "2025-06",
            "probability": "uniform(0.2, 0.4)",
            "effects": [{"battle_rate": 0}],
        },
    ]
    out = simulate(data, runs=4096)
    frozen = np.all(out.ground[:, 4:] == out.ground[:, 4:5], axis=1)
    # P(truce) = E[uniform(0.2, 0.4)] = 0.3; tolerance 5 binomial standard errors.
    assert abs(frozen.mean() - 0.3) < 5 * np.sqrt(0.3 * 0.7 / 4096)


def test_a_deal_can_switch_a_lever_on() -> None:
    out = simulate(example_data())
    relief = 7  # the side payment enabled by the minerals deal
    month = out.deal_month[:, 0]
    runs = np.arange(out.batch)
    assert np.all(out.levers[runs, month, relief] == 0)  # switched on from the next month
    assert np.all(out.levers[runs, month + 1, relief] == 3)


def test_summary_document() -> None:
    result = simulate_dynamics(scenario(example_data()), runs=1500, seed=3, sensitivity_runs=512)
    doc = json.loads(json.dumps(result.to_json(), allow_nan=False))
    months = doc["months"]
    assert len(months) == 24
    assert (months[0], months[-1]) == ("2025-03", "2027-02")
    settle = doc["events"]["settlement"]
    curve = [settle["probability_by"][m] for m in months]
    assert curve == sorted(curve)
    np.testing.assert_allclose(curve, probability_by(result.output.settled, 24))
    first_half = months[int(np.argmax(np.array(curve) >= 0.5))]
    assert settle["median_month"] == first_half
    assert {"settlement", "deal:minerals", "victory:blue", "victory:red"} <= set(doc["events"])
    assert set(doc["terms"]["quantiles"]) == {"0.05", "0.25", "0.5", "0.75", "0.95"}
    assert set(doc["ground"]) == set(months)
    assert len(doc["sensitivity"]["top"]) == 3
    assert doc["sensitivity"]["runs"] == 512


def test_probability_by_counts_events_by_the_end_of_each_month() -> None:
    months = np.array([-1, 0, 2, 2, 5])
    np.testing.assert_allclose(probability_by(months, 6), [0.2, 0.2, 0.6, 0.6, 0.6, 0.8])


def test_cli_simulate_routes_a_war_to_the_engine() -> None:
    result = CliRunner().invoke(
        app, ["simulate", str(EXAMPLE), "--runs", "1024", "--seed", "4", "--json"]
    )
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["kind"] == "dynamic"
    assert len(doc["events"]["deal:minerals"]["probability_by"]) == 24
    human = CliRunner().invoke(app, ["simulate", str(EXAMPLE), "--runs", "1024", "--seed", "4"])
    assert human.exit_code == 0, human.stderr
    assert "Probability that each event has happened" in human.stdout
    assert "Levers that move the settlement date most" in human.stdout


def test_extreme_valid_inputs_raise_no_floating_point_warning() -> None:
    """Strength ratio 1e18, contest exponent 1000, a condition threshold of 1e-310:
    the odds reach their limits and the linear rule its ends, with no overflow."""
    data = example_data()
    data["war"]["defender"]["strength"] = 1e-9
    data["war"]["attacker"]["strength"] = 1e9
    data["war"]["contest_exponent"] = 1000
    for lv in data["levers"]:
        if "condition" in lv:
            lv["condition"] = {"threshold": 1e-310, "above": 1, "below": 0, "mode": "linear"}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = simulate(data, runs=64)
    assert np.all(np.isfinite(out.ground))
    assert np.all(out.theta[:, 0] == 0.0)
