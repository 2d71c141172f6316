"""Properties of the expected utility model (hypothesis).

Actor order and the unit of capability do not change the result; the forecast
(and every position) stays inside the range of the initial positions, without
a warning; a batch equals its runs done one by one.

Order: Scholz et al.'s code gives a tie between equally good offers to the
actor listed first, so order invariance holds for actors in general position
(no two offers exactly tied); the strategy below draws such positions.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from realpolitik.compile import IssueArrays, stack
from realpolitik.models import get_model
from realpolitik.models.base import Trajectory
from tests.strategies import issue_arrays

GOLDEN = (5**0.5 - 1) / 2

OPTIONS = st.sampled_from(
    [
        {},
        {"probability": "contest"},
        {"offer_choice": "smallest_move"},
        {"offer_choice": "highest_eu"},
        {"status_quo_probability": 0.7},
        {"range_basis": "current", "stopping": "median_stable"},
    ]
)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def run(arrays: IssueArrays, params: dict[str, Any], rounds: int = 6) -> Trajectory:
    spec = get_model("eum")
    return spec.run(
        arrays, spec.make_params({**params, "rounds": rounds}), np.random.default_rng(0)
    )


@st.composite
def generic_issue(draw: st.DrawFn, n_min: int = 2, n_max: int = 9, batch: int = 1) -> IssueArrays:
    """Positions in general position: no two pairwise distances alike (no tied offers)."""
    n = draw(st.integers(n_min, n_max))
    seeds = draw(st.lists(st.integers(1, 10**6), min_size=batch * n, max_size=batch * n))
    x = np.array([100.0 * ((k * GOLDEN) % 1.0) for k in seeds]).reshape(batch, n)
    upper = np.triu_indices(n, 1)
    gaps = np.sort(np.abs(x[:, :, None] - x[:, None, :])[:, upper[0], upper[1]], axis=1)
    assume(np.all(gaps > 1e-6) and np.all(np.diff(gaps, axis=1) > 1e-6))
    cap = draw(st.lists(st.floats(0.01, 100.0), min_size=batch * n, max_size=batch * n))
    sal = draw(st.lists(st.floats(0.05, 1.0), min_size=batch * n, max_size=batch * n))
    return IssueArrays(
        issue_id="x",
        actor_ids=tuple(f"a{i}" for i in range(n)),
        capability=np.array(cap).reshape(batch, n),
        position=x.reshape(batch, n, 1),
        salience=np.array(sal).reshape(batch, n, 1),
        lower=np.zeros(1),
        upper=np.full(1, 100.0),
    )


@SETTINGS
@given(arrays=generic_issue(), params=OPTIONS, data=st.data())
def test_actor_order_does_not_change_the_result(
    arrays: IssueArrays, params: dict[str, Any], data: st.DataObject
) -> None:
    order = np.array(data.draw(st.permutations(range(arrays.n_actors))))
    a = run(arrays, params)
    b = run(arrays.permute(order), params)
    np.testing.assert_allclose(b.forecast, a.forecast, rtol=0, atol=1e-9)
    np.testing.assert_allclose(b.positions[:, :, :, 0], a.positions[:, :, order, 0], atol=1e-9)
    np.testing.assert_allclose(b.series["r"], a.series["r"][:, :, order], atol=1e-9)


@SETTINGS
@given(arrays=generic_issue(), params=OPTIONS, k=st.floats(1e-3, 1e3))
def test_scaling_capabilities_does_not_change_the_result(
    arrays: IssueArrays, params: dict[str, Any], k: float
) -> None:
    a = run(arrays, params)
    b = run(IssueArrays(**{**arrays.__dict__, "capability": arrays.capability * k}), params)
    np.testing.assert_allclose(b.positions, a.positions, rtol=0, atol=1e-7)
    np.testing.assert_allclose(b.forecast, a.forecast, rtol=0, atol=1e-7)


@SETTINGS
@given(arrays=issue_arrays(max_actors=10, batch=2), params=OPTIONS)
def test_forecast_and_positions_stay_inside_the_initial_range(
    arrays: IssueArrays, params: dict[str, Any]
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow, division or invalid-value warning
        out = run(arrays, params, rounds=8)
    assert np.isfinite(out.positions).all()
    assert np.isfinite(out.series["r"]).all()
    lo = arrays.position.min(axis=1)[:, None, None, :]
    hi = arrays.position.max(axis=1)[:, None, None, :]
    assert np.all((out.positions >= lo) & (out.positions <= hi))
    assert np.all(out.forecast >= lo[:, 0, 0])
    assert np.all(out.forecast <= hi[:, 0, 0])
    assert np.all(out.rounds <= 8)


@SETTINGS
@given(data=st.data(), params=OPTIONS, n=st.integers(1, 8), runs=st.integers(2, 4))
def test_a_batch_equals_its_runs_one_by_one(
    data: st.DataObject, params: dict[str, Any], n: int, runs: int
) -> None:
    parts = [data.draw(issue_arrays(min_actors=n, max_actors=n)) for _ in range(runs)]
    batch = run(stack(parts), params)
    for k, part in enumerate(parts):
        single = run(part, params)
        t = single.positions.shape[1]
        np.testing.assert_array_equal(batch.positions[k, :t], single.positions[0])
        rest = batch.positions[k, t:]
        np.testing.assert_array_equal(rest, np.broadcast_to(single.positions[0, -1], rest.shape))
        np.testing.assert_array_equal(batch.forecast[k], single.forecast[0])
        np.testing.assert_array_equal(batch.series["r"][k, :t], single.series["r"][0])
        assert batch.rounds[k] == single.rounds[0]
