"""Offers of the expected utility model: which proposals an actor receives, which it accepts.

Bueno de Mesquita (1994, 2002) and Scholz, Calbert & Smith (2011): seen by
actor ``i``, with ``a = EU_i(challenge j)`` and ``b = EU_j(challenge i)``,

- ``b > a > 0``: ``j`` wins a confrontation, ``i`` moves to ``x_j``;
- ``b > 0 > a`` and ``b > |a|``: compromise, ``i`` moves to ``x_i + (x_j − x_i)|a / b|``;
- ``b > 0 > a`` and ``b ≤ |a|``: ``i`` capitulates and moves to ``x_j``;
- otherwise (e.g. both negative): stalemate, no offer.

Each actor accepts one offer per round (see :data:`OFFER_CHOICES`).
Comparisons between utilities carry a relative tolerance of
:data:`EU_TOLERANCE` so that mathematically tied utilities are treated as ties
whatever the order of floating-point sums; ties between offers go to the
proposer listed first in the input, as Python's ``min`` does in Scholz et al.'s
code (the references depend on it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from realpolitik.arrays import FloatArray

NONE, CONFRONTATION, COMPROMISE, CAPITULATION = 0, 1, 2, 3
KIND_NAMES = {
    CONFRONTATION: "confrontation",
    COMPROMISE: "compromise",
    CAPITULATION: "capitulation",
}

EU_TOLERANCE = 1e-12
"""Expected utilities whose difference is below this share of their size count as equal."""

KEY_TOLERANCE = 1e-12
"""Offer ranking keys closer than this (relative to the range) count as tied."""

OFFER_CHOICES = ("eu_weighted_compromise", "smallest_move", "highest_eu")
"""How an actor picks among the offers it receives.

- ``eu_weighted_compromise`` (Scholz et al.'s code; reproduces the references):
  any confrontation first (the smallest move), else the compromise with the
  lowest ``(|a| x_i + |b| x_j) / (|a| + |b|)``, else a capitulation (smallest move).
- ``smallest_move`` (the text of Scholz et al. 2011 and Bueno de Mesquita 1994:
  the actor accepts the offer that asks it to move least): the same priority of
  kinds, compromises ranked by the size of the move.
- ``highest_eu``: whatever its kind, the offer whose proposer expects the most
  from challenging (largest ``b``); proposers tied on ``b`` are ranked as by
  ``smallest_move``.
"""


@dataclass(frozen=True, kw_only=True)
class Accepted:
    """The offer each actor accepts, in the sorted actor order of the round.

    Attributes:
        to: ``(B, n)`` new positions (the old one where no offer was accepted).
        kind: ``(B, n)`` :data:`NONE`, :data:`CONFRONTATION`, :data:`COMPROMISE`
            or :data:`CAPITULATION`.
        proposer: ``(B, n)`` index (sorted order) of the actor whose offer was accepted.
        masks: every confrontation, compromise and capitulation offered, ``(B, n, n)``.
    """

    to: FloatArray
    kind: NDArray[np.int8]
    proposer: NDArray[np.intp]
    masks: tuple[NDArray[np.bool_], NDArray[np.bool_], NDArray[np.bool_]]


def offer_table(
    x: FloatArray,
    a: FloatArray,
    b: FloatArray,
    masks: tuple[NDArray[np.bool_], NDArray[np.bool_], NDArray[np.bool_]],
) -> tuple[NDArray[np.int8], FloatArray]:
    """Every offer made, accepted or not: ``(B, n, n)`` kinds and the positions they lead to."""
    kind = np.where(masks[0], CONFRONTATION, NONE)
    kind = np.where(masks[1], COMPROMISE, kind)
    kind = np.where(masks[2], CAPITULATION, kind).astype(np.int8)
    xi, xj = x[:, :, None], x[:, None, :]
    ratio = np.abs(a / np.where(b != 0, b, 1.0))
    return kind, np.where(kind == COMPROMISE, xi + (xj - xi) * ratio, xj)


def classify(
    same: NDArray[np.bool_], a: FloatArray, b: FloatArray
) -> tuple[NDArray[np.bool_], NDArray[np.bool_], NDArray[np.bool_]]:
    """Which offers ``j`` makes to ``i`` (docs/models/spec.md §2 step 9).

    Args:
        same: ``(B, n, n)`` whether ``x_i = x_j`` (no offer between actors at one position).
        a: ``EU_i(challenge j)`` as seen by i.
        b: ``EU_j(challenge i)`` as seen by i.

    Returns:
        Masks of confrontations, compromises and capitulations.
    """
    margin = np.abs(a)
    margin += np.abs(b)
    margin *= EU_TOLERANCE
    confront = (a > 0) & (b > a + margin) & ~same
    yields = (a < 0) & (b > 0) & ~same
    compromise = yields & (b > margin - a)
    return confront, compromise, yields & ~compromise


def _pick(
    key: FloatArray, allowed: NDArray[np.bool_], tol: FloatArray, rank: NDArray[np.intp]
) -> NDArray[np.intp]:
    """Index of the allowed minimum of ``key`` along the last axis.

    Keys within ``tol`` of the minimum tie; a tie goes to the lowest ``rank``
    (the actor's place in the input, as Python's ``min`` in Scholz et al.'s code).
    """
    masked = np.where(allowed, key, np.inf)
    best = masked.min(axis=2, keepdims=True)
    tied = allowed & (masked <= best + tol)
    pick: NDArray[np.intp] = np.argmin(np.where(tied, rank[:, None, :], rank.shape[1]), axis=2)
    return pick


def _ranked(
    d: FloatArray,
    x: FloatArray,
    a: FloatArray,
    b: FloatArray,
    masks: tuple[NDArray[np.bool_], NDArray[np.bool_], NDArray[np.bool_]],
    scale: FloatArray,
    rule: str,
) -> tuple[FloatArray, NDArray[np.bool_], FloatArray]:
    """Ranking key, allowed offers and tie tolerance for ``rule`` (see :data:`OFFER_CHOICES`)."""
    confront, compromise, capitulate = masks
    if rule == "highest_eu":
        # Proposers tied on b (e.g. at one position) fall back on the usual ranking.
        offered = confront | compromise | capitulate
        best = np.where(offered, b, -np.inf).max(axis=2, keepdims=True)
        top = offered & (b >= best - EU_TOLERANCE * np.abs(best))
        confront, compromise, capitulate = confront & top, compromise & top, capitulate & top
        rule = "smallest_move"
    has_conf = confront.any(axis=2, keepdims=True)
    has_comp = compromise.any(axis=2, keepdims=True) & ~has_conf
    allowed = np.where(has_conf, confront, np.where(has_comp, compromise, capitulate))
    tol = np.full(has_comp.shape, KEY_TOLERANCE)
    if not has_comp.any():
        return d, allowed, tol
    absa, absb = np.abs(a), np.abs(b)
    if rule == "smallest_move":
        comp_key = d * absa / np.where(b > 0, b, 1.0)
    else:
        comp_key = (absa * x[:, :, None] + absb * x[:, None, :]) / np.maximum(absa + absb, 1e-300)
        tol = np.where(has_comp, KEY_TOLERANCE * scale[:, None, None], tol)
    return np.where(has_comp, comp_key, d), allowed, tol


def choose(
    x: FloatArray,
    d: FloatArray,
    same: NDArray[np.bool_],
    a: FloatArray,
    b: FloatArray,
    scale: FloatArray,
    rule: str,
    rank: NDArray[np.intp],
) -> Accepted:
    """The offer each actor accepts this round.

    Args:
        x: ``(B, n)`` sorted positions.
        d: ``(B, n, n)`` ``|x_i − x_j| / R``.
        same: ``(B, n, n)`` whether ``x_i = x_j``.
        a: ``(B, n, n)`` ``EU_i(challenge j)`` as seen by i.
        b: ``(B, n, n)`` ``EU_j(challenge i)`` as seen by i.
        scale: ``(B,)`` the range R.
        rule: one of :data:`OFFER_CHOICES`.
        rank: ``(B, n)`` each sorted actor's place in the input (breaks ties).

    Returns:
        The accepted offers. Ties go to the proposer listed first in the input.
    """
    masks = classify(same, a, b)
    key, allowed, tol = _ranked(d, x, a, b, masks, scale, rule)
    pick = _pick(key, allowed, tol, rank)
    runs = np.arange(pick.shape[0])[:, None]
    actors = np.arange(pick.shape[1])[None, :]

    def at(v: NDArray[Any]) -> NDArray[Any]:
        picked: NDArray[Any] = v[runs, actors, pick]
        return picked

    kind = np.where(at(masks[0]), CONFRONTATION, NONE)
    kind = np.where(at(masks[1]), COMPROMISE, kind)
    kind = np.where(at(masks[2]), CAPITULATION, kind).astype(np.int8)
    xj = x[runs, pick]
    a_p, b_p = at(a), at(b)
    ratio = np.abs(a_p / np.where(b_p != 0, b_p, 1.0))
    to = np.where(kind == COMPROMISE, x + (xj - x) * ratio, xj)
    return Accepted(to=np.where(kind == NONE, x, to), kind=kind, proposer=pick, masks=masks)
