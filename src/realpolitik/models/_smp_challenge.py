"""Challenges in KTAB's spatial model: who would gain by challenging whom.

Implements ``SMPState::probEduChlg`` (h's estimate, for actor k, of i
challenging j) on whole arrays of challenges, and the choice of each actor's
best target (``SMPState::bestChallenge``). Third parties join the side they
expect to serve them best in a "little conflict" with the two principals
(``Actor::vProbLittle`` and ``Actor::thirdPartyVoteSU``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from realpolitik.arrays import FloatArray
from realpolitik.models._smp_rules import (
    CACHE_BUDGET,
    BoolArray,
    IntArray,
    VotingRuleName,
    bs_util,
    first_best,
    vote,
)
from realpolitik.models._smp_state import StateSetup

ThirdPartyCommitName = Literal["NoCommit", "SemiCommit", "FullCommit"]

MIN_CONTRIBUTION = 1e-10
"""Strength each principal's coalition starts with (KTAB ``minCltn``)."""

MIN_GAIN = 1e-5
"""Smallest expected gain worth a challenge (KTAB ``minSigEDU``)."""


@dataclass(frozen=True)
class Views:
    """Utilities of one estimator for a batch of challenges of i against j.

    Pair arrays have a shape ``S``; third-party arrays ``(n,) + S`` (third
    party first, so that sums over third parties run left to right without a
    copy). ``u_ab`` is the estimator's utility to a of b's position; k is the
    actor whose gain is estimated.
    """

    uii: FloatArray
    uij: FloatArray
    uji: FloatArray
    ujj: FloatArray
    uki: FloatArray
    ukj: FloatArray
    uni: FloatArray
    unj: FloatArray
    unn: FloatArray


def _joins(tpc: ThirdPartyCommitName, v: Views, pin: FloatArray, pjn: FloatArray) -> FloatArray:
    """A third party's utility of joining i minus that of joining j (``thirdPartyVoteSU``).

    Utilities are sums of three position-utilities: of (ik > j), (j > ik),
    (i > jk) and (jk > i), weighted by the little conflict's probabilities.
    """
    uni, unj, unn = v.uni, v.unj, v.unn
    two_j = unj + unj
    if tpc == "FullCommit":
        u_ikj, u_jik, u_ijk, u_jki = uni + uni + uni, two_j + unj, uni + uni + uni, two_j + unj
    elif tpc == "SemiCommit":
        u_ikj, u_jik, u_ijk, u_jki = uni + uni + unn, two_j + unj, uni + uni + uni, two_j + unn
    else:
        u_ikj, u_jik, u_ijk, u_jki = uni + uni + unn, two_j + unn, uni + uni + unn, two_j + unn
    join_i = pin * u_ikj
    join_i += np.multiply(pjn, u_jik, out=u_jik)
    join_j = pin * u_ijk
    join_j += np.multiply(pjn, u_jki, out=u_jki)
    join_i -= join_j
    return join_i


def prob_edu(
    rule: VotingRuleName,
    tpc: ThirdPartyCommitName,
    v: Views,
    w: tuple[FloatArray, FloatArray, FloatArray],
    sal_j: FloatArray,
    principals: tuple[tuple[IntArray | slice, ...], ...],
) -> tuple[FloatArray, FloatArray]:
    """Probability that i beats j and k's expected gain from i challenging j.

    Each third party weighs in on a "little conflict" with the two principals
    (``Actor::vProbLittle``), then joins the side it expects to serve it best
    (``Actor::thirdPartyVoteSU``); coalition strengths add up left to right, as
    in KTAB, so that results are bit for bit KTAB's.

    Args:
        rule: the voting rule.
        tpc: how committed third parties are to the side they join.
        v: the estimator's utilities.
        w: weights (salience × capability) of i, j (shape ``S``) and of third
            parties (broadcast to ``(n,) + S``).
        sal_j: total salience of j (its probability of resisting), shape ``S``.
        principals: index tuples of the ``(n,) + S`` entries where the "third
            party" is i or j itself (they do not vote as third parties).

    Returns:
        ``(p_ij, gain)``, each of shape ``S``.
    """
    wi, wj, wn = w
    ai = vote(rule, wi, v.uii - v.uij)
    aj = vote(rule, wj, v.uji - v.ujj)
    ci = MIN_CONTRIBUTION + np.maximum(ai, 0.0) + np.maximum(aj, 0.0)
    cj = MIN_CONTRIBUTION + np.maximum(-ai, 0.0) + np.maximum(-aj, 0.0)
    v0 = vote(rule, wn, v.uni - v.unj)
    cni = np.maximum(v0, 0.0)
    cni += ci
    cnj = np.maximum(np.negative(v0, out=v0), 0.0, out=v0)
    cnj += cj
    pin = np.divide(cni, np.add(cni, cnj, out=cnj), out=cni)
    pjn = np.subtract(1.0, pin, out=cnj)
    vn = vote(rule, wn, _joins(tpc, v, pin, pjn))
    for index in principals:
        vn[index] = 0.0
    chij = _accumulate(ci, np.maximum(vn, 0.0))
    chji = _accumulate(cj, np.maximum(np.negative(vn, out=vn), 0.0, out=vn))
    pij = chij / (chij + chji)
    pji = chji / (chij + chji)
    eu_sq = v.uki + v.ukj
    eu_vict = v.uki + v.uki
    eu_contest = pij * (v.uki + v.uki) + pji * (v.ukj + v.ukj)
    eu_chlg = (1 - sal_j) * eu_vict + sal_j * eu_contest
    return pij, eu_chlg - eu_sq


def _accumulate(start: FloatArray, terms: FloatArray) -> FloatArray:
    """``start + terms[0] + terms[1] + ...`` added in that order, as KTAB does.

    ``terms`` is C-contiguous with the summed axis first, so numpy adds slice
    by slice (no pairwise summation); ``terms`` is overwritten.
    """
    terms = np.ascontiguousarray(terms)
    terms[0] += start
    return np.asarray(np.add.reduce(terms, axis=0))


def all_challenges(
    st: StateSetup,
    w: FloatArray,
    sal: FloatArray,
    rule: VotingRuleName,
    tpc: ThirdPartyCommitName,
) -> tuple[FloatArray, FloatArray]:
    """Every actor's own estimate of challenging every other, ``probEduChlg(i, i, i, j)``.

    Args:
        st: the state's setup.
        w: ``(B, n)`` salience × capability.
        sal: ``(B, n)`` total salience.
        rule: the voting rule.
        tpc: third-party commitment.

    Returns:
        ``(p, gain)``, each ``(B, i, j)``; ``gain`` is ``-inf`` on the diagonal.
    """
    b, n = w.shape
    p = np.empty((b, n, n))
    gain = np.empty((b, n, n))
    block = max(1, CACHE_BUDGET // (n * n))
    rows = np.stack(np.meshgrid(np.arange(b), np.arange(n), indexing="ij"), -1).reshape(-1, 2)
    dn = np.ascontiguousarray(np.moveaxis(st.d, 1, 0))  # dn[a, b, j] = d[b, a, j]
    for r0 in range(0, len(rows), block):
        bi, ii = rows[r0 : r0 + block].T
        p[bi, ii], gain[bi, ii] = _initiator_rows(st, dn, w, sal, rule, tpc, bi, ii)
    diag = np.arange(n)
    gain[:, diag, diag] = -np.inf
    return p, gain


def _initiator_rows(
    st: StateSetup,
    dn: FloatArray,
    w: FloatArray,
    sal: FloatArray,
    rule: VotingRuleName,
    tpc: ThirdPartyCommitName,
    bi: IntArray,
    ii: IntArray,
) -> tuple[FloatArray, FloatArray]:
    """``probEduChlg(i, i, i, j)`` for a block of (run, initiator) rows, every j and n."""
    n = w.shape[1]
    rows = np.arange(len(bi))
    d = st.d[bi]  # (r, a, b): distance of a's ideal to b's position
    r_i = st.r[bi, ii]  # (r, a): i's estimate of a's attitude
    r_ii = r_i[rows, ii][:, None]
    r_n = np.ascontiguousarray(r_i.T)[:, :, None]  # (n, r, 1)
    d_jj = np.diagonal(d, axis1=1, axis2=2)  # (r, j)
    uii = bs_util(d[rows, ii, ii][:, None], r_ii)
    uij = bs_util(d[rows, ii, :], r_ii)
    views = Views(
        uii=np.broadcast_to(uii, uij.shape),
        uij=uij,
        uji=bs_util(d[rows, :, ii], r_i),
        ujj=bs_util(d_jj, r_i),
        uki=np.broadcast_to(uii, uij.shape),
        ukj=uij,
        uni=bs_util(d[rows, :, ii].T[:, :, None], r_n),
        unj=bs_util(dn[:, bi, :], r_n),
        unn=bs_util(d_jj.T[:, :, None], r_n),
    )
    wb = w[bi]
    weights = (wb[rows, ii][:, None], wb, np.ascontiguousarray(wb.T)[:, :, None])
    diag = np.arange(n)
    principals = ((ii, rows, slice(None)), (diag, slice(None), diag))
    return prob_edu(rule, tpc, views, weights, sal[bi], principals)


def best_targets(gain: FloatArray) -> tuple[IntArray, BoolArray]:
    """Each initiator's best target among gains above :data:`MIN_GAIN` (first on ties).

    Returns:
        ``(target, has_target)``, each ``(B, n)``.
    """
    ok = gain > MIN_GAIN
    return first_best(gain, ok), np.asarray(ok.any(axis=-1))


def receiver_view(
    st: StateSetup,
    w: FloatArray,
    sal: FloatArray,
    rule: VotingRuleName,
    tpc: ThirdPartyCommitName,
    target: IntArray,
) -> tuple[FloatArray, FloatArray]:
    """``probEduChlg(j, i, i, j)``: target j's estimate, for initiator i, of i challenging j.

    Args:
        st: the state's setup.
        w: ``(B, n)`` salience × capability.
        sal: ``(B, n)`` total salience.
        rule: the voting rule.
        tpc: third-party commitment.
        target: ``(B, n)`` each initiator's target.

    Returns:
        ``(p, gain)``, each ``(B, n)`` (indexed by initiator).
    """
    b, n = w.shape
    bb = np.arange(b)[:, None]
    ii = np.broadcast_to(np.arange(n), (b, n))
    jj = target
    r_j = st.r[bb, jj]  # (B, i, a): j's estimate of a's attitude
    r_ji = np.take_along_axis(r_j, ii[:, :, None], axis=2)[:, :, 0]
    r_jj = np.take_along_axis(r_j, jj[:, :, None], axis=2)[:, :, 0]
    d = st.d
    d_ii = np.diagonal(d, axis1=1, axis2=2)
    d_jj = np.take_along_axis(d_ii, jj, axis=1)
    d_ij = d[bb, ii, jj]
    d_ji = d[bb, jj, ii]
    uii = bs_util(d_ii, r_ji)
    uij = bs_util(d_ij, r_ji)
    col_i = np.swapaxes(d, 1, 2)  # col_i[b, i, a] = d[b, a, i]
    r_n = np.ascontiguousarray(np.moveaxis(r_j, 2, 0))  # (n, B, i)

    def first(a: FloatArray) -> FloatArray:
        return np.ascontiguousarray(np.moveaxis(a, 2, 0))

    views = Views(
        uii=uii,
        uij=uij,
        uji=bs_util(d_ji, r_jj),
        ujj=bs_util(d_jj, r_jj),
        uki=uii,
        ukj=uij,
        uni=first(bs_util(col_i, r_j)),
        unj=first(bs_util(col_i[bb, jj], r_j)),
        unn=bs_util(d_ii.T[:, :, None], r_n),
    )
    weights = (w, np.take_along_axis(w, jj, axis=1), w.T[:, :, None])
    bbb = np.broadcast_to(bb, (b, n))
    principals = ((ii, bbb, ii), (jj, bbb, ii))
    return prob_edu(rule, tpc, views, weights, np.take_along_axis(sal, jj, axis=1), principals)
