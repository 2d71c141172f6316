"""The asymmetric Nash bargaining solution on a spatial issue.

Nash, J. F. (1950). "The bargaining problem." *Econometrica* 18(2), 155-162.
Kalai, E. (1977). "Nonsymmetric Nash solutions and replications of 2-person
bargaining." *International Journal of Game Theory* 6(3), 129-133 (the
asymmetric solution with weights). Rubinstein, A. (1982). "Perfect equilibrium
in a bargaining model." *Econometrica* 50(1), 97-109 (the alternating-offers
game whose equilibrium it approximates; the weights stand for bargaining
power, e.g. patience).

The forecast maximises the weighted Nash product

    Π_i (u_i(x) − u_i(q))^{c_i}   subject to   u_i(x) ≥ u_i(q) for every i,

with u_i(x) = −Σ_d s_id |x_d − x_id|^k (k = 1 or 2, option ``exponent``),
weights c_i the actors' capabilities and q the disagreement point (option
``disagreement``):

* ``"status_quo_or_worst"`` (default): the issue's status quo when the scenario
  gives one, else each actor's *worst* outcome on the scale;
* ``"worst"``: always each actor's worst outcome: the far end of [lower, upper]
  on each dimension, u_i(q) = −Σ_d s_id max(x_id − lower_d, upper_d − x_id)^k.
  Every actor then bargains over the whole range ("the Rubinstein/Nash split
  of the range").

The logarithm of the Nash product, Σ_i c_i log(u_i(x) − u_i(q)), is concave,
so the problem has no local optima. In one dimension it is solved exactly: a
bisection on the (non-increasing) derivative over the feasible interval,
batched over runs and run to float precision. In more dimensions a batched
Newton method with backtracking and a homotopy does it
(:mod:`realpolitik.models._nash_newton`).

Rules of the degenerate cases:

* an actor with zero capability or zero salience on every dimension drops out
  of the product (its factor is 1); a salience below 10^-12 of the actor's
  largest counts as zero;
* if an active actor's disagreement utility equals its best utility (the
  status quo at its ideal point, up to 10^-15 of its largest possible loss),
  the feasible set is {q}: the forecast is q;
* more generally, if the status quo is Pareto optimal (in 1-D: actors on both
  sides of it), the forecast is q;
* a run with no active actor forecasts the status quo when it is the
  disagreement point, else the plain mean of the positions.

Only the ratios of the weights matter (the product to the power 1/Σc has the
same maximiser). In one dimension saliences cancel out of the maximiser (they
scale u_i(x) − u_i(q) by a constant); in more dimensions they set each actor's
trade-off between dimensions.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from realpolitik.arrays import FloatArray
from realpolitik.compile import IssueArrays
from realpolitik.models._nash_newton import nash_newton
from realpolitik.models.base import ModelInfo, ModelSpec, Params, Trajectory, static_trajectory

BoolArray = NDArray[np.bool_]

SALIENCE_FLOOR = 1e-12
"""A salience below this fraction of the actor's largest one counts as 0 (d > 1)."""

AT_IDEAL = 1e-15
"""A status quo whose loss for an actor is below this fraction of the actor's
largest possible loss counts as the actor's ideal point (forecast: q)."""

MAX_BISECTIONS = 2200
"""Enough halvings to shrink any finite float interval to adjacent floats."""


class NashParams(Params):
    """Options of the Nash bargaining model.

    Attributes:
        exponent: k in u_i(x) = −Σ_d s_id |x_d − x_id|^k: 1 (linear loss) or 2
            (quadratic loss, the default).
        disagreement: the disagreement point q: ``"status_quo_or_worst"`` (the
            issue's status quo when known, else each actor's worst outcome) or
            ``"worst"`` (each actor's worst outcome on the scale).
    """

    exponent: Literal[1, 2] = 2
    disagreement: Literal["status_quo_or_worst", "worst"] = "status_quo_or_worst"


def _salience(arrays: IssueArrays) -> FloatArray:
    """Saliences with those below :data:`SALIENCE_FLOOR` × the actor's largest set to 0."""
    s = arrays.salience
    out: FloatArray = np.where(s >= SALIENCE_FLOOR * s.max(axis=2, keepdims=True), s, 0.0)
    return out


def _status_quo(arrays: IssueArrays, params: NashParams) -> FloatArray | None:
    """The disagreement point when it is the status quo, ``(B, d)``; None for "worst"."""
    if params.disagreement == "worst" or arrays.status_quo is None:
        return None
    return np.broadcast_to(arrays.status_quo, (arrays.batch, arrays.n_dims)).astype(np.float64)


def _references(arrays: IssueArrays, q: FloatArray | None) -> FloatArray:
    """Each actor's disagreement outcome ``(B, n, d)``: q, or its worst corner of the box."""
    x = arrays.position
    if q is None:
        far_low = x - arrays.lower >= arrays.upper - x
        out: FloatArray = np.where(far_low, arrays.lower, arrays.upper)
        return out
    return np.broadcast_to(q[:, None, :], x.shape).copy()


def nash_1d(x: FloatArray, w: FloatArray, radius: FloatArray, k: int) -> FloatArray:
    """Exact 1-D asymmetric Nash solution, batched: ``(B, n)`` inputs -> ``(B,)``.

    Maximises Σ_i w_i log(radius_i^k − |x − x_i|^k) (salience cancels in 1-D)
    over the feasible interval [max(x_i − r_i), min(x_i + r_i)], intersected
    with the hull of the active positions (where every maximiser lies). Actors
    with w_i = 0 are ignored; there must be at least one with w_i > 0. The
    derivative is non-increasing, so bisection on its sign finds the maximiser
    to adjacent floats; an ideal point inside the final bracket (a kink, where
    k = 1 often puts the maximum) is returned exactly.

    Args:
        x: ideal points.
        w: weights (0: not in the product).
        radius: distance from each ideal point to its disagreement outcome.
        k: exponent of the loss, 1 or 2.

    Returns:
        The maximiser per run; the single feasible point when the feasible
        interval is a point (e.g. the status quo at an actor's ideal).
    """
    on = w > 0
    a = np.maximum(_masked(x - radius, on, -np.inf).max(axis=1), _masked(x, on, np.inf).min(axis=1))
    b = np.minimum(_masked(x + radius, on, np.inf).min(axis=1), _masked(x, on, -np.inf).max(axis=1))
    lo, hi = a.copy(), np.maximum(a, b)
    for _ in range(MAX_BISECTIONS):
        open_ = hi - lo > 2 * np.spacing(np.maximum(np.abs(lo), np.abs(hi)))
        if not open_.any():
            break
        mid = np.where(open_, 0.5 * (lo + hi), lo)
        slope = _slope_1d(mid, x, w, radius, k)
        lo = np.where(open_ & (slope >= 0), mid, lo)
        hi = np.where(open_ & (slope <= 0), mid, hi)
    kink = on & (x >= lo[:, None]) & (x <= hi[:, None])
    at_kink = np.where(kink, x, np.nan).max(axis=1, initial=-np.inf, where=kink)
    out: FloatArray = np.where(kink.any(axis=1), at_kink, 0.5 * (lo + hi))
    return out


def _masked(values: FloatArray, keep: BoolArray, fill: float) -> FloatArray:
    out: FloatArray = np.where(keep, values, fill)
    return out


def _slope_1d(
    m: FloatArray, x: FloatArray, w: FloatArray, radius: FloatArray, k: int
) -> FloatArray:
    """d/dm of Σ w_i log(r_i^k − |m − x_i|^k); sign(0) = 0 picks the middle subgradient.

    At a rounding-level distance from the edge of the feasible interval a gain
    can be 0; its term is then ±1e300 (pointing back inside), never inf or nan.
    """
    t = m[:, None] - x
    gain = radius**k - np.abs(t) ** k
    pull = -np.sign(t) if k == 1 else -2.0 * t
    safe = np.where(gain > 0, gain, np.finfo(np.float64).tiny)
    with np.errstate(over="ignore"):
        terms = np.clip(np.where(w > 0, w * pull / safe, 0.0), -1e300, 1e300)
    out: FloatArray = terms.sum(axis=1)
    return out


def _solve(arrays: IssueArrays, params: NashParams) -> tuple[FloatArray, BoolArray]:
    """The forecast ``(B, d)`` and which runs were degenerate (forecast = q)."""
    k = params.exponent
    q = _status_quo(arrays, params)
    sal = _salience(arrays)
    on = (arrays.capability > 0) & (sal.sum(axis=2) > 0)
    ref = _references(arrays, q)
    budget = (sal * np.abs(ref - arrays.position) ** k).sum(axis=2)
    most = (sal * (arrays.upper - arrays.lower) ** k).sum(axis=2)
    stuck: BoolArray = np.any(on & (budget <= AT_IDEAL * most), axis=1) & (q is not None)
    solvable = np.any(on, axis=1) & ~stuck
    fallback = arrays.position.mean(axis=1) if q is None else q
    out: FloatArray = fallback.copy()
    if solvable.any():
        w = np.where(on, arrays.capability, 0.0)
        out[solvable] = _solve_runs(arrays, sal, w, ref, q, k, solvable)
    return out, stuck


def _solve_runs(
    arrays: IssueArrays,
    sal: FloatArray,
    w: FloatArray,
    ref: FloatArray,
    q: FloatArray | None,
    k: int,
    runs: BoolArray,
) -> FloatArray:
    """Solve the non-degenerate runs: exactly in 1-D, by Newton in d > 1."""
    x = arrays.position[runs]
    if arrays.n_dims == 1:
        radius = np.abs(ref[runs] - x)[:, :, 0]
        return nash_1d(x[:, :, 0], w[runs], radius, k)[:, None]
    return nash_newton(
        position=x,
        salience=sal[runs],
        weight=w[runs],
        reference=ref[runs],
        anchor=None if q is None else q[runs],
        lower=arrays.lower,
        upper=arrays.upper,
        k=k,
    )


SAFE_SPAN = (1e-100, 1e100)
"""Scales whose width lies outside this are solved on [0, 1]: squared distances of
1e200 overflow and of 1e-200 vanish (the solution moves with the scale, so
nothing else changes)."""


def _solve_on_a_safe_scale(arrays: IssueArrays, params: NashParams) -> tuple[FloatArray, BoolArray]:
    """:func:`_solve`, on the unit scale when the issue's width is extreme."""
    lo = arrays.lower
    span = float(np.max(arrays.upper - arrays.lower))
    if SAFE_SPAN[0] <= span <= SAFE_SPAN[1]:
        return _solve(arrays, params)
    unit = replace(
        arrays,
        position=(arrays.position - lo) / span,
        lower=np.zeros_like(lo),
        upper=(arrays.upper - lo) / span,
        status_quo=None if arrays.status_quo is None else (arrays.status_quo - lo) / span,
    )
    forecast, stuck = _solve(unit, params)
    return lo + forecast * span, stuck


def run(arrays: IssueArrays, params: NashParams, rng: np.random.Generator) -> Trajectory:
    """Forecast the asymmetric Nash bargaining solution (Nash 1950; Kalai 1977).

    Args:
        arrays: the issue, batched; capabilities are the bargaining weights.
        params: the loss exponent and the disagreement point.
        rng: unused (the model is deterministic).

    Returns:
        A one-round trajectory whose forecast is the maximiser of the weighted
        Nash product.
    """
    forecast, stuck = _solve_on_a_safe_scale(arrays, params)
    traj = static_trajectory(arrays, forecast)
    if not stuck.any():
        return traj
    note = (
        f"{int(stuck.sum())} of {arrays.batch} run(s): the status quo is some actor's ideal "
        "point, so no agreement improves on it for everyone; the forecast is the status quo"
    )
    return replace(traj, notes=(note,))


MODEL = ModelSpec(
    info=ModelInfo(
        name="nash",
        title="Asymmetric Nash bargaining solution",
        reference="Nash (1950), Econometrica 18(2); Kalai (1977), IJGT 6(3); "
        "Rubinstein (1982), Econometrica 50(1)",
        summary="Maximises the capability-weighted Nash product of gains over the "
        "disagreement point (status quo, or each actor's worst outcome).",
    ),
    params=NashParams,
    run=run,
)
