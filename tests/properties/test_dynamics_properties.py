"""Properties of the monthly engine on generated valid dynamic scenarios (docs/dynamics.md).

Whatever the war, levers, deals and events, the engine runs without an
exception and its outputs respect the model's invariants: months within the
horizon, a war that ends at most once, ground and terms on the issue's scale,
odds and beliefs in [0, 1], event curves non-decreasing probabilities, and a
JSON document that matches its schema.
"""

from __future__ import annotations

import json

import numpy as np
from hypothesis import HealthCheck, given, settings

from realpolitik.dynamics.api import simulate_dynamics
from realpolitik.dynamics.output import DynamicsOutput
from realpolitik.dynamics.spec import CompiledDynamics
from realpolitik.results.schemas import DynamicDocument, validate_data
from realpolitik.scenario import Scenario
from tests.strategies import dynamic_scenarios, examples

RUNS = 48
"""Runs per generated scenario: enough for every branch to show up in some run."""

EPS = 1e-9
"""Slack for float round-off on the issue's scale (bounds up to ±2000)."""

SETTINGS = settings(
    max_examples=examples(30),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _months_ok(months: np.ndarray, horizon: int) -> bool:
    return bool(np.all((months == -1) | ((months >= 0) & (months < horizon))))


def _check_ends(dyn: CompiledDynamics, out: DynamicsOutput) -> None:
    """A war ends at most once: by settlement (with terms) or by a victory at a bound."""
    t = dyn.horizon
    assert _months_ok(out.settled, t)
    assert _months_ok(out.victory, t)
    assert not np.any((out.settled >= 0) & (out.victory >= 0))
    assert np.array_equal(out.victor == -1, out.victory == -1)
    assert set(np.unique(out.victor)) <= {-1, 0, 1}
    settled = out.settled >= 0
    assert np.all(np.isfinite(out.terms[settled]))
    assert np.all(np.isnan(out.terms[~settled]))
    terms = out.terms[settled]
    assert np.all((terms >= dyn.lower - EPS) & (terms <= dyn.upper + EPS))


def _check_ground(dyn: CompiledDynamics, out: DynamicsOutput) -> None:
    """Ground stays on the scale, and stops moving once the war has ended."""
    g = out.ground
    assert np.all(np.isfinite(g))
    assert np.all((g >= dyn.lower - EPS) & (g <= dyn.upper + EPS))
    for r in range(out.batch):
        if out.settled[r] >= 0:  # no battle in the month of the settlement nor after
            end = int(out.settled[r])
            np.testing.assert_array_equal(g[r, end:], g[r, end])
        if out.victory[r] >= 0:  # the month's battles reach a bound, then nothing moves
            end = int(out.victory[r]) + 1
            np.testing.assert_array_equal(g[r, end:], g[r, end])
            assert min(abs(g[r, end] - dyn.lower), abs(g[r, end] - dyn.upper)) <= EPS


def _check_series(dyn: CompiledDynamics, out: DynamicsOutput) -> None:
    assert np.all((out.theta >= 0) & (out.theta <= 1))
    assert np.all((out.belief >= 0) & (out.belief <= 1))
    assert np.all(np.isfinite(out.lower))
    assert np.all(np.isfinite(out.upper))
    assert np.all(np.isfinite(out.levers))
    assert np.all(out.levers >= 0)
    assert np.all((out.claim >= dyn.lower - EPS) & (out.claim <= dyn.upper + EPS))
    assert _months_ok(out.deal_month, dyn.horizon)
    for d, deal in enumerate(dyn.deals):
        month = out.deal_month[:, d]
        assert np.all((month == -1) | (month >= deal.start))
        outcome = out.deal_outcome[:, :, d]
        shown = outcome[~np.isnan(outcome)]
        assert np.all((shown >= 0 - EPS) & (shown <= 100 + EPS))  # the deal issue is 0-100


def _check_document(doc: dict, horizon: int) -> None:
    """Event curves are non-decreasing probabilities; ends of the war add up to at most 1."""
    parsed = validate_data("simulate-dynamic", doc)
    assert isinstance(parsed, DynamicDocument)
    assert len(doc["months"]) == horizon
    total = np.zeros(horizon)
    for name, event in doc["events"].items():
        p = np.array([event["probability_by"][m] for m in doc["months"]])
        assert np.all(np.diff(p) >= 0), name
        assert event["probability"] == p[-1]
        first = np.flatnonzero(p >= 0.5)
        expected = doc["months"][first[0]] if first.size else None
        assert event["median_month"] == expected
        if name == "settlement" or name.startswith("victory:"):
            total += p
    assert np.all(total <= 1 + 1e-12)
    for month, q in doc["ground"].items():
        values = [q[k] for k in ("0.05", "0.25", "0.5", "0.75", "0.95")]
        assert values == sorted(values), month


@SETTINGS
@given(dynamic_scenarios())
def test_engine_runs_and_respects_its_invariants(sc: Scenario) -> None:
    result = simulate_dynamics(sc, runs=RUNS, seed=3, sensitivity_runs=16)
    out, dyn = result.output, result.dyn
    assert out.batch == RUNS
    assert out.ground.shape == (RUNS, dyn.horizon + 1)
    _check_ends(dyn, out)
    _check_ground(dyn, out)
    _check_series(dyn, out)
    doc = result.to_json()
    json.dumps(doc, allow_nan=False)
    _check_document(doc, dyn.horizon)
    if dyn.n_levers:
        assert result.sensitivity is not None
        assert set(result.sensitivity.indices) == set(dyn.lever_ids)
