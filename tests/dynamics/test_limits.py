"""Limits of the bargaining model of war (Fearon 1995; Slantchev 2003; Smith & Stam 2004).

- Complete information (both sides know the balance of power) and positive
  costs of war: the bargaining range is open from the start, so with a fast
  settlement rate the war ends at once.
- Mutual optimism and no fighting: nothing reveals the balance of power, the
  range never opens, no settlement.
- Mutual optimism with fighting: battles reveal the balance of power, the
  beliefs converge and settlement becomes likely after the high season.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tests.dynamics.helpers import simulate

SUMMER = [0.2, 0.2, 0.5, 1.0, 1.8, 2.2, 2.2, 1.8, 1.0, 0.5, 0.2, 0.2]


def duel(mean_a: float, mean_b: float, strength: float, season: list[float]) -> dict[str, Any]:
    """Two belligerents of equal strength (θ = 1/2), no third parties, start in January."""

    def side(actor: str, mean: float) -> dict[str, Any]:
        return {
            "actor": actor,
            "strength": 1,
            "monthly_cost": 2,
            "prior": {"mean": mean, "strength": strength},
        }

    return {
        "metadata": {"title": "duel"},
        "issues": [{"id": "line"}],
        "actors": [
            {"id": "a", "capability": 1, "stances": {"line": {"position": 100, "salience": 1}}},
            {"id": "b", "capability": 1, "stances": {"line": {"position": 0, "salience": 1}}},
        ],
        "clock": {"start": "2025-01", "horizon": 24, "season": season},
        "war": {
            "issue": "line",
            "defender": side("a", mean_a),
            "attacker": side("b", mean_b),
            "ground": 50,
            "battle_rate": 10,
            "step": 1,
            "planning_horizon": 6,
            "settlement_rate": 1000,
            "terms": "nash",
        },
    }


def test_complete_information_and_positive_costs_settle_at_once() -> None:
    out = simulate(duel(0.5, 0.5, 1e9, SUMMER), runs=1024)
    assert np.all(out.settled == 0)
    # The range is [p − C_A, p + C_B] = [50 − 12, 50 + 12]; equal strength: its midpoint.
    np.testing.assert_allclose(out.lower[:, 0], 38.0)
    np.testing.assert_allclose(out.upper[:, 0], 62.0)
    np.testing.assert_allclose(out.terms, 50.0)
    # Peace at once: the ground never moves.
    np.testing.assert_array_equal(out.ground, 50.0)


def test_mutual_optimism_without_fighting_never_settles() -> None:
    out = simulate(duel(0.8, 0.2, 20, [0.0] * 12), runs=1024)
    assert np.all(out.settled == -1)
    np.testing.assert_allclose(out.belief[:, -1, 0], 0.8)  # nothing was learnt
    np.testing.assert_allclose(out.belief[:, -1, 1], 0.2)
    assert np.all(out.lower > out.upper)  # the range stays shut


def test_mutual_optimism_with_fighting_converges_and_settles_after_the_high_season() -> None:
    # Priors worth 50 battles each: the range opens once about 100 battles have
    # been seen, i.e. at the end of the May-August campaign.
    out = simulate(duel(0.8, 0.2, 50, SUMMER), runs=2048)
    gap = out.belief[:, :, 0] - out.belief[:, :, 1]
    assert gap[:, -1].mean() < gap[:, 0].mean() / 3  # beliefs converge
    by = [np.mean((out.settled >= 0) & (out.settled <= t)) for t in range(24)]
    assert by[6] < 0.01  # nothing before the campaign has run its course (to July) ...
    assert by[7] < 0.1  # ... hardly anything by the end of August ...
    assert by[11] > 0.8  # ... most of it in the autumn (by December)
    assert by[23] > 0.99
