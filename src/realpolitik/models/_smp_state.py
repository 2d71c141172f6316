"""Per-state setup of KTAB's spatial model: distances, risk attitudes, utilities, reports.

Follows ``SMPState::setAllAUtil`` and ``SMPState::pDist`` (KTAB ``smp.cpp``):
salience-weighted distances between actors, a risk-neutral probabilistic
Condorcet election over the actors' positions, risk attitudes inferred from
it (the actor most likely to win is the most risk averse), each actor's
estimate of everyone's risk attitude, and the probability KTAB reports for
each distinct position.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from realpolitik.arrays import FloatArray
from realpolitik.models._smp_rules import (
    BoolArray,
    IntArray,
    PCEModelName,
    VotingRuleName,
    VPModelName,
    bs_util,
    coalitions,
    first_best,
    pce,
    salience_distance,
    victory,
)

BigRRangeName = Literal["Min", "Mid", "Max"]
BigRAdjustName = Literal["None", "OneThird", "Half", "TwoThirds", "Full"]

POSITION_TOLERANCE = 1e-3
"""Positions closer than this (on the [0, 1] scale) count as one (KTAB ``posTol``)."""


@dataclass(frozen=True)
class Rules:
    """The collective-choice options shared by every election of the model."""

    voting: VotingRuleName
    vpm: VPModelName
    pcem: PCEModelName


@dataclass(frozen=True)
class StateSetup:
    """Everything computed from one state before actors choose challenges.

    Attributes:
        d: ``(B, n, n)`` distance from i's ideal (= position) to j's position, i's saliences.
        R: ``(B, n)`` risk attitudes.
        r: ``(B, h, i)`` h's estimate of i's risk attitude.
        own: ``(B, a, j)`` utility to a of j's position, by a's own attitude ``r[a, a]``.
        rep: ``(B, n)`` index of the first actor at (nearly) the same position.
        prob: ``(B, n)`` probability KTAB reports for each actor's position.
    """

    d: FloatArray
    R: FloatArray
    r: FloatArray
    own: FloatArray
    rep: IntArray
    prob: FloatArray


def distances(x: FloatArray, s: FloatArray) -> FloatArray:
    """``d[b, i, j]`` = ``bvDiff(x_i - x_j, s_i)`` for every pair, ``(B, n, n)``."""
    diff = x[:, :, None, :] - x[:, None, :, :]
    return salience_distance(diff, s[:, :, None, :])


def election(rules: Rules, w: FloatArray, U: FloatArray, valid: BoolArray) -> FloatArray:
    """KTAB's ``scalarPCE``: probability of each option from utilities ``U`` (Q, A, M)."""
    C = coalitions(rules.voting, w, U)
    P = victory(rules.vpm, C)
    return pce(rules.pcem, P, C, valid)


def big_r(p: FloatArray, rr: BigRRangeName) -> FloatArray:
    """Risk attitudes from win probabilities (``Model::bigRfromProb``).

    Min maps to [0, 1], Mid (KTAB's default) to [-1/2, 1], Max to [-1, 1]. When
    every probability is equal (no range) everyone is risk neutral.
    """
    lo = p.min(axis=-1, keepdims=True)
    hi = p.max(axis=-1, keepdims=True)
    span = hi - lo
    safe = np.where(span > 0, span, 1.0)
    if rr == "Min":
        R = (p - lo) / safe
    elif rr == "Mid":
        R = (3 * p - (hi + 2 * lo)) / (2 * safe)
    else:
        R = (2 * p - (hi + lo)) / safe
    return np.asarray(np.where(span > 0, R, 0.0))


def estimated_r(R: FloatArray, ra: BigRAdjustName) -> FloatArray:
    """``r[b, h, i]``: h's estimate of i's risk attitude (``Model::estNRA``)."""
    rh, ri = R[:, :, None], R[:, None, :]
    if ra == "Full":
        est = np.broadcast_to(ri, rh.shape[:2] + ri.shape[2:])
    elif ra == "TwoThirds":
        est = (rh + (2.0 * ri)) / 3.0
    elif ra == "Half":
        est = (rh + ri) / 2
    elif ra == "OneThird":
        est = ((2.0 * rh) + ri) / 3.0
    else:
        est = np.broadcast_to(rh, rh.shape[:2] + ri.shape[2:])
    return np.ascontiguousarray(est)


def representatives(x: FloatArray) -> IntArray:
    """For each actor, the first actor whose position it shares (``State::setUENdx``).

    Positions closer than :data:`POSITION_TOLERANCE` (Euclidean, [0, 1] scale)
    are the same position; an actor joins the first distinct position found
    before it, else starts a new one.
    """
    diff = x[:, :, None, :] - x[:, None, :, :]
    close = np.sqrt((diff * diff).sum(axis=-1)) < POSITION_TOLERANCE
    b, n = x.shape[:2]
    first = np.argmax(close, axis=-1)  # the first actor at (nearly) the same position
    if np.array_equal(np.take_along_axis(first, first, axis=1), first):
        # Every first match starts its own position: the sequential rule gives the same.
        return np.asarray(first, dtype=np.intp)
    rep = np.broadcast_to(np.arange(n), (b, n)).copy()
    unique = np.ones((b, n), dtype=bool)
    for i in range(1, n):
        hit = close[:, i, :i] & unique[:, :i]
        found = hit.any(axis=-1)
        rep[:, i] = np.where(found, np.argmax(hit, axis=-1), i)
        unique[:, i] = ~found
    return rep


def setup(
    x: FloatArray,
    s: FloatArray,
    c: FloatArray,
    rules: Rules,
    rr: BigRRangeName,
    ra: BigRAdjustName,
) -> StateSetup:
    """Distances, risk attitudes, utilities and reported probabilities of a state.

    Args:
        x: ``(B, n, D)`` positions on [0, 1].
        s: ``(B, n, D)`` saliences on [0, 1].
        c: ``(B, n)`` capabilities.
        rules: voting rule, victory and PCE models.
        rr: ``BigRRange``.
        ra: ``BigRAdjust``.
    """
    b, n = c.shape
    d = distances(x, s)
    everyone = np.ones((b, n), dtype=bool)
    p_neutral = election(rules, c, 1 - d, everyone)
    R = big_r(p_neutral, rr)
    r = estimated_r(R, ra)
    own = bs_util(d, np.diagonal(r, axis1=1, axis2=2)[:, :, None])
    rep = representatives(x)
    unique = rep == np.arange(n)
    p_unique = election(rules, c, own, unique)
    prob = np.take_along_axis(p_unique, rep, axis=1)
    return StateSetup(d=d, R=R, r=r, own=own, rep=rep, prob=prob)


def most_probable(setup_: StateSetup) -> IntArray:
    """Index of the actor holding the most probable position (first on ties), ``(B,)``."""
    valid = np.ones(setup_.prob.shape, dtype=bool)
    return first_best(setup_.prob, valid)
