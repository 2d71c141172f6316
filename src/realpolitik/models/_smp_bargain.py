"""Bargains in KTAB's spatial model: proposing them and choosing among them.

An initiator and its best target interpolate a bargain (``SMPActor::interpolateBrgn``,
``SMPState::doBCN``); every actor then holds a probabilistic Condorcet election
among the bargains it is party to and the status quo, and adopts the winner.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from realpolitik.arrays import FloatArray
from realpolitik.models._smp_rules import (
    ELEMENT_BUDGET,
    BoolArray,
    IntArray,
    bs_util,
    first_best,
    salience_distance,
    sample,
)
from realpolitik.models._smp_state import Rules, StateSetup, election

InterVecBrgnName = Literal["S1P1", "S2P2", "S2PMax"]
BargnModelName = Literal["InitOnlyInterp", "InitRcvrInterp", "PWCompInterp"]

MIN_WEIGHT = 1e-6
"""Weight added to the initiator's side so that 0/0 cannot happen (KTAB ``minW``)."""


@dataclass(frozen=True)
class Bargains:
    """The bargains of one turn, in slots ``g = i * K + r`` (initiator i, r < K).

    Attributes:
        init: ``(G,)`` initiator of each slot.
        rcvr: ``(B, G)`` receiver (target) of each slot.
        valid: ``(B, G)`` whether the slot holds a bargain.
        pos_init: ``(B, G, D)`` position proposed to the initiator.
        pos_rcvr: ``(B, G, D)`` position proposed to the receiver.
    """

    init: IntArray
    rcvr: IntArray
    valid: BoolArray
    pos_init: FloatArray
    pos_rcvr: FloatArray


def _round4(x: FloatArray) -> FloatArray:
    # C's (int)(0.5 + x * 1e4) / 1e4: truncation toward zero.
    return np.asarray(np.trunc(0.5 + x * 10000.0) / 10000.0)


def interpolate(
    ivb: InterVecBrgnName,
    ti: FloatArray,
    si: FloatArray,
    prb_i: FloatArray,
    tj: FloatArray,
    sj: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """Positions a bargain proposes to i and j, dimension by dimension.

    Args:
        ivb: ``S1P1``/``S2P2`` (weights (s p)^1 or (s p)^2, rounded to 1e-4)
            or ``S2PMax`` (the likelier winner moves less).
        ti, tj: ``(..., D)`` positions of i and j.
        si, sj: ``(..., D)`` their saliences.
        prb_i: ``(..., 1)`` probability that i wins (j's is ``1 - prb_i``).
    """
    prb_j = 1 - prb_i
    if ivb == "S2PMax":
        di = np.where(prb_j > prb_i, prb_j - prb_i, 0.0)
        dj = np.where(prb_i > prb_j, prb_i - prb_j, 0.0)
        si2, sj2 = si * si, sj * sj
        dik = (di * sj2) / ((di * sj2) + MIN_WEIGHT + ((1 - di) * si2))
        djk = (dj * si2) / ((dj * si2) + MIN_WEIGHT + ((1 - dj) * sj2))
        return ti + dik * (tj - ti), tj + djk * (ti - tj)
    if ivb == "S1P1":
        wi, wj = si * prb_i, sj * prb_j
    else:
        wi, wj = (si * si) * (prb_i * prb_i), (sj * sj) * (prb_j * prb_j)
    total = wi + MIN_WEIGHT + wj
    bi = _round4(((wi + MIN_WEIGHT) * ti + wj * tj) / total)
    bj = _round4((wi * ti + (MIN_WEIGHT + wj) * tj) / total)
    return bi, bj


def propose(
    x: FloatArray,
    s: FloatArray,
    c: FloatArray,
    target: IntArray,
    has: BoolArray,
    p_init: FloatArray,
    p_rcvr: FloatArray | None,
    ivb: InterVecBrgnName,
    model: BargnModelName,
    ktab_compat: bool,
) -> Bargains:
    """Every initiator's bargain(s) with its target.

    Args:
        x, s: ``(B, n, D)`` positions and saliences.
        c: ``(B, n)`` capabilities.
        target: ``(B, n)`` each initiator's target; ``has`` whether it has one.
        p_init: ``(B, n)`` initiator's estimate that it wins.
        p_rcvr: ``(B, n)`` the value the receiver's bargain interpolates with
            (None for ``InitOnlyInterp``).
        ivb: interpolation rule.
        model: ``InitOnlyInterp`` (initiator's bargain), ``InitRcvrInterp``
            (also the receiver's), ``PWCompInterp`` (their weighted compromise).
        ktab_compat: weigh ``PWCompInterp`` with the initiator's capability on
            both sides, as KTAB does.
    """
    b, n = c.shape
    tj = np.take_along_axis(x, target[:, :, None], axis=1)
    sj = np.take_along_axis(s, target[:, :, None], axis=1)
    bi, bj = interpolate(ivb, x, s, p_init[:, :, None], tj, sj)
    if model == "InitOnlyInterp" or p_rcvr is None:
        return Bargains(init=np.arange(n), rcvr=target, valid=has, pos_init=bi, pos_rcvr=bj)
    ri, rj = interpolate(ivb, x, s, p_rcvr[:, :, None], tj, sj)
    if model == "PWCompInterp":
        tot = s.sum(axis=2)
        wi = (c * tot)[:, :, None]
        cap_j = c if ktab_compat else np.take_along_axis(c, target, axis=1)
        wj = (cap_j * np.take_along_axis(tot, target, axis=1))[:, :, None]
        pi = (wi * bi + wj * ri) / (wi + wj)
        pj = (wi * bj + wj * rj) / (wi + wj)
        return Bargains(init=np.arange(n), rcvr=target, valid=has, pos_init=pi, pos_rcvr=pj)
    two = (b, 2 * n)
    return Bargains(
        init=np.repeat(np.arange(n), 2),
        rcvr=np.repeat(target, 2, axis=1),
        valid=np.repeat(has, 2, axis=1),
        pos_init=np.stack([bi, ri], axis=2).reshape(two + bi.shape[2:]),
        pos_rcvr=np.stack([bj, rj], axis=2).reshape(two + bj.shape[2:]),
    )


def option_utilities(st: StateSetup, x: FloatArray, s: FloatArray, brg: Bargains) -> FloatArray:
    """``U[b, a, m]``: a's average utility over all positions after option m.

    Option 0 is the status quo; option ``1 + g`` implements bargain slot g
    (only the initiator's and receiver's positions change). Each actor values
    the proposed positions with its own risk attitude.
    """
    b, n = x.shape[:2]
    own_t = np.ascontiguousarray(np.moveaxis(st.own, 2, 0))  # (n', B, a)
    total = np.add.reduce(own_t, axis=0)  # left to right, as KTAB
    R = st.R[:, :, None]
    xa, sa = x[:, :, None, :], s[:, :, None, :]
    u_init = bs_util(salience_distance(xa - brg.pos_init[:, None, :, :], sa), R)
    u_rcvr = bs_util(salience_distance(xa - brg.pos_rcvr[:, None, :, :], sa), R)
    g = len(brg.init)
    others = np.arange(n)[:, None, None, None]
    moved = (others == brg.init[None, None, None, :]) | (others == brg.rcvr[None, :, None, :])
    deals = np.empty((b, n, g))
    block = max(1, ELEMENT_BUDGET // ((n + 1) * b * g))
    for a0 in range(0, n, block):
        sl = slice(a0, a0 + block)
        # KTAB: u(init) + u(rcvr), then every other actor's position left to right.
        stacked = np.empty((n + 1, b, len(range(n)[sl]), g))
        stacked[0] = u_init[:, sl] + u_rcvr[:, sl]
        stacked[1:] = np.where(moved, 0.0, own_t[:, :, sl, None])
        deals[:, sl] = np.add.reduce(stacked, axis=0)
    return np.asarray(np.concatenate([total[:, :, None], deals], axis=2) / n)


def queues(brg: Bargains, n: int) -> tuple[IntArray, IntArray]:
    """Each actor's options: the status quo, then its bargains in slot order.

    Returns:
        ``(index, length)``: ``(B, n, M)`` option indices (padded) and ``(B, n)`` counts.
    """
    k = np.arange(n)[None, :, None]
    party = (brg.init[None, None, :] == k) | (brg.rcvr[:, None, :] == k)
    member = np.concatenate(
        [np.ones((*party.shape[:2], 1), dtype=bool), party & brg.valid[:, None, :]], axis=2
    )
    length = member.sum(axis=2)
    order = np.argsort(~member, axis=2, kind="stable")
    return order[:, :, : int(length.max())], length


def resolve(
    rules: Rules,
    c: FloatArray,
    U: FloatArray,
    index: IntArray,
    length: IntArray,
    u: FloatArray | None,
) -> IntArray:
    """The option each actor adopts: the winner of an election among its options.

    Args:
        rules: voting rule, victory and PCE models.
        c: ``(B, n)`` capabilities (the voting weights).
        U: ``(B, a, options)`` utilities from :func:`option_utilities`.
        index: ``(B, n, M)`` and ``length`` ``(B, n)`` from :func:`queues`.
        u: ``(B, n)`` uniform draws for stochastic transitions, None for the
            deterministic rule (the most probable option, the first on ties).

    Returns:
        ``(B, n)`` chosen option index (0 = status quo).
    """
    b, n = length.shape
    chosen = np.zeros((b, n), dtype=np.intp)
    a = U.shape[1]
    for m in np.unique(length):
        if m == 1:
            continue
        qb, qk = np.nonzero(length == m)
        per = max(1, ELEMENT_BUDGET // int(a * m * m))
        for q0 in range(0, len(qb), per):
            sb, sk = qb[q0 : q0 + per], qk[q0 : q0 + per]
            idx = index[sb, sk, :m]
            Uq = np.take_along_axis(U[sb], idx[:, None, :], axis=2)
            valid = np.ones(idx.shape, dtype=bool)
            p = election(rules, c[sb], Uq, valid)
            pick = first_best(p, valid) if u is None else sample(p, valid, u[sb, sk])
            chosen[sb, sk] = idx[np.arange(len(sb)), pick]
    return chosen


def new_positions(x: FloatArray, brg: Bargains, chosen: IntArray) -> FloatArray:
    """Positions after each actor adopts its chosen option."""
    n = x.shape[1]
    g = np.maximum(chosen - 1, 0)
    is_init = brg.init[g] == np.arange(n)
    take = g[:, :, None]
    p_init = np.take_along_axis(brg.pos_init, take, axis=1)
    p_rcvr = np.take_along_axis(brg.pos_rcvr, take, axis=1)
    moved = np.where(is_init[:, :, None], p_init, p_rcvr)
    return np.asarray(np.where((chosen > 0)[:, :, None], moved, x))
