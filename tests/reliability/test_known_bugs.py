"""Bugs found by the reliability suites in code owned elsewhere, pinned as strict xfails.

Each test states the invariant it checks; when the bug is fixed the test
passes, ``strict=True`` turns that into a failure, and the marker must go.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from realpolitik.dynamics.api import run_dynamics
from realpolitik.dynamics.spec import compile_dynamics
from realpolitik.io.scenario_file import scenario_from_data


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


@pytest.mark.xfail(
    strict=True,
    reason="dynamics engine: a deal's claim shift (dynamics/deals.py -> effects.apply_effects) "
    "is applied after the month's clip to the issue's bounds (engine._month), so in the "
    "month the deal is signed the claim (and that month's audience costs) lie off the scale; "
    "found by tests/properties/test_dynamics_properties.py",
)
def test_a_deal_that_shifts_a_claim_keeps_it_on_the_scale() -> None:
    sc = scenario_from_data(_war_with_a_claim_deal(), file="<test>")
    out = run_dynamics(compile_dynamics(sc), 8, seed=1)
    assert np.all(out.deal_month[:, 0] == 0)
    assert np.all(out.claim >= 0.0), out.claim[0, :, 1]
