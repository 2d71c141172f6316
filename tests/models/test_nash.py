"""The asymmetric Nash bargaining model: contract, hand-derived cases, an independent
optimiser, and the properties the theory guarantees.

Tolerances: the 1-D solver is exact to float rounding (1e-12 on the 0-100 scale);
the d > 1 Newton solver is checked to 1e-9 × (upper − lower) for k = 2 and
1e-6 × (upper − lower) for k = 1 (the smoothing of |t|, see
``realpolitik.models._nash_newton``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from scipy import optimize

from realpolitik.arrays import FloatArray
from realpolitik.compile import IssueArrays
from realpolitik.models import get_model
from realpolitik.models._nash_newton import nash_newton
from realpolitik.models.base import Trajectory, weighted_mean, weighted_median
from realpolitik.models.nash import nash_1d
from tests.models.contract import ModelContract, random_issue
from tests.strategies import issue_arrays


def run(arrays: IssueArrays, **params: Any) -> Trajectory:
    spec = get_model("nash")
    return spec.run(arrays, spec.make_params(params), np.random.default_rng(0))


def issue(
    pos: list[float] | list[list[float]],
    cap: list[float],
    sal: list[float] | list[list[float]] | None = None,
    sq: list[float] | None = None,
    bounds: tuple[float, float] = (0.0, 100.0),
) -> IssueArrays:
    """One run: positions (n,) or (n, d), capabilities (n,), saliences (default 1)."""
    x = np.asarray(pos, dtype=np.float64)
    x = x[:, None] if x.ndim == 1 else x
    n, d = x.shape
    s = np.ones((n, d)) if sal is None else np.asarray(sal, dtype=np.float64).reshape(n, d)
    return IssueArrays(
        issue_id="x",
        actor_ids=tuple(f"a{i}" for i in range(n)),
        capability=np.asarray([cap], dtype=np.float64),
        position=x[None],
        salience=s[None],
        lower=np.full(d, bounds[0]),
        upper=np.full(d, bounds[1]),
        status_quo=None if sq is None else np.asarray([sq], dtype=np.float64),
    )


def utility(arrays: IssueArrays, x: FloatArray, k: int) -> FloatArray:
    """u_i(x) = −Σ_d s_id |x_d − x_id|^k for a forecast ``x`` (B, d) -> (B, n)."""
    out: FloatArray = -(arrays.salience * np.abs(x[:, None, :] - arrays.position) ** k).sum(2)
    return out


def with_status_quo(arrays: IssueArrays, seed: int) -> IssueArrays:
    rng = np.random.default_rng(seed)
    sq = rng.uniform(arrays.lower, arrays.upper, size=(arrays.batch, arrays.n_dims))
    return replace(arrays, status_quo=sq)


# ---------------------------------------------------------------- the shared contract


class TestNashContract(ModelContract):
    model = "nash"
    dims: ClassVar[tuple[int, ...]] = (1, 2, 3)


class TestNashLinearContract(ModelContract):
    model = "nash"
    params: ClassVar[dict[str, Any]] = {"exponent": 1}
    dims: ClassVar[tuple[int, ...]] = (1, 2, 3)
    order_tolerance: ClassVar[float] = 1e-6  # k = 1 in d > 1: smoothing, see module doc


class TestNashStatusQuoContract(ModelContract):
    model = "nash"
    dims: ClassVar[tuple[int, ...]] = (1, 2, 3)

    def cases(self) -> list[IssueArrays]:
        return [with_status_quo(a, seed) for seed, a in enumerate(super().cases())]


# ---------------------------------------------------------------- hand-derived cases


def test_two_symmetric_actors_quadratic_meet_at_the_midpoint() -> None:
    # Positions 30 and 70 on [0, 100]: both worst outcomes are 70 away; by symmetry 50.
    assert run(issue([30, 70], [1, 1])).forecast[0, 0] == pytest.approx(50.0, abs=1e-12)
    assert run(issue([[30, 30], [70, 70]], [5, 5])).forecast[0] == pytest.approx(
        [50.0, 50.0], abs=1e-9
    )


@pytest.mark.parametrize(("c1", "c2"), [(1.0, 1.0), (1.0, 3.0), (7.0, 2.0)])
def test_linear_split_of_the_range_is_proportional_to_the_weights(c1: float, c2: float) -> None:
    # k = 1, ideals 0 and 100, worst outcomes 100 and 0: maximise c1 log(100 − x) + c2 log x,
    # so x = 100 c2 / (c1 + c2): each side gets a share of the range equal to its weight
    # share (Kalai 1977; the Rubinstein 1982 split with patience as the weight).
    out = run(issue([0, 100], [c1, c2]), exponent=1).forecast[0, 0]
    assert out == pytest.approx(100 * c2 / (c1 + c2), abs=1e-12)


def test_linear_heavy_middle_actor_gets_its_ideal_point_exactly() -> None:
    # k = 1, ideals 0, 100, 40; worst-outcome radii 100, 100, 60. At x = 40 the others'
    # slope is −1/60 + 2/40 = 1/30; actor 3 adds ±c3/60. With c3 = 3 (3/60 > 1/30) the
    # kink at 40 is the maximum (the weighted-median-like rule of k = 1).
    assert run(issue([0, 100, 40], [1, 2, 3]), exponent=1).forecast[0, 0] == 40.0


def test_linear_light_middle_actor_is_passed() -> None:
    # Same, c3 = 1 (1/60 < 1/30): on (40, 100) the slope is 2/x − 2/(100 − x), zero at 50.
    out = run(issue([0, 100, 40], [1, 2, 1]), exponent=1).forecast[0, 0]
    assert out == pytest.approx(50.0, abs=1e-12)


def test_quadratic_with_status_quo_matches_a_root_of_the_first_order_condition() -> None:
    # Ideals 20 and 40, q = 100: feasible |x − 20| <= 80, |x − 40| <= 60; the maximum
    # solves −2(x − 20)/(6400 − (x − 20)²) − 2(x − 40)/(3600 − (x − 40)²) = 0 on [20, 40].
    def foc(x: float) -> float:
        return -2 * (x - 20) / (6400 - (x - 20) ** 2) - 2 * (x - 40) / (3600 - (x - 40) ** 2)

    root = optimize.brentq(foc, 20.0, 40.0, xtol=1e-14)
    out = run(issue([20, 40], [1, 1], sq=[100])).forecast[0, 0]
    assert out == pytest.approx(root, abs=1e-12)


@pytest.mark.parametrize("spread", [1e4, 1e6])
def test_far_disagreement_tends_to_the_weighted_mean_and_median(spread: float) -> None:
    # With every worst outcome ~L away, f'(x) ≈ −(2/L²) Σ c_i (x − x_i) for k = 2 (the
    # weighted mean) and ≈ −(1/L) Σ c_i sign(x − x_i) for k = 1 (the weighted median,
    # exactly, once L is large enough: the kink condition becomes Black's).
    arrays = issue([10, 25, 60, 80, 95], [3, 1, 2, 2, 1], bounds=(-spread, 100 + spread))
    mean = weighted_mean(arrays)[0, 0]
    median = weighted_median(arrays.position, arrays.capability[:, :, None])[0, 0]
    assert abs(run(arrays).forecast[0, 0] - mean) < 1e4 / spread
    assert run(arrays, exponent=1).forecast[0, 0] == median


# ---------------------------------------------------------------- degenerate cases


def test_status_quo_between_two_actors_is_pareto_optimal_and_returned() -> None:
    out = run(issue([20, 80], [1, 1], sq=[55]))
    assert out.forecast[0, 0] == 55.0


def test_status_quo_at_an_ideal_point_is_returned_with_a_note() -> None:
    out = run(issue([[20, 20], [80, 70], [50, 10]], [1, 2, 3], sq=[80, 70]))
    np.testing.assert_array_equal(out.forecast[0], [80.0, 70.0])
    assert out.notes
    assert "status quo" in out.notes[0]


def test_pareto_optimal_status_quo_in_two_dimensions_is_returned() -> None:
    # q = (50, 50) inside the triangle of three ideals: every move hurts someone (k = 2).
    out = run(issue([[0, 0], [100, 0], [50, 100]], [1, 1, 1], sq=[50, 40]))
    np.testing.assert_allclose(out.forecast[0], [50.0, 40.0], atol=1e-12)


def test_actors_with_zero_capability_or_salience_drop_out() -> None:
    base = issue([[10, 20], [70, 90], [40, 60]], [2, 3, 1])
    extra = issue(
        [[10, 20], [70, 90], [40, 60], [100, 0], [0, 100]],
        [2, 3, 1, 0, 5],
        sal=[[1, 1], [1, 1], [1, 1], [1, 1], [0, 0]],
    )
    for k in (1, 2):
        np.testing.assert_allclose(
            run(base, exponent=k).forecast, run(extra, exponent=k).forecast, atol=1e-9
        )


def test_no_active_actor_falls_back() -> None:
    arrays = issue([10, 30], [0, 0])
    assert run(arrays).forecast[0, 0] == 20.0
    assert run(replace(arrays, status_quo=np.array([[70.0]]))).forecast[0, 0] == 70.0


def test_worst_option_ignores_the_status_quo() -> None:
    arrays = issue([20, 40], [1, 1], sq=[0])
    worst = run(arrays, disagreement="worst").forecast
    np.testing.assert_array_equal(worst, run(replace(arrays, status_quo=None)).forecast)
    assert abs(worst[0, 0] - run(arrays).forecast[0, 0]) > 1.0


def test_bad_options_are_rejected() -> None:
    spec = get_model("nash")
    with pytest.raises(ValidationError):
        spec.make_params({"exponent": 3})
    with pytest.raises(ValidationError):
        spec.make_params({"disagreement": "median"})


# ---------------------------------------------------------------- invariances


@pytest.mark.parametrize(("d", "k"), [(1, 1), (1, 2), (2, 1), (3, 2)])
def test_only_ratios_of_weights_matter(d: int, k: int) -> None:
    for arrays in (random_issue(4, n=6, d=d, batch=3), with_status_quo(random_issue(5, d=d), 1)):
        scaled = replace(arrays, capability=arrays.capability * 1234.5)
        tol = 1e-12 if d == 1 else 1e-7
        np.testing.assert_allclose(
            run(arrays, exponent=k).forecast, run(scaled, exponent=k).forecast, atol=tol
        )


@pytest.mark.parametrize("k", [1, 2])
def test_salience_cancels_in_one_dimension(k: int) -> None:
    arrays = random_issue(6, n=7)
    other = replace(arrays, salience=arrays.salience[:, ::-1].copy())
    np.testing.assert_array_equal(run(arrays, exponent=k).forecast, run(other, exponent=k).forecast)


# ---------------------------------------------------------------- the d > 1 solver


def nash_log_product(
    x: FloatArray, pos: FloatArray, sal: FloatArray, w: FloatArray, ref: FloatArray, k: int
) -> float:
    """Σ w_i log(u_i(x) − u_i(r_i)) for one run; −inf outside the feasible set."""
    gain = (sal * (np.abs(ref - pos) ** k - np.abs(x[None, :] - pos) ** k)).sum(axis=1)
    return float(np.sum(w * np.log(gain))) if np.all(gain > 0) else -np.inf


def scipy_nash(
    pos: FloatArray, sal: FloatArray, w: FloatArray, ref: FloatArray, k: int, starts: FloatArray
) -> FloatArray:
    """Independent check: best Nelder-Mead maximum over several starting points."""

    def loss(x: FloatArray) -> float:
        f = nash_log_product(x, pos, sal, w, ref, k)
        return -f if np.isfinite(f) else 1e300

    best = None
    for x0 in starts:
        options = {"xatol": 1e-11, "fatol": 1e-13, "maxiter": 20000}
        res = optimize.minimize(loss, x0, method="Nelder-Mead", options=options)
        if best is None or res.fun < best.fun:
            best = res
    assert best is not None
    out: FloatArray = best.x
    return out


@pytest.mark.parametrize("seed", range(8))
def test_newton_agrees_with_scipy(seed: int) -> None:
    rng = np.random.default_rng(seed)
    d, k, n = 2 + seed % 2, 1 + (seed // 2) % 2, 3 + seed % 3
    arrays = random_issue(100 + seed, n=n, d=d)
    if seed >= 4:  # a status quo below every ideal point: the feasible set has an interior
        arrays = replace(arrays, status_quo=rng.uniform(-20, 0, size=(1, d)))
        arrays = replace(arrays, lower=np.full(d, -20.0))
    pos, sal, w = arrays.position[0], arrays.salience[0], arrays.capability[0]
    if arrays.status_quo is None:
        ref = np.where(pos - arrays.lower >= arrays.upper - pos, arrays.lower, arrays.upper)
        first = weighted_mean(arrays)[0]
    else:
        ref = np.broadcast_to(arrays.status_quo[0], pos.shape)
        first = 0.5 * (arrays.status_quo[0] + weighted_mean(arrays)[0])
    starts = np.vstack([first, rng.uniform(pos.min(0), pos.max(0), size=(5, d))])
    ours = run(arrays, exponent=k).forecast[0]
    theirs = scipy_nash(pos, sal, w, ref, k, starts)
    f_ours = nash_log_product(ours, pos, sal, w, ref, k)
    f_theirs = nash_log_product(theirs, pos, sal, w, ref, k)
    assert np.isfinite(f_theirs)
    assert np.isfinite(f_ours)
    assert f_ours >= f_theirs - 1e-8 * w.sum()
    if k == 2:  # strictly concave: a unique maximiser
        np.testing.assert_allclose(ours, theirs, atol=1e-4)


@pytest.mark.parametrize("k", [1, 2])
def test_newton_matches_the_exact_1d_solver(k: int) -> None:
    arrays = random_issue(7, n=8, batch=200)
    x, w = arrays.position, arrays.capability
    for q in (None, np.random.default_rng(3).uniform(0, 100, size=(200, 1))):
        ref = np.where(x >= 50, 0.0, 100.0) if q is None else np.broadcast_to(q[:, None], x.shape)
        exact = nash_1d(x[:, :, 0], w, np.abs(ref - x)[:, :, 0], k)
        newton = nash_newton(
            position=x,
            salience=arrays.salience,
            weight=w,
            reference=ref,
            anchor=q,
            lower=arrays.lower,
            upper=arrays.upper,
            k=k,
        )
        np.testing.assert_allclose(newton[:, 0], exact, atol=1e-9 if k == 2 else 1e-6 * 100)


# ---------------------------------------------------------------- properties


@settings(max_examples=60, deadline=None)
@given(
    arrays=issue_arrays(dims=(1, 2, 3), batch=2),
    k=st.sampled_from([1, 2]),
    sq=st.lists(st.floats(0, 100), min_size=6, max_size=6),
)
def test_forecast_is_in_the_feasible_set(arrays: IssueArrays, k: int, sq: list[float]) -> None:
    q = np.asarray(sq).reshape(2, 3)[:, : arrays.n_dims]
    arrays = replace(arrays, status_quo=q)
    out = run(arrays, exponent=k).forecast
    assert np.all(out >= arrays.lower)
    assert np.all(out <= arrays.upper)
    active = (arrays.capability > 0) & (arrays.salience.sum(axis=2) > 0)
    gain = utility(arrays, out, k) - utility(arrays, q, k)
    scale = (arrays.salience * 100.0**k).sum(axis=2)
    assert np.all(np.where(active, gain >= -1e-12 * scale, True))


@settings(max_examples=60, deadline=None)
@given(
    arrays=issue_arrays(min_actors=2, dims=(1,), batch=1),
    k=st.sampled_from([1, 2]),
    j=st.integers(0, 11),
    shrink=st.floats(0.0, 1.0),
)
def test_raising_own_disagreement_utility_never_hurts(
    arrays: IssueArrays, k: int, j: int, shrink: float
) -> None:
    # Disagreement-point monotonicity (Thomson 1987), exact for every n: adding the
    # optimality of u* at d and of u' at d' (only d_j raised) gives
    # φ(u*_j) >= φ(u'_j) with φ(u) = log(u − d_j) − log(u − d'_j) decreasing, so u'_j >= u*_j.
    x, w = arrays.position[:, :, 0], arrays.capability
    j = j % arrays.n_actors
    radius = np.maximum(x, 100 - x)
    closer = radius.copy()
    closer[0, j] *= shrink
    before, after = nash_1d(x, w, radius, k), nash_1d(x, w, closer, k)
    assert abs(after[0] - x[0, j]) <= abs(before[0] - x[0, j]) + 1e-9


@settings(max_examples=30, deadline=None)
@given(
    arrays=issue_arrays(min_actors=2, dims=(2, 3), batch=1),
    k=st.sampled_from([1, 2]),
    j=st.integers(0, 11),
    raise_by=st.floats(0.0, 1.0),
)
def test_raising_own_disagreement_utility_never_hurts_in_d_dims(
    arrays: IssueArrays, k: int, j: int, raise_by: float
) -> None:
    # The same theorem in d > 1. Actor j's disagreement outcome moves toward its ideal
    # (others unchanged), raising u_j(r_j) by a fraction of the room up to u_j(x*) of the
    # old solution x*, which therefore stays feasible and serves as the new anchor.
    x, s, w = arrays.position, arrays.salience, arrays.capability
    w = np.where(s.sum(axis=2) > 0, w, 0.0)
    j = j % arrays.n_actors
    if w[0, j] == 0 or np.count_nonzero(w) < 2:
        return
    ref = np.where(x >= 50, 0.0, 100.0)

    def solve(r: FloatArray, anchor: FloatArray | None) -> FloatArray:
        return nash_newton(
            position=x,
            salience=s,
            weight=w,
            reference=r,
            anchor=anchor,
            lower=arrays.lower,
            upper=arrays.upper,
            k=k,
        )

    old = solve(ref, None)
    loss_old = -utility(arrays, old, k)[0, j]
    loss_ref = (s[0, j] * np.abs(ref[0, j] - x[0, j]) ** k).sum()
    # Scaling r_j − x_j by λ scales the loss at r_j by λ^k: pick the new loss in between.
    lam = ((loss_old + (1 - raise_by) * (loss_ref - loss_old)) / loss_ref) ** (1 / k)
    closer = ref.copy()
    closer[0, j] = x[0, j] + lam * (ref[0, j] - x[0, j])
    new = solve(closer, old)
    tol = 1e-6 * loss_ref
    assert utility(arrays, new, k)[0, j] >= utility(arrays, old, k)[0, j] - tol


def test_moving_the_status_quo_toward_an_actor_can_hurt_it() -> None:
    # The brief's property "moving q toward an actor does not hurt it" is not a theorem
    # when q is shared: moving it also raises the others' disagreement utilities.
    # Ideals 0 and 50, k = 2: with q = 100 the forecast is below 40 (the FOC is negative
    # there: −80/8400 + 20/2400 < 0); with q = 60, actor 2's feasible set is [40, 60], so
    # the forecast is >= 40: actor 1 (ideal 0) is worse off although q moved toward it.
    far = run(issue([0, 50], [1, 1], sq=[100])).forecast[0, 0]
    near = run(issue([0, 50], [1, 1], sq=[60])).forecast[0, 0]
    assert far < 40 <= near


@pytest.mark.parametrize("scale", [1e-250, 1e-120, 1e120, 1e200, 1e300])
@pytest.mark.parametrize("d", [1, 2])
@pytest.mark.parametrize("exponent", [1, 2])
def test_the_solution_moves_with_the_scale_even_at_its_extremes(
    scale: float, d: int, exponent: int
) -> None:
    arrays = random_issue(7, n=5, d=d)
    lo = arrays.lower
    sq = (arrays.position[:, :2].mean(axis=1) - lo) * scale  # an interior status quo
    plain = replace(arrays, status_quo=sq / scale + lo)
    wide = replace(
        arrays,
        position=(arrays.position - lo) * scale,
        lower=np.zeros_like(lo),
        upper=(arrays.upper - lo) * scale,
        status_quo=sq,
    )
    want = run(plain, exponent=exponent).forecast - lo
    got = run(wide, exponent=exponent).forecast / scale
    assert np.isfinite(got).all()
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9 * float(np.max(arrays.upper - lo)))
