"""Bugs the reliability suites found in code owned elsewhere, kept as regression tests.

- A deal's claim shift was applied after the month's clip to the issue's
  bounds, so in the month the deal was signed the claim (and that month's
  audience costs) lay off the scale. Found by
  ``tests/properties/test_dynamics_properties.py``; fixed in the engine
  (commit 5822160, "stances clipped after deal effects too").
- Both belligerents' strength set to 0 by events gave NaN battle odds (0/0),
  NaN ground and a traceback. Fixed in the engine: with no strength on either
  side no battle is fought and θ = 1/2 (docs/dynamics.md); the property tests'
  strategy now draws strength multipliers down to 0.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.dynamics.api import run_dynamics
from realpolitik.dynamics.spec import compile_dynamics
from realpolitik.io.scenario_file import scenario_from_data
from realpolitik.results.schemas import validate_document


def _war_with_a_claim_deal() -> dict[str, Any]:
    """A deal signed in the first month whose effect moves the attacker's claim off the scale."""
    return {
        "metadata": {"title": "claim shift"},
        "issues": [{"id": "line", "bounds": [0, 100]}, {"id": "fund", "bounds": [0, 100]}],
        "actors": [
            {
                "id": "a",
                "capability": 1,
                "stances": {
                    "line": {"position": 90, "salience": 1},
                    "fund": {"position": 50, "salience": 1},
                },
            },
            {
                "id": "b",
                "capability": 1,
                "stances": {
                    "line": {"position": 10, "salience": 1},
                    "fund": {"position": 50, "salience": 1},
                },
            },
            {"id": "m", "capability": 1, "stances": {"line": {"position": 50, "salience": 1}}},
        ],
        "clock": {"start": "2025-01", "horizon": 3},
        "war": {
            "issue": "line",
            "defender": {
                "actor": "a",
                "strength": 1,
                "monthly_cost": 1,
                "prior": {"mean": 0.5, "strength": 10},
            },
            "attacker": {
                "actor": "b",
                "strength": 1,
                "monthly_cost": 1,
                "prior": {"mean": 0.5, "strength": 10},
            },
            "ground": 50,
            "battle_rate": 0,
            "step": 1,
            "mediator": "m",
        },
        "deals": [
            {
                "id": "d",
                "issue": "fund",
                "signatories": {"a": {"accept": [0, 100]}},
                "effects": [{"actor": "b", "claim": -50}],
            }
        ],
    }


def test_a_deal_that_shifts_a_claim_keeps_it_on_the_scale() -> None:
    sc = scenario_from_data(_war_with_a_claim_deal(), file="<test>")
    out = run_dynamics(compile_dynamics(sc), 8, seed=1)
    assert np.all(out.deal_month[:, 0] == 0)
    assert np.all(out.claim >= 0.0), out.claim[0, :, 1]


def _both_sides_lose_all_strength() -> dict[str, Any]:
    """An event multiplies both belligerents' strength by 0 (allowed: multipliers in [0, 1000])."""
    side = {"strength": 1, "monthly_cost": 1, "prior": {"mean": 0.5, "strength": 10}}
    return {
        "metadata": {"title": "both strengths to zero"},
        "issues": [{"id": "war", "bounds": [0, 100]}],
        "actors": [
            {"id": a, "capability": 1, "stances": {"war": {"position": p, "salience": 1}}}
            for a, p in (("def", 90), ("att", 10), ("med", 50))
        ],
        "clock": {"start": "2025-01", "horizon": 3},
        "war": {
            "issue": "war",
            "defender": {"actor": "def", **side},
            "attacker": {"actor": "att", **side},
            "ground": 50,
            "battle_rate": 5,
            "step": 1,
            "mediator": "med",
        },
        "events": [
            {
                "id": "collapse",
                "month": "2025-02",
                "effects": [{"actor": "def", "strength": 0}, {"actor": "att", "strength": 0}],
            }
        ],
    }


def test_a_valid_scenario_where_both_sides_lose_all_strength_simulates(tmp_path: Path) -> None:
    path = tmp_path / "zero.yaml"
    path.write_text(yaml.safe_dump(_both_sides_lose_all_strength()), encoding="utf-8")
    result = CliRunner().invoke(app, ["simulate", str(path), "--runs", "50", "--json"])
    assert result.exit_code == 0, result.exception
    validate_document("simulate-dynamic", result.stdout)


def test_with_no_strength_on_either_side_no_battle_is_fought() -> None:
    """The documented rule (docs/dynamics.md): θ = 1/2, ground and beliefs stay put."""
    data = _both_sides_lose_all_strength()
    for side, mean in (("defender", 0.9), ("attacker", 0.1)):  # mutual optimism, no costs:
        data["war"][side].update(monthly_cost=0, prior={"mean": mean, "strength": 10})
    sc = scenario_from_data(data, file="<test>")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = run_dynamics(compile_dynamics(sc), 200, seed=1)
    assert np.all(out.settled == -1)  # the war goes on, but nobody can fight it
    assert np.any(out.ground[:, 1] != 50.0)  # month 0 was fought
    np.testing.assert_array_equal(out.theta[:, 1:], 0.5)
    np.testing.assert_array_equal(out.ground[:, 3], out.ground[:, 1])
    np.testing.assert_array_equal(out.belief[:, 2], out.belief[:, 1])
    assert np.all(np.isfinite(out.lower))
    assert np.all(np.isfinite(out.upper))
