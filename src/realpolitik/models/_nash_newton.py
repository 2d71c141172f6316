"""Batched Newton solver of the asymmetric Nash product in d > 1 dimensions.

Maximises F(x) = Σ_i w_i log g_i(x), g_i(x) = Σ_d s_id (φ(r_id − x_id) − φ(x_d − x_id)),
where r_i is actor i's disagreement outcome (the status quo, or its worst
corner of the scale) and φ(t) = |t|^k. F is concave (each g_i is concave), so a
damped Newton method converges to the global maximum (Boyd & Vandenberghe
2004, *Convex Optimization*, §9.5).

Numerics:

* each g_i is divided by its largest value g_i(x_i) (a constant added to F,
  the maximiser is unchanged), so every gain lies in [0, 1] at the feasible
  points and weights, saliences and scale units do not matter;
* each difference is computed in a form free of cancellation
  (t² − u² = (t − u)(t + u), and likewise for the smoothed |t|), so gains stay
  accurate to relative rounding even when tiny, as near a Pareto-optimal
  status quo.

Two homotopies, followed as a path, make it robust:

* a *shift* ρ added to every (normalised) gain, so that the anchor (the
  status quo, where every gain is 0) is a strictly feasible start;
* for k = 1 a *smoothing* φ_ε(t) = sqrt(t² + ε²) − ε of |t| (twice
  differentiable; φ_ε ≤ |t|), ε = clip(ρ, 10^-10, 10^-1) × (upper − lower).

ρ goes 10^-1, 10^-2, ..., 10^-13, then 0, one Newton stage each, warm-started
from the previous stage. A point that a lower ρ makes infeasible is first
moved toward the anchor, where every shifted gain is positive (a closed-form
step, from the concavity of the gains). Each stage runs Newton steps, damped
by an Armijo backtracking line search, until they are tiny (see
:func:`_stage`). Runs are independent: each stops on its own, so a batch gives
the same numbers as its runs one by one. Finally the point is pulled back
along the segment to the anchor if rounding left it outside the feasible set
(so a status quo that is Pareto optimal is returned exactly), and clipped to
the box of the active positions (which can only raise every u_i).

Tolerance: against an independent optimiser (scipy, tests/models/test_nash.py)
the Nash log-product agrees to 1e-8 × Σ w_i and, for k = 2 (strictly concave,
a unique maximiser), the point to 1e-4 on a 0-100 scale; against the exact 1-D
solver, to 1e-9 (k = 2) and 1e-6 × (upper − lower) (k = 1, the smoothing).
For k = 1 the maximiser may be a whole segment (flat directions of L1
losses); the solver returns the limit of the smoothed problems' maximisers.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from realpolitik.arrays import FloatArray

BoolArray = NDArray[np.bool_]

SHIFTS = (*(10.0**-j for j in range(1, 14)), 0.0)
"""Relative shifts ρ of the homotopy, one Newton stage each."""

EPS_RANGE = (1e-10, 0.1)
"""Smallest and largest relative smoothing ε / (upper − lower) of |t| (k = 1)."""

NEAR = 1e-10
"""Below this Newton decrement λ² (× Σ w_i) Newton takes full steps."""

STEP_TOL = 1e-9
"""A stage stops after a full step below this × (upper − lower): the next would
be of its order squared."""

RESOLUTION = 1e-13
"""... and after any step below this × (upper − lower), the float resolution of x."""

MAX_NEWTON = 60
MAX_HALVINGS = 50
ARMIJO = 0.25


class Problem(NamedTuple):
    """Positions, saliences, disagreement outcomes ``(B, n, d)`` and weights ``(B, n)``."""

    x: FloatArray
    s: FloatArray
    w: FloatArray
    r: FloatArray
    k: int

    def rows(self, idx: np.ndarray[tuple[int], np.dtype[np.intp]]) -> Problem:
        """The problems of some runs."""
        return Problem(self.x[idx], self.s[idx], self.w[idx], self.r[idx], self.k)


class Homotopy(NamedTuple):
    """Per run: the shift τ ``(B, n)`` and the smoothing ε ``(B,)``."""

    tau: FloatArray
    eps: FloatArray

    def rows(self, idx: np.ndarray[tuple[int], np.dtype[np.intp]]) -> Homotopy:
        """The homotopy state of some runs."""
        return Homotopy(self.tau[idx], self.eps[idx])


def _phi(t: FloatArray, k: int, eps: FloatArray) -> tuple[FloatArray, FloatArray]:
    """φ'(t) and φ''(t) for ``t`` of shape ``(B, n, d)``: of t², or of the smoothed |t|."""
    if k == 2:
        return 2.0 * t, np.full_like(t, 2.0)
    e = eps[:, None, None]
    root = np.sqrt(t * t + e * e)
    return t / root, e * e / root**3


def _gains(p: Problem, x: FloatArray, hom: Homotopy) -> FloatArray:
    """Shifted gains h_i = τ_i + Σ_d s_id (φ(r_id − x_id) − φ_ε(x_d − x_id)), ``(B, n)``.

    With a = r − x_i and u = x − x_i: a² − u² = (r − x)(a + u) for k = 2, and
    |a| − φ_ε(u) = ((r − x)(a + u) − ε²) / (|a| + sqrt(u² + ε²)) + ε for k = 1.
    """
    a = p.r - p.x
    u = x[:, None, :] - p.x
    prod = (p.r - x[:, None, :]) * (a + u)
    if p.k == 2:
        term = prod
    else:
        e = hom.eps[:, None, None]
        term = (prod - e * e) / (np.abs(a) + np.sqrt(u * u + e * e)) + e
    out: FloatArray = hom.tau + (p.s * term).sum(axis=2)
    return out


def _exact_gains(p: Problem, x: FloatArray) -> FloatArray:
    """Unshifted, unsmoothed gains g_i(x), ``(B, n)``."""
    a = p.r - p.x
    u = x[:, None, :] - p.x
    prod = (p.r - x[:, None, :]) * (a + u)
    if p.k == 1:
        den = np.abs(a) + np.abs(u)
        prod = np.where(den > 0, prod / np.where(den > 0, den, 1.0), 0.0)
    out: FloatArray = (p.s * prod).sum(axis=2)
    return out


def _objective(p: Problem, x: FloatArray, hom: Homotopy) -> FloatArray:
    """F(x) per run; −inf where some active actor's shifted gain is not positive."""
    h = _gains(p, x, hom)
    on = p.w > 0
    ok = np.where(on, h > 0, True).all(axis=1)
    logs = np.where(on, p.w * np.log(np.where(on & (h > 0), h, 1.0)), 0.0)
    out: FloatArray = np.where(ok, logs.sum(axis=1), -np.inf)
    return out


def _derivatives(p: Problem, x: FloatArray, hom: Homotopy) -> tuple[FloatArray, FloatArray]:
    """Gradient ``(B, d)`` and Hessian ``(B, d, d)`` of F (negative definite, regularised)."""
    d1, d2 = _phi(x[:, None, :] - p.x, p.k, hom.eps)
    on = p.w > 0
    h = _gains(p, x, hom)
    inv = np.where(on, 1.0 / np.where(on, h, 1.0), 0.0)
    slope_i = p.s * d1  # −∂g_i/∂x_d
    grad = -((p.w * inv)[:, :, None] * slope_i).sum(axis=1)
    hess = -np.einsum("bn,bnd,bne->bde", p.w * inv * inv, slope_i, slope_i)
    idx = np.arange(x.shape[1])
    hess[:, idx, idx] -= ((p.w * inv)[:, :, None] * p.s * d2).sum(axis=1)
    scale = np.abs(hess[:, idx, idx]).max(axis=1)
    hess[:, idx, idx] -= (1e-14 * scale + 1e-300)[:, None]
    return grad, hess


def _stage(p: Problem, x: FloatArray, hom: Homotopy, width: float) -> FloatArray:
    """Damped Newton steps at a fixed homotopy state; each run stops on its own.

    Far from the maximum a step is damped by an Armijo line search. Once the
    Newton decrement λ² is below :data:`NEAR` × Σ w (deep in the region of
    quadratic convergence, where the line search can no longer tell a gain
    from rounding) full steps are taken, and a run stops after a step below
    :data:`STEP_TOL` × (upper − lower). A run also stops when no damped step
    improves F, or when a step is below the float resolution of x.
    """
    x = x.copy()
    live = np.isfinite(_objective(p, x, hom))
    near_tol = NEAR * p.w.sum(axis=1)
    for _ in range(MAX_NEWTON):
        idx = np.flatnonzero(live)
        if idx.size == 0:
            break
        sub, h, xs = p.rows(idx), hom.rows(idx), x[idx]
        grad, hess = _derivatives(sub, xs, h)
        step: FloatArray = np.linalg.solve(hess, -grad[:, :, None])[:, :, 0].astype(np.float64)
        slope = (step * grad).sum(axis=1)
        near = slope <= near_tol[idx]
        t = _backtrack(sub, xs, h, step, slope, ~near)
        full = near & np.isfinite(_objective(sub, xs + step, h))
        t = np.where(full, 1.0, t)
        x[idx] = xs + t[:, None] * step
        size = np.abs(step).max(axis=1)
        done = (full & (size <= STEP_TOL * width)) | (size <= RESOLUTION * width)
        live[idx] = (t > 0) & ~done
    return x


def _backtrack(
    p: Problem, x: FloatArray, hom: Homotopy, step: FloatArray, slope: FloatArray, moving: BoolArray
) -> FloatArray:
    """Armijo step length per run (0 where no step improves F or the run is not moving)."""
    f0 = _objective(p, x, hom)
    t = np.where(moving, 1.0, 0.0)
    pending = moving.copy()
    for _ in range(MAX_HALVINGS):
        if not pending.any():
            break
        f1 = _objective(p, x + t[:, None] * step, hom)
        pending &= ~(f1 >= f0 + ARMIJO * t * slope)
        t = np.where(pending, 0.5 * t, t)
    out: FloatArray = np.where(pending, 0.0, t)
    return out


def _homotopy(rho: FloatArray, n: int, width: float) -> Homotopy:
    eps = np.clip(rho, *EPS_RANGE) * width
    return Homotopy(np.repeat(rho[:, None], n, axis=1), eps)


def _into_domain(p: Problem, x: FloatArray, q: FloatArray, hom: Homotopy) -> FloatArray:
    """Move x toward the anchor q until every active shifted gain is positive (τ > 0).

    The shifted gains h_i are concave and h_i(q) >= τ_i > 0, so on the segment
    h_i(q + θ(x − q)) >= (1 − θ) τ_i + θ h_i(x) > 0 for θ = ½ min τ_i / (τ_i − h_i(x)).
    """
    h = _gains(p, x, hom)
    short = (p.w > 0) & (h <= 0)
    ratio = np.where(short, hom.tau / np.where(short, hom.tau - h, 1.0), 1.0)
    theta = np.minimum(1.0, 0.5 * ratio.min(axis=1))
    moved = np.any(short, axis=1, keepdims=True)
    out: FloatArray = np.where(moved, q + theta[:, None] * (x - q), x)
    return out


def _start(p: Problem, anchor: FloatArray | None) -> FloatArray:
    """The anchor when given (feasible by assumption), else the c·s weighted mean."""
    if anchor is not None:
        return anchor.copy()
    ws = p.w[:, :, None] * p.s
    total = ws.sum(axis=1)
    mean = (ws * p.x).sum(axis=1) / np.where(total > 0, total, 1.0)
    out: FloatArray = np.where(total > 0, mean, p.x.mean(axis=1))
    return out


def _follow(p: Problem, x: FloatArray, anchor: FloatArray | None, width: float) -> FloatArray:
    """Follow the homotopy path of every run through :data:`SHIFTS` down to ρ = 0."""
    for rho in SHIFTS:
        hom = _homotopy(np.full(len(x), rho), p.w.shape[1], width)
        if anchor is not None and rho > 0:
            x = _into_domain(p, x, anchor, hom)
        x = _stage(p, x, hom, width)
    return x


def _pull_back(p: Problem, x: FloatArray, q: FloatArray) -> FloatArray:
    """Largest point of the segment [q, x] where every active gain is >= 0 (exact |t|^k)."""

    def feasible(y: FloatArray) -> BoolArray:
        out: BoolArray = np.all(np.where(p.w > 0, _exact_gains(p, y) >= 0, True), axis=1)
        return out

    bad = ~feasible(x)
    if not bad.any():
        return x
    lo, hi = np.zeros(len(x)), np.ones(len(x))
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        ok = feasible(q + mid[:, None] * (x - q))
        lo, hi = np.where(ok, mid, lo), np.where(ok, hi, mid)
    out: FloatArray = np.where(bad[:, None], q + lo[:, None] * (x - q), x)
    return out


def nash_newton(
    *,
    position: FloatArray,
    salience: FloatArray,
    weight: FloatArray,
    reference: FloatArray,
    anchor: FloatArray | None,
    lower: FloatArray,
    upper: FloatArray,
    k: int,
) -> FloatArray:
    """Maximiser of Σ_i w_i log Σ_d s_id (|r_id − x_id|^k − |x_d − x_id|^k) per run, ``(B, d)``.

    Args:
        position: ideal points ``(B, n, d)``.
        salience: saliences ``(B, n, d)``.
        weight: bargaining weights ``(B, n)``; 0 drops an actor out.
        reference: each actor's disagreement outcome r_i ``(B, n, d)``; for every
            active actor u_i(r_i) must be below u_i's maximum, u_i(x_i).
        anchor: a feasible point ``(B, d)`` (every active u_i(anchor) >=
            u_i(r_i)), e.g. the status quo; None when every point of the box is
            feasible (each r_i the worst corner of the box for actor i).
        lower: lower bounds of the scale ``(d,)``.
        upper: upper bounds of the scale ``(d,)``.
        k: exponent of the loss, 1 or 2.

    Returns:
        The maximiser per run, inside the box of the active positions.
    """
    on = weight > 0
    best = (salience * np.abs(reference - position) ** k).sum(axis=2)
    scale = np.where(on & (best > 0), best, 1.0)[:, :, None]
    p = Problem(position, salience / scale, weight, reference, k)
    width = float(np.max(upper - lower))
    x = _follow(p, _start(p, anchor), anchor, width)
    if anchor is not None:
        x = _pull_back(p, x, anchor)
    lo = np.where(on[:, :, None], position, np.inf).min(axis=1)
    hi = np.where(on[:, :, None], position, -np.inf).max(axis=1)
    out: FloatArray = np.clip(x, lo, hi)
    return out
