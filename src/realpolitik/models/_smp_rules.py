"""KTAB's collective-choice rules: votes, coalitions, victory and outcome probabilities.

These are the building blocks of KTAB's spatial model of politics (Wise, Lester
et al., KAPSARC Toolkit for Behavioral Analysis, ``kmodel.cpp``): actors vote
between options with one of several voting rules, votes add up to coalition
strengths, pairwise coalition strengths give victory probabilities (the
``VictoryProbModel``) and those give a probability for each option (the
``PCEModel``: probabilistic Condorcet elections). Every function works on
batched arrays; options that are padding are masked out.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import NDArray

from realpolitik.arrays import FloatArray

BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.intp]

VotingRuleName = Literal["Binary", "PropBin", "Prop", "PropCbc", "Cubic", "ASymProsp"]
VPModelName = Literal["Linear", "Square", "Quartic", "Octic", "Binary"]
PCEModelName = Literal["Conditional", "MarkovIncentive", "MarkovUniform"]

MIN_COALITION = 1e-8
"""Strength every coalition starts with, so that no ratio is 0/0 (KTAB ``minC``)."""

BINARY_STEP = 1e-8
"""Utility difference at which the binary vote saturates (KTAB ``sTol``)."""

BINARY_VP_THRESHOLD = 1.10
"""A coalition 10 % stronger wins for sure under the Binary victory model."""

TINY_PRODUCT = 1e-280
"""Below this a product of probabilities is recomputed with renormalisation (no underflow)."""

ELEMENT_BUDGET = 1 << 20
"""Largest number of elements of a temporary array in the cubic steps (8 MB of floats)."""

CACHE_BUDGET = 1 << 15
"""Elements per temporary array in the hottest loops (256 kB: stays in the CPU cache)."""


def vote(rule: VotingRuleName, w: FloatArray, du: FloatArray) -> FloatArray:
    """The vote of an actor of weight ``w`` for option 1 over option 2 (``Model::vote``).

    Args:
        rule: the voting rule.
        w: voting weight (> 0), broadcast against ``du``.
        du: utility of option 1 minus utility of option 2.

    Returns:
        Positive for option 1, negative for option 2.
    """
    if rule == "Prop":
        return np.asarray(w * du)
    if rule == "Cubic":
        return np.asarray(w * (du * du * du))
    if rule == "PropCbc":
        return np.asarray(w * ((1 - 0.5) * du + 0.5 * (du * du * du)))
    binary = np.clip(du / BINARY_STEP, -1.0, 1.0)
    if rule == "Binary":
        return np.asarray(w * binary)
    if rule == "PropBin":
        return np.asarray(w * ((1 - 0.2) * du + 0.2 * binary))
    # ASymProsp: losses count fully, gains by two thirds (prospect theory).
    gain = (2.0 * w * du) / 3.0
    return np.asarray(np.where(du < 0, w * du, np.where(du > 0, gain, 0.0)))


def coalitions(rule: VotingRuleName, w: FloatArray, U: FloatArray) -> FloatArray:
    """Coalition strengths ``C[m1, m2]`` of option m1 against m2 (``Model::coalitions``).

    KTAB evaluates each vote once, for the later option against the earlier
    one (``m1 > m2``); with the asymmetric ``ASymProsp`` rule this makes the
    result depend on option order, which is kept here.

    Args:
        rule: the voting rule.
        w: ``(Q, A)`` voting weights.
        U: ``(Q, A, M)`` utility to each voter of each option.

    Returns:
        ``(Q, M, M)`` strengths, ``MIN_COALITION`` on the diagonal.
    """
    q_all, a, m = U.shape
    pos = np.empty((q_all, m, m))
    neg = np.empty((q_all, m, m)) if rule == "ASymProsp" else pos
    rows = max(1, min(m, CACHE_BUDGET // max(1, a * m)))
    per = max(1, CACHE_BUDGET // max(1, a * m * rows))
    for q0 in range(0, q_all, per):
        qs = slice(q0, q0 + per)
        wq = w[qs][:, :, None, None]
        for r0 in range(0, m, rows):
            rs = slice(r0, r0 + rows)
            du = U[qs][:, :, rs, None] - U[qs][:, :, None, :]
            v = vote(rule, wq, du)
            # Summed voter by voter from MIN_COALITION, in KTAB's order (axis 1 is not
            # the innermost axis, so numpy adds sequentially: no pairwise summation).
            pos[qs, rs] = np.add.reduce(np.maximum(v, 0.0), axis=1, initial=MIN_COALITION)
            if rule == "ASymProsp":
                neg[qs, rs] = np.add.reduce(np.maximum(-v, 0.0), axis=1, initial=MIN_COALITION)
    if rule == "ASymProsp":
        lower = np.tri(m, m, -1, dtype=bool)
        pos = np.where(lower, pos, np.swapaxes(neg, 1, 2))
    out = pos
    diag = np.arange(m)
    out[:, diag, diag] = MIN_COALITION
    return out


def _power(vpm: VPModelName, s: FloatArray) -> FloatArray:
    if vpm == "Linear":
        return s
    sq = s * s
    if vpm == "Square":
        return sq
    quartic = sq * sq
    return quartic if vpm == "Quartic" else quartic * quartic


def victory(vpm: VPModelName, C: FloatArray) -> FloatArray:
    """Pairwise victory probabilities ``P[i, j]`` from coalition strengths (``Model::vProb``).

    Args:
        vpm: the victory probability model.
        C: ``(..., M, M)`` coalition strengths.

    Returns:
        ``(..., M, M)`` with ``P[i, j] + P[j, i] = 1`` and ``P[i, i] = 1/2``.
    """
    s1, s2 = C, np.swapaxes(C, -1, -2)
    if vpm == "Binary":
        t = BINARY_VP_THRESHOLD
        r12 = s1 / (s1 + s2)
        p12 = (r12 * (t + 1.0) - 1.0) / (t - 1.0)
        win, lose = s1 >= t * s2, s2 >= t * s1
        x1 = np.where(win, 1.0, np.where(lose, 1e-6, p12))
        x2 = np.where(win, 1e-6, np.where(lose, 1.0, 1 - p12))
    else:
        x1, x2 = _power(vpm, s1), _power(vpm, s2)
    p_low = x1 / (x1 + x2)
    p_up = x2 / (x1 + x2)
    m = C.shape[-1]
    lower = np.tri(m, m, -1, dtype=bool)
    P = np.where(lower, p_low, np.swapaxes(p_up, -1, -2))
    diag = np.arange(m)
    P[..., diag, diag] = 0.5
    return np.asarray(P)


def pce(pcem: PCEModelName, P: FloatArray, C: FloatArray, valid: BoolArray) -> FloatArray:
    """Probability of each option (KTAB's ``probCE2``), over the valid options only.

    Args:
        pcem: ``Conditional`` (one-step, ``p_i ∝ Π_j P[i, j]``), ``MarkovUniform``
            or ``MarkovIncentive`` (stationary distributions of challenge chains).
        P: ``(Q, M, M)`` victory probabilities.
        C: ``(Q, M, M)`` coalition strengths (used by ``MarkovIncentive``).
        valid: ``(Q, M)`` which options exist.

    Returns:
        ``(Q, M)`` probabilities summing to one, zero on invalid options.
    """
    if pcem == "Conditional":
        return _conditional(P, valid)
    pair = valid[:, :, None] & valid[:, None, :]
    if pcem == "MarkovUniform":
        return _markov_uniform(np.where(pair, P, 0.0), valid)
    return _markov_incentive(np.where(pair, P, 0.0), np.where(pair, C, 0.0), valid)


def _conditional(P: FloatArray, valid: BoolArray) -> FloatArray:
    # KTAB's condPCE: p_i = Π_j P[i, j] multiplied left to right, then divided by the
    # sum. The order is kept so that options tied only mathematically (a Condorcet
    # cycle under the Binary victory model) are separated exactly as KTAB separates them.
    Pv = np.where(valid[:, None, :], P, 1.0)
    prod = np.multiply.reduce(Pv, axis=-1)
    if np.any(valid & (prod < TINY_PRODUCT)):
        prod = _renormalised_product(Pv, valid)
    prod = np.where(valid, prod, 0.0)
    total = np.cumsum(prod, axis=-1)[:, -1:]
    return np.asarray(prod / total)


def _renormalised_product(Pv: FloatArray, valid: BoolArray) -> FloatArray:
    """The same left-to-right product, kept as mantissa × 2^exponent so it cannot underflow.

    Scaling by powers of two is exact, so the result equals KTAB's product
    (rescaled) whenever KTAB's does not underflow.
    """
    mant = np.ones(Pv.shape[:2])
    expo = np.zeros(Pv.shape[:2], dtype=np.int64)
    for j in range(Pv.shape[-1]):
        mant, de = np.frexp(mant * Pv[:, :, j])
        expo += de
    top = np.where(valid, expo, np.iinfo(np.int64).min).max(axis=-1, keepdims=True)
    return np.asarray(np.ldexp(mant, np.maximum(expo - top, -1100)))


def _uniform_start(valid: BoolArray) -> tuple[FloatArray, FloatArray]:
    count = valid.sum(axis=-1).astype(np.float64)
    return valid / count[:, None], count


def _markov_uniform(P: FloatArray, valid: BoolArray) -> FloatArray:
    # q_i = (1/M) Σ_j P[i,j] (p_i + p_j); stop when max|q - p| <= 1e-6, else p = (p + q)/2.
    p, count = _uniform_start(valid)
    rowsum = P.sum(axis=-1)
    active = np.ones(len(p), dtype=bool)
    for _ in range(1000):
        q = (p * rowsum + np.einsum("qij,qj->qi", P, p)) / count[:, None]
        active &= np.abs(q - p).max(axis=-1) > 1e-6
        if not active.any():
            break
        p = np.where(active[:, None], (p + q) / 2.0, p)
    return p


def _markov_incentive(P: FloatArray, C: FloatArray, valid: BoolArray) -> FloatArray:
    # Incentive N = C P (+1e-10 on the diagonal); H[i,j] = N[i,j] / Σ_k N[k,j];
    # q_i = Σ_j P[i,j] (p_i H[j,i] + p_j H[i,j]); p = (p + q)/2 until max|q - p| <= 1e-8.
    m = P.shape[-1]
    diag = np.arange(m)
    N = C * P
    N[:, diag, diag] += np.where(valid, 1e-10, 0.0)
    col = N.sum(axis=-2, keepdims=True)
    H = N / np.where(col > 0, col, 1.0)
    own = (P * np.swapaxes(H, -1, -2)).sum(axis=-1)
    cross = P * H
    p, _ = _uniform_start(valid)
    active = np.ones(len(p), dtype=bool)
    for _ in range(1000):
        q = p * own + np.einsum("qij,qj->qi", cross, p)
        change = np.abs(q - p).max(axis=-1)
        p = np.where(active[:, None], (p + q) / 2.0, p)
        active &= change > 1e-8
        if not active.any():
            break
    return p


def first_best(x: FloatArray, valid: BoolArray) -> IntArray:
    """Index of the largest valid entry along the last axis; exact ties go to the first.

    Rows with no valid entry give 0.
    """
    return np.asarray(np.argmax(np.where(valid, x, -np.inf), axis=-1), dtype=np.intp)


def sample(p: FloatArray, valid: BoolArray, u: FloatArray) -> IntArray:
    """KTAB's ``probSel``: the first option whose cumulative probability reaches ``u``."""
    cum = np.cumsum(np.where(valid, p, 0.0), axis=-1)
    hit = cum >= u[:, None]
    last = valid.shape[-1] - 1 - np.argmax(valid[:, ::-1], axis=-1)
    return np.asarray(np.where(hit.any(axis=-1), np.argmax(hit, axis=-1), last), dtype=np.intp)


def bs_util(d: FloatArray, R: FloatArray) -> FloatArray:
    """KTAB's utility of a distance ``d`` for risk attitude ``R`` (``SMPModel::bsUtil``).

    ``(1 - d)(1 + d R)`` for ``d <= 1``: R = 0 is linear, R = 1 risk averse
    (``1 - d²``), R = -1 risk seeking (``(1 - d)²``).
    """
    near = (1 - d) * (1 + d * R)
    if np.all(d <= 1):  # always, unless a bargain left [0, 1] (KTAB's receiver-bargain defect)
        return np.asarray(near)
    return np.asarray(np.where(d <= 1, near, (1 - d) * (1 + R)))


def salience_distance(diff: FloatArray, s: FloatArray) -> FloatArray:
    """KTAB's ``bvDiff``: ``sqrt(Σ_k (s_k Δ_k)² / Σ_k s_k²)`` over the last axis."""
    ds = diff * s
    return np.asarray(np.sqrt((ds * ds).sum(axis=-1) / (s * s).sum(axis=-1)))
