"""Array kernels of the expected utility model: votes, probabilities, utilities, risk.

Everything here works on one *round* of a batch of runs whose actors are sorted
by position (``x`` of shape ``(B, n)``, ascending along the actor axis). All
pairwise quantities are ``(B, n, n)`` arrays indexed ``[run, i, j]``; nothing
materialises an ``(n, n, n)`` or ``(n, n, n, n)`` array.

The all-pairs vote total of Scholz, Calbert & Smith (2011),
``D = Σ_k Σ_a Σ_b |v_k(x_a, x_b)|``, is a sum over ``n³`` votes (``n⁴`` terms
counting the pairs of a dyad); it factorises because every vote
``v_k(a, b) = w_k (u_kb − u_ka)`` is positive exactly when ``k`` is closer to
``a`` than to ``b``, that is when ``x_k`` lies on ``a``'s side of the midpoint
``(x_a + x_b) / 2``. With actors sorted by position that set is a prefix or a
suffix of the actor axis, so the support of ``a`` against ``b``,
``N_ab = Σ_k max(v_k(a, b), 0)``, is a difference of prefix sums of
``w_k u_k·`` read at the midpoint's rank, and ``D = 2 Σ_a Σ_b N_ab``
(``|v| = max(v, 0) + max(−v, 0)``). Memory and time are O(B n²) per pass plus
an O(B n² log n) merge that ranks the midpoints.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from realpolitik.arrays import FloatArray

IntArray = NDArray[np.intp]

SECURITY_TOLERANCE = 1e-12
"""Relative spread below which all security levels count as equal (converged)."""


def midpoint_ranks(x: FloatArray) -> IntArray:
    """``c[b, i, j]`` = number of actors strictly left of the midpoint of ``x_i`` and ``x_j``.

    Each row of midpoints ``(x_i + x_j) / 2`` is merged with the sorted
    positions by one stable sort (two sorted runs: a linear merge); a midpoint's
    place in the merged row minus the midpoints before it (``j`` of them) is
    the number of positions before it.

    Args:
        x: ``(B, n)`` positions, sorted ascending along the last axis.

    Returns:
        ``(B, n, n)`` integer counts in ``[0, n]``, symmetric in ``i, j``.
    """
    b, n = x.shape
    mid = 0.5 * (x[:, :, None] + x[:, None, :])
    merged = np.concatenate([mid, np.broadcast_to(x[:, None, :], (b, n, n))], axis=2)
    # Stable: a midpoint comes before the positions equal to it, which are not "left" of it.
    order = np.argsort(merged, axis=2, kind="stable")
    place = np.empty_like(order)
    runs = np.arange(b)[:, None, None]
    rows = np.arange(n)[None, :, None]
    place[runs, rows, order] = np.arange(2 * n)
    return place[:, :, :n] - np.arange(n)


def _prefix_index(ranks: IntArray) -> tuple[IntArray, IntArray]:
    """Flat indices of ``prefix[b, c_ij, j]`` and ``prefix[b, c_ij, i]`` in ``(B, n+1, n)``."""
    b, n, _ = ranks.shape
    row = (np.arange(b) * ((n + 1) * n))[:, None, None] + ranks * n
    cols = np.arange(n)
    return row + cols[None, None, :], row + cols[None, :, None]


def support(dy: Dyads, u: FloatArray) -> FloatArray:
    """Votes for ``x_i`` against ``x_j``: ``N[b, i, j] = Σ_k max(w_k (u_kj − u_ki), 0)``.

    Voters left of the midpoint of ``x_i < x_j`` prefer ``x_i``: their net
    votes are a difference of prefix sums (over the sorted voters) of
    ``w_k u_k·`` read at the midpoint's rank; voters right of it prefer ``x_j``.

    Args:
        dy: the round's geometry.
        u: ``(B, n, n)`` ``u[b, k, a] = (|x_k − x_a| / R)^{r_k}``, voter ``k``'s
            loss at position ``x_a`` (Bueno de Mesquita 1994).

    Returns:
        ``(B, n, n)`` non-negative support, zero where ``x_i = x_j``.
    """
    b, n = dy.x.shape
    prefix = np.empty((b, n + 1, n))
    prefix[:, 0, :] = 0.0
    np.multiply(dy.w[:, :, None], u, out=prefix[:, 1:, :])
    np.cumsum(prefix[:, 1:, :], axis=1, out=prefix[:, 1:, :])
    flat = prefix.reshape(-1)
    left = np.take(flat, dy.at_j)
    left -= np.take(flat, dy.at_i)  # voters left of the midpoint, for x_i < x_j
    total = prefix[:, n, :]
    right = (total[:, None, :] - total[:, :, None]) - left  # voters right of it, x_i > x_j
    votes = np.where(dy.right, right, left)
    return np.maximum(votes, 0.0, out=votes)


def win_probability(votes: FloatArray, rule: str) -> FloatArray:
    """Probability that ``i`` beats ``j`` from the support matrix.

    Args:
        votes: ``(B, n, n)`` output of :func:`support`.
        rule: ``"all_pairs"`` — divide by the total of all votes on all pairs
            (Scholz et al.'s code, which reproduces their Table 2); ``"contest"``
            — divide by the votes cast on this pair only (their text and Bueno
            de Mesquita 1994), so ``P_ij + P_ji = 1``.

    Returns:
        ``(B, n, n)`` probabilities; 0 where no vote is cast.
    """
    if rule == "all_pairs":
        total = 2.0 * votes.sum(axis=(1, 2))[:, None, None]
    else:
        total = votes + votes.swapaxes(1, 2)
    safe = np.where(total > 0, total, np.inf)
    return np.divide(votes, safe, out=votes)


def _power(base: FloatArray, r: FloatArray | None) -> FloatArray:
    """``base ** r`` with one exponent per row (``r`` of shape ``(B, n)``; None means 1).

    ``np.float_power`` calls the C library's ``pow`` like Python's ``**``;
    ``np.power`` may use a SIMD approximation that differs in the last bit on
    AVX-512 machines, which changes decisions that hinge on rounding (see
    ``docs/models/eum.md``, "Rounding").
    """
    return base if r is None else np.float_power(base, r[:, :, None])


def _utility(base: FloatArray, r: FloatArray | None) -> FloatArray:
    """``2 − 4 base^r``, the quadratic-like utility of Bueno de Mesquita (1994)."""
    return 2.0 - 4.0 * _power(base, r)


@dataclass(frozen=True, kw_only=True)
class Dyads:
    """The round's geometry, shared by both passes.

    Attributes:
        x: ``(B, n)`` sorted positions.
        w: ``(B, n)`` ``c_k s_k``.
        s: ``(B, n)`` saliences.
        d: ``(B, n, n)`` ``|x_i − x_j| / R``.
        to_median: ``(B, n)`` ``|x_i − μ| / R``.
        right: ``(B, n, n)`` ``x_i > x_j``.
        same: ``(B, n, n)`` ``x_i = x_j``.
        at_j: flat index of ``prefix[b, c_ij, j]`` (:func:`support`).
        at_i: flat index of ``prefix[b, c_ij, i]``.
    """

    x: FloatArray
    w: FloatArray
    s: FloatArray
    d: FloatArray
    to_median: FloatArray
    right: NDArray[np.bool_]
    same: NDArray[np.bool_]
    at_j: IntArray
    at_i: IntArray


def make_dyads(
    x: FloatArray, w: FloatArray, s: FloatArray, scale: FloatArray, median: FloatArray
) -> Dyads:
    """Geometry of a round: ``scale`` is the range ``R`` (``(B,)``) and ``median`` μ (``(B,)``)."""
    safe = np.where(scale > 0, scale, 1.0)[:, None]
    xi, xj = x[:, :, None], x[:, None, :]
    at_j, at_i = _prefix_index(midpoint_ranks(x))
    return Dyads(
        x=x,
        w=w,
        s=s,
        d=np.minimum(np.abs(xi - xj) / safe[:, :, None], 1.0),
        to_median=np.abs(x - median[:, None]) / safe,
        right=xi > xj,
        same=xi == xj,
        at_j=at_j,
        at_i=at_i,
    )


@dataclass(frozen=True, kw_only=True)
class Utilities:
    """Utilities of every dyad seen by ``i`` with i's risk exponent (docs/models/spec.md §2 step 3).

    They are evaluated literally, as in Scholz et al.'s code: where two actors
    nearly coincide the expected utilities are differences of numbers of order
    1, and the references were produced with exactly that rounding.

    Attributes:
        success: ``U_s = 2 − 4 (0.5 − 0.5 d_ij)^r_i``.
        failure: ``U_f = 2 − 4 (0.5 + 0.5 d_ij)^r_i``.
        status_quo: ``U_sq = 2 − 4 (0.5)^r_i``, shape ``(B, n, 1)``.
    """

    success: FloatArray
    failure: FloatArray
    status_quo: FloatArray


def dyad_utilities(dy: Dyads, r: FloatArray | None) -> Utilities:
    """Utilities of every dyad with row exponents ``r`` (None: all 1)."""
    return Utilities(
        success=_utility(0.5 - 0.5 * dy.d, r),
        failure=_utility(0.5 + 0.5 * dy.d, r),
        status_quo=_utility(np.full((*dy.d.shape[:2], 1), 0.5), r),
    )


def _moving_utility(d: FloatArray, to_median: FloatArray, r: FloatArray | None) -> FloatArray:
    """``T U_b + (1 − T) U_w``: the challenger's outlook if the status quo does not hold.

    ``T = 1`` when the challenger is closer to the median than to the target;
    ``U_b``/``U_w`` = ``2 − 4 (0.5 ∓ 0.25 (|x_c − μ| + |x_c − x_t|) / R)^r``
    (Bueno de Mesquita 1994; docs/models/spec.md §2 step 6).
    """
    spread = 0.25 * (to_median + d)
    return np.where(to_median < d, _utility(0.5 - spread, r), _utility(0.5 + spread, r))


def challenge_eu(
    util: Utilities,
    p_win: FloatArray,
    target_salience: FloatArray,
    q: float,
    moving: FloatArray | None,
) -> FloatArray:
    """``EU = s_t [P U_s + (1 − P) U_f] + (1 − s_t) U_s − Q U_sq − (1 − Q)[T U_b + (1 − T) U_w]``.

    Args:
        util: the dyad's utilities (:func:`dyad_utilities`).
        p_win: probability that the challenger wins.
        target_salience: salience of the challenged actor, broadcastable to ``(B, n, n)``.
        q: ``Q``, the probability that the status quo persists if no challenge is made.
        moving: :func:`_moving_utility` of the challenger (None when ``Q = 1``).

    Returns:
        ``(B, n, n)`` expected utilities (Bueno de Mesquita 1994; docs/models/spec.md §2 step 6).
    """
    eu = p_win * util.success
    eu += (1.0 - p_win) * util.failure
    eu *= target_salience
    eu += (1.0 - target_salience) * util.success
    eu -= q * util.status_quo
    if moving is not None:
        eu -= (1.0 - q) * moving
    return eu


def probabilities(dy: Dyads, r: FloatArray | None, rule: str) -> FloatArray:
    """``P[b, i, j]``: probability that ``i`` beats ``j`` when voters have exponents ``r``."""
    # Votes only feed sums whose rounding differs from Scholz et al.'s anyway, so the
    # faster SIMD power is fine here (``_power`` matters for the utilities).
    u = dy.d if r is None else np.power(dy.d, r[:, :, None])
    return win_probability(support(dy, u), rule)


def moving_terms(dy: Dyads, r: FloatArray | None) -> tuple[FloatArray, FloatArray]:
    """The ``(1 − Q)`` terms of i challenging j and of j challenging i, both seen by i."""
    own = _moving_utility(dy.d, dy.to_median[:, :, None], r)
    other = _moving_utility(dy.d, dy.to_median[:, None, :], r)
    return own, other


def security(dy: Dyads, rule: str, q: float) -> FloatArray:
    """``S_i = Σ_{j≠i} EU_j(challenge i)`` with every exponent 1 (the first pass).

    Returns:
        ``(B, n)`` security levels (docs/models/spec.md §2 step 7; low = secure).
    """
    p_win = probabilities(dy, None, rule)
    util = dyad_utilities(dy, None)
    moving = None if q == 1.0 else moving_terms(dy, None)[0]
    eu = challenge_eu(util, p_win, dy.s[:, None, :], q, moving)
    sec: FloatArray = eu.sum(axis=1) - np.diagonal(eu, axis1=1, axis2=2)
    return sec


def relative_security(sec: FloatArray) -> tuple[FloatArray, NDArray[np.bool_]]:
    """``R_i = (2 S_i − max S − min S) / (max S − min S)`` (Bueno de Mesquita 1994).

    Returns:
        ``(B, n)`` values in [−1, 1] and ``(B,)`` flags of runs whose security
        levels are all equal (to a relative :data:`SECURITY_TOLERANCE`): there
        ``R_i`` is undefined and set to 0.
    """
    hi, lo = sec.max(axis=1), sec.min(axis=1)
    spread = hi - lo
    flat = spread <= SECURITY_TOLERANCE * np.abs(sec).max(axis=1)
    rel = (2.0 * sec - hi[:, None] - lo[:, None]) / np.where(flat, 1.0, spread)[:, None]
    return np.where(flat[:, None], 0.0, rel), flat


def risk_exponents(sec: FloatArray) -> tuple[FloatArray, NDArray[np.bool_]]:
    """Risk exponents from security levels (Bueno de Mesquita 1994; Scholz et al. 2011).

    ``r_i = (1 − R_i/3) / (1 + R_i/3)`` with ``R_i`` from :func:`relative_security`.

    Returns:
        ``(B, n)`` exponents in [0.5, 2] and ``(B,)`` flags of runs whose security
        levels are all equal (exponents undefined: the run has converged; they
        get ``r = 1``).
    """
    rel, flat = relative_security(sec)
    return (1.0 - rel / 3.0) / (1.0 + rel / 3.0), flat


def perceived_eu(dy: Dyads, r: FloatArray, rule: str, q: float) -> tuple[FloatArray, FloatArray]:
    """Second pass: ``a = EU_i(challenge j)`` and ``b = EU_j(challenge i)``, both as i sees them.

    Votes use every voter's own exponent; utilities use i's exponent for both
    sides of the dyad (Scholz et al.'s code; docs/models/spec.md §2 step 8).

    Returns:
        ``(a, b)``, each ``(B, n, n)`` indexed ``[run, i, j]``.
    """
    p_win = probabilities(dy, r, rule)
    util = dyad_utilities(dy, r)
    own, other = moving_terms(dy, r) if q != 1.0 else (None, None)
    a = challenge_eu(util, p_win, dy.s[:, None, :], q, own)
    b = challenge_eu(util, p_win.swapaxes(1, 2), dy.s[:, :, None], q, other)
    return a, b
