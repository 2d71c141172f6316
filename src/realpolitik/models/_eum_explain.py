"""Every intermediate quantity of one round of the expected utility model, for inspection.

The round loop (:mod:`realpolitik.models._eum_run`) keeps only what it needs;
:func:`explain_round` recomputes one round with the same kernels and returns
the probabilities, expected utilities, security levels, risk exponents and
accepted offers in the input order of the actors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from realpolitik.arrays import FloatArray
from realpolitik.models._eum_kernel import (
    challenge_eu,
    dyad_utilities,
    make_dyads,
    moving_terms,
    perceived_eu,
    probabilities,
    relative_security,
    security,
)
from realpolitik.models._eum_offers import choose
from realpolitik.models._eum_run import unsort
from realpolitik.models.base import weighted_median

if TYPE_CHECKING:
    from realpolitik.models.expected_utility import EumParams


@dataclass(frozen=True, kw_only=True)
class RoundDetails:
    """One round, in input actor order; pairwise arrays are indexed ``[run, i, j]``.

    Attributes:
        median: ``(B,)`` μ, the weighted median before the round.
        scale: ``(B,)`` R, the range distances are divided by.
        p_win_neutral: ``(B, n, n)`` probability that i beats j, every exponent 1.
        eu_neutral: ``(B, n, n)`` ``EU_i(challenge j)``, every exponent 1.
        security: ``(B, n)`` ``S_i = Σ_{j≠i} EU_j(challenge i)`` (every exponent 1).
        relative_security: ``(B, n)`` ``R_i`` in [−1, 1].
        r: ``(B, n)`` risk exponents.
        p_win: ``(B, n, n)`` probability that i beats j with the exponents ``r``.
        eu_own: ``(B, n, n)`` ``EU_i(challenge j)`` as i sees it (exponent ``r_i``).
        eu_other: ``(B, n, n)`` ``EU_j(challenge i)`` as i sees it (exponent ``r_i``).
        kind: ``(B, n)`` offer accepted (0 none, 1 confrontation, 2 compromise,
            3 capitulation).
        proposer: ``(B, n)`` index of the actor whose offer was accepted (−1: none).
        to: ``(B, n)`` positions after the round.
        converged: ``(B,)`` all security levels equal (the round loop stops there).
    """

    median: FloatArray
    scale: FloatArray
    p_win_neutral: FloatArray
    eu_neutral: FloatArray
    security: FloatArray
    relative_security: FloatArray
    r: FloatArray
    p_win: FloatArray
    eu_own: FloatArray
    eu_other: FloatArray
    kind: NDArray[np.int8]
    proposer: NDArray[np.intp]
    to: FloatArray
    converged: NDArray[np.bool_]


def _unsort2(order: NDArray[np.intp], m: FloatArray) -> FloatArray:
    inv = np.argsort(order, axis=1)
    runs = np.arange(m.shape[0])[:, None, None]
    return m[runs, inv[:, :, None], inv[:, None, :]]


def explain_round(
    x: FloatArray, w: FloatArray, s: FloatArray, scale: FloatArray, params: EumParams
) -> RoundDetails:
    """Recompute one round with every intermediate quantity.

    Args:
        x: ``(B, n)`` positions at the start of the round.
        w: ``(B, n)`` capability × salience.
        s: ``(B, n)`` saliences in [0, 1].
        scale: ``(B,)`` the range R.
        params: the model's options.

    Returns:
        The round's :class:`RoundDetails`.
    """
    median = weighted_median(x[:, :, None], w[:, :, None])[:, 0]
    order = np.lexsort((s, w, x), axis=-1)
    runs = np.arange(x.shape[0])[:, None]
    xs, ws, ss = x[runs, order], w[runs, order], s[runs, order]
    dy = make_dyads(xs, ws, ss, scale, median)
    rule, q = params.probability, params.status_quo_probability
    p1 = probabilities(dy, None, rule)
    moving = None if q == 1.0 else moving_terms(dy, None)[0]
    eu1 = challenge_eu(dyad_utilities(dy, None), p1, ss[:, None, :], q, moving)
    sec = security(dy, rule, q)
    rel, flat = relative_security(sec)
    r = (1.0 - rel / 3.0) / (1.0 + rel / 3.0)
    a, b = perceived_eu(dy, r, rule, q)
    acc = choose(xs, dy.d, dy.same, a, b, scale, params.offer_choice, order)
    return RoundDetails(
        median=median,
        scale=scale,
        p_win_neutral=_unsort2(order, p1),
        eu_neutral=_unsort2(order, eu1),
        security=unsort(order, sec),
        relative_security=unsort(order, rel),
        r=unsort(order, r),
        p_win=_unsort2(order, probabilities(dy, r, rule)),
        eu_own=_unsort2(order, a),
        eu_other=_unsort2(order, b),
        kind=unsort(order, acc.kind),
        proposer=unsort(order, np.where(acc.kind == 0, -1, order[runs, acc.proposer])),
        to=unsort(order, acc.to),
        converged=flat,
    )
