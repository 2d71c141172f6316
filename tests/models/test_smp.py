"""The spatial model of politics (smp): shared contract, properties, options, limits, output."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any, ClassVar

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from realpolitik.compile import IssueArrays, compile_scenario, stack
from realpolitik.errors import InputError
from realpolitik.forecast import forecast
from realpolitik.models import get_model
from realpolitik.models.base import Trajectory
from realpolitik.models.spatial import SMPParams
from realpolitik.results.document import run_document
from realpolitik.results.schemas import dump
from realpolitik.scenario import Scenario
from tests.models.contract import ModelContract, random_issue
from tests.strategies import issue_arrays, scenarios

ROUNDING = 0.005
"""Bargains round positions to 1e-4 of the scale (KTAB's round4): 0.005 on 0-100."""


def ktab_issue(seed: int, n: int = 7, d: int = 1, batch: int = 1) -> IssueArrays:
    """A random issue with positions to 0.01, as in KTAB's files."""
    arrays = random_issue(seed, n=n, d=d, batch=batch)
    return replace(arrays, position=arrays.position.round(2))


def run(arrays: IssueArrays, seed: int = 0, **params: Any) -> Trajectory:
    spec = get_model("smp")
    return spec.run(arrays, spec.make_params(params), np.random.default_rng(seed))


class TestSMPContract(ModelContract):
    model = "smp"
    dims: ClassVar[tuple[int, ...]] = (1, 2, 3)

    def cases(self) -> list[IssueArrays]:
        # Positions to 0.01 of the scale, as KTAB's inputs: its bargains round to
        # that grid, so results stay inside the range of the input positions.
        return [ktab_issue(seed, n=6 + seed % 4, d=d) for d in self.dims for seed in range(3)]


class TestSMPStochasticContract(ModelContract):
    model = "smp"
    params: ClassVar[dict[str, Any]] = {"StateTransitions": "Stochastic"}
    dims: ClassVar[tuple[int, ...]] = (1, 3)

    def cases(self) -> list[IssueArrays]:
        return [ktab_issue(seed, n=6, d=d) for d in self.dims for seed in range(2)]

    def test_batch_equals_runs_one_by_one(self) -> None:
        pytest.skip("stochastic transitions: a batch draws different numbers than single runs")

    def test_actor_order_irrelevant(self) -> None:
        pytest.skip("stochastic transitions: draws are matched to actors by position")


# ----------------------------------------------------------------------------- properties

valid_arrays = issue_arrays(min_actors=3, max_actors=8, dims=(1, 2, 3)).filter(
    lambda a: bool(np.all(a.salience.sum(axis=2) > 0.01))
)


@settings(max_examples=25, deadline=None)
@given(arrays=valid_arrays)
def test_positions_stay_inside_the_range_of_the_input(arrays: IssueArrays) -> None:
    out = run(arrays, max_turns=30)
    lo = arrays.position.min(axis=1)[:, None, None, :] - ROUNDING
    hi = arrays.position.max(axis=1)[:, None, None, :] + ROUNDING
    assert np.all((out.positions >= lo) & (out.positions <= hi))
    assert 1 <= int(out.rounds[0]) <= 30


def ktab_distinct_positions(close: np.ndarray) -> np.ndarray:
    """KTAB's ``setUENdx``, written plainly: each actor joins the first earlier distinct
    position it is close to, else starts a new one."""
    unique: list[int] = []
    rep = []
    for i in range(len(close)):
        match = next((j for j in unique if close[i, j]), None)
        if match is None:
            unique.append(i)
        rep.append(i if match is None else match)
    return np.array(rep)


@settings(max_examples=25, deadline=None)
@given(arrays=valid_arrays)
def test_reported_probabilities_are_a_distribution_over_distinct_positions(
    arrays: IssueArrays,
) -> None:
    out = run(arrays, max_turns=10)
    prob = out.series["prob"][0]
    for t in range(int(out.rounds[0]) + 1):
        x = out.positions[0, t]
        dist = np.linalg.norm(x[:, None] - x[None], axis=-1)
        if np.any(np.abs(dist - 0.1) < 1e-9):
            continue  # at KTAB's tolerance (1e-3 of the scale) rounding decides: skip
        first = ktab_distinct_positions(dist < 0.1)
        distinct = np.unique(first)
        assert np.all((prob[t] >= 0) & (prob[t] <= 1))
        assert prob[t, distinct].sum() == pytest.approx(1.0, abs=1e-9)
        np.testing.assert_array_equal(prob[t], prob[t, first])


@settings(max_examples=15, deadline=None)
@given(
    arrays=valid_arrays,
    option=st.sampled_from(
        [
            {"VictoryProbModel": "Octic"},
            {"VictoryProbModel": "Binary", "VotingRule": "Binary"},
            {"PCEModel": "MarkovUniform"},
            {"PCEModel": "MarkovIncentive"},
            {"VotingRule": "ASymProsp"},
            {"VotingRule": "Cubic"},
            {"BigRRange": "Min"},
            {"BigRAdjust": "Full"},
            {"ThirdPartyCommit": "NoCommit"},
            {"InterVecBrgn": "S2PMax"},
            {"BargnModel": "PWCompInterp"},
            {"BargnModel": "InitRcvrInterp"},
        ]
    ),
)
def test_every_option_runs_to_a_finite_forecast_inside_the_range(
    arrays: IssueArrays, option: dict[str, str]
) -> None:
    out = run(arrays, max_turns=8, **option)
    assert np.all(np.isfinite(out.positions))
    assert np.all(out.forecast >= arrays.position.min(axis=1) - ROUNDING)
    assert np.all(out.forecast <= arrays.position.max(axis=1) + ROUNDING)


def breaks_ktab_limits(a: IssueArrays) -> bool:
    """3-250 actors, saliences summing to at most 1, not all (nearly) zero."""
    squares, total = (a.salience**2).sum(axis=2), a.salience.sum(axis=2)
    return not 3 <= a.n_actors <= 250 or bool(np.any(squares <= 0) or np.any(total > 1 + 1e-9))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sc=scenarios(max_actors=7))
def test_any_valid_scenario_runs_to_a_json_document_or_a_clear_error(sc: Scenario) -> None:
    params = {"max_turns": 12}
    if any(breaks_ktab_limits(a) for a in compile_scenario(sc).values()):
        with pytest.raises(InputError):
            forecast(sc, model="smp", seed=1, params=params)
        return
    fc = forecast(sc, model="smp", seed=1, params=params)
    json.dumps(dump(run_document(fc)), allow_nan=False)
    for issue in sc.issues:
        lo, hi = issue.bounds
        f = fc.trajectories[issue.id].forecast
        slack = 5e-5 * (hi - lo) + 1e-9  # bargains round to 1e-4 of the scale
        assert np.all((f >= lo - slack) & (f <= hi + slack))


# ----------------------------------------------------------------------------- behaviour


def test_forecast_is_the_most_probable_position_of_the_last_turn() -> None:
    arrays = ktab_issue(2, n=8, d=1)
    out = run(arrays)
    last = int(out.rounds[0])
    prob = out.series["prob"][0, last]
    holders = np.flatnonzero(prob == prob.max())
    assert len(holders) > 1, "this case ends with several actors at one position"
    x = out.positions[0, last, holders]
    assert np.ptp(x) < 0.1  # KTAB's tolerance: one position
    c = arrays.capability[0, holders]
    np.testing.assert_allclose(out.forecast[0], (c[:, None] * x).sum(0) / c.sum(), rtol=1e-12)
    np.testing.assert_array_equal(out.median[0, last], out.forecast[0])


def test_runs_that_stop_early_repeat_their_last_state() -> None:
    parts = [ktab_issue(seed, n=8, d=2) for seed in range(4)]
    out = run(stack(parts))
    assert len(set(out.rounds.tolist())) > 1, "the cases should stop at different turns"
    for k, t in enumerate(out.rounds.tolist()):
        assert np.all(out.positions[k, t:] == out.positions[k, t])
        assert np.all(out.series["prob"][k, t:] == out.series["prob"][k, t])


def test_max_turns_and_its_synonym_rounds_cap_the_run() -> None:
    arrays = ktab_issue(2, n=9, d=3)
    assert run(arrays, max_turns=2).rounds[0] == 2
    assert run(arrays, rounds=3).rounds[0] == 3


def test_bargains_are_recorded_and_match_the_positions_adopted() -> None:
    arrays = ktab_issue(5, n=7, d=2)
    out = run(arrays)
    assert out.records[0] == []
    assert len(out.records) == out.positions.shape[1]
    ids = list(arrays.actor_ids)
    for t in range(1, int(out.rounds[0]) + 1):
        assert out.records[t], "every turn of a moving run has bargains"
        for rec in out.records[t]:
            assert set(rec) >= {"initiator", "target", "initiator_position", "target_position"}
            for who in rec["adopted_by"]:
                side = "initiator_position" if who == rec["initiator"] else "target_position"
                np.testing.assert_allclose(
                    out.positions[0, t, ids.index(who)], rec[side], atol=1e-6
                )
        assert not any("challenge" in rec for rec in out.records[t])


def test_detail_adds_every_challenge_evaluated() -> None:
    arrays = ktab_issue(5, n=6, d=1)
    out = run(arrays, detail=True, max_turns=2)
    challenges = [r for r in out.records[1] if r.get("challenge")]
    assert len(challenges) == 6 * 5
    assert all(0 <= r["probability"] <= 1 for r in challenges)
    best = {}
    for r in challenges:
        if r["expected_gain"] > best.get(r["initiator"], (1e-5, ""))[0]:
            best[r["initiator"]] = (r["expected_gain"], r["target"])
    proposed = {r["initiator"]: r["target"] for r in out.records[1] if "adopted_by" in r}
    assert proposed == {i: t for i, (_, t) in best.items()}


def test_stochastic_transitions_are_reproducible_with_a_seed_and_use_it() -> None:
    arrays = ktab_issue(3, n=8, d=2)
    a = run(arrays, seed=11, StateTransitions="Stochastic")
    b = run(arrays, seed=11, StateTransitions="Stochastic")
    np.testing.assert_array_equal(a.positions, b.positions)
    others = [run(arrays, seed=s, StateTransitions="Stochastic").positions for s in range(5)]
    assert any(o.shape != a.positions.shape or np.any(o != a.positions) for o in others)


def test_deterministic_runs_ignore_the_generator() -> None:
    arrays = ktab_issue(3, n=8, d=2)
    np.testing.assert_array_equal(run(arrays, seed=1).positions, run(arrays, seed=2).positions)


def test_identical_actors_keep_the_first_on_ties_whatever_the_order_of_runs() -> None:
    # Two actors with identical data: the run is still deterministic and they end
    # together (whatever one does the other is offered symmetrically).
    arrays = ktab_issue(8, n=6, d=2)
    arrays.position[0, 5] = arrays.position[0, 4]
    arrays.salience[0, 5] = arrays.salience[0, 4]
    arrays.capability[0, 5] = arrays.capability[0, 4]
    a, b = run(arrays), run(arrays)
    np.testing.assert_array_equal(a.positions, b.positions)


def test_full_risk_adjustment_runs_but_ktab_compat_refuses_it_as_ktab_does() -> None:
    arrays = ktab_issue(1, n=6, d=2)
    assert np.all(np.isfinite(run(arrays, BigRAdjust="Full").positions))
    with pytest.raises(InputError, match="BigRAdjust=Full"):
        run(arrays, BigRAdjust="Full", ktab_compat=True)


def test_pwcomp_weights_differ_between_corrected_and_ktab_compat() -> None:
    arrays = ktab_issue(6, n=7, d=2)
    a = run(arrays, BargnModel="PWCompInterp", max_turns=1)
    b = run(arrays, BargnModel="PWCompInterp", ktab_compat=True, max_turns=1)
    assert np.any(a.positions[0, 1] != b.positions[0, 1])


# ----------------------------------------------------------------------------- limits


def two_actors(a: IssueArrays) -> IssueArrays:
    return a.permute(np.arange(2))  # keeps only the first two actors


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (two_actors, "3 to 250 actors"),
        (lambda a: replace(a, salience=a.salience * 0 + 0.6), "sum to at most 100"),
        (lambda a: replace(a, salience=a.salience * 0), "at least one salience"),
        (lambda a: replace(a, salience=a.salience * 1e-300), "vanishingly small"),
        (lambda a: replace(a, capability=a.capability * 0), "capability must be a positive"),
        (lambda a: replace(a, position=a.position + 200), "within the issue's bounds"),
    ],
)
def test_ktab_input_limits_are_clear_errors(change: Any, message: str) -> None:
    arrays = change(ktab_issue(0, n=5, d=2))
    with pytest.raises(InputError, match=message) as info:
        run(arrays)
    assert all(p.field for p in info.value.problems)


def test_more_than_250_actors_is_refused() -> None:
    with pytest.raises(InputError, match="3 to 250 actors"):
        run(ktab_issue(0, n=251, d=1))


def test_unknown_option_values_are_rejected() -> None:
    with pytest.raises(ValueError, match="VotingRule"):
        SMPParams.model_validate({"VotingRule": "Majority"})
    with pytest.raises(ValueError, match="extra"):
        SMPParams.model_validate({"votingrule": "Prop"})
