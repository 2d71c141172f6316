"""The round loop of the expected utility model and what it remembers.

Bueno de Mesquita (1994) as reconstructed by Scholz, Calbert & Smith (2011);
full references in :mod:`realpolitik.models.expected_utility`.

A round (docs/models/spec.md §2): sort the actors by position, compute the security
levels with every risk exponent at 1, derive the exponents, recompute votes and
expected utilities with them, and let every actor accept at most one offer; all
move at once. Runs stop early when all actors hold one position, when all are
equally secure (risk exponents undefined), or, optionally, when the median is
stable; a stopped run repeats its last state.

Batches are cut into chunks that fit in cache and the chunks run on a few
threads (numpy releases the GIL inside its array loops).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from realpolitik.arrays import FloatArray
from realpolitik.models._eum_kernel import make_dyads, perceived_eu, risk_exponents, security
from realpolitik.models._eum_offers import KIND_NAMES, NONE, Accepted, choose, offer_table

if TYPE_CHECKING:
    from realpolitik.models.expected_utility import EumParams

RUNNING, ONE_POSITION, EQUAL_SECURITY, MEDIAN_STABLE = 0, 1, 2, 3
_REASONS = {
    ONE_POSITION: "positions converged at {at}: all actors at one position",
    EQUAL_SECURITY: (
        "stopped at {at}: every actor is equally secure, so the risk exponents are "
        "undefined (the model has converged)"
    ),
    MEDIAN_STABLE: "median stable at {at}: stopped",
}

CHUNK_ELEMENTS = 2**15
"""Target size of one chunk's ``(runs, n, n)`` arrays (256 kB of float64: cache-sized)."""

POSITION_TOLERANCE = 1e-12
"""Positions closer than this share of the initial range count as one position."""


@dataclass(frozen=True, kw_only=True)
class OfferTable:
    """Every offer made to run 0's actors in one round, ``[i, j]`` = j's offer to i.

    Attributes:
        kind: ``(n, n)`` offer kinds (0 = none).
        to: ``(n, n)`` where each offer would move i.
        eu_own: ``(n, n)`` ``EU_i(challenge j)`` as i sees it.
        eu_other: ``(n, n)`` ``EU_j(challenge i)`` as i sees it.
    """

    kind: NDArray[np.int8]
    to: FloatArray
    eu_own: FloatArray
    eu_other: FloatArray


@dataclass(kw_only=True)
class RoundLog:
    """Offers accepted by run 0 in one round, in input actor order (and all offers if asked)."""

    kind: NDArray[np.int8]
    proposer: NDArray[np.intp]
    to: FloatArray
    offers: OfferTable | None = None


@dataclass(kw_only=True)
class History:
    """Everything a batch of runs went through.

    Attributes:
        positions: ``(B, T + 1, n)`` positions, round 0 = input.
        r: ``(B, T + 1, n)`` risk exponents (1 in round 0).
        rounds: ``(B,)`` rounds run.
        reason: ``(B,)`` why each run stopped early (``RUNNING``: it did not).
        log: offers of run 0 per round (None for rounds it did not play).
    """

    positions: FloatArray
    r: FloatArray
    rounds: NDArray[np.int64]
    reason: NDArray[np.int8]
    log: list[RoundLog | None] = field(default_factory=list)

    def records(self, actor_ids: Sequence[str]) -> list[list[Mapping[str, Any]]]:
        """Offers accepted by run 0, per round (round 0: none)."""
        out: list[list[Mapping[str, Any]]] = [[]]
        for t in range(1, self.positions.shape[1]):
            entry = self.log[t - 1] if t <= len(self.log) else None
            out.append([] if entry is None else _round_records(entry, actor_ids))
        return out

    def notes(self) -> list[str]:
        """One message per reason some runs stopped early."""
        batch = self.reason.shape[0]
        notes = []
        for code, text in _REASONS.items():
            hit = np.flatnonzero(self.reason == code)
            if hit.size == 0:
                continue
            at = self.rounds[hit]
            lo, hi = int(at.min()), int(at.max())
            span = f"round {lo}" if lo == hi else f"rounds {lo}-{hi}"
            prefix = "" if batch == 1 else f"{hit.size} of {batch} runs: "
            notes.append(prefix + text.format(at=span))
        return notes


def _round_records(entry: RoundLog, actor_ids: Sequence[str]) -> list[Mapping[str, Any]]:
    accepted: list[Mapping[str, Any]] = [
        {
            "actor": actor_ids[int(i)],
            "from": actor_ids[int(entry.proposer[i])],
            "kind": KIND_NAMES[int(entry.kind[i])],
            "to": float(entry.to[i]),
        }
        for i in np.flatnonzero(entry.kind != NONE)
    ]
    table = entry.offers
    if table is None:
        return accepted
    detailed: list[Mapping[str, Any]] = []
    for rec in accepted:
        i, j = actor_ids.index(rec["actor"]), actor_ids.index(rec["from"])
        detailed.append({**rec, **_utilities(table, i, j), "accepted": True})
    for i, j in zip(*np.nonzero(table.kind), strict=True):
        if entry.kind[i] != NONE and entry.proposer[i] == j:
            continue
        detailed.append(
            {
                "actor": actor_ids[int(i)],
                "from": actor_ids[int(j)],
                "kind": KIND_NAMES[int(table.kind[i, j])],
                "to": float(table.to[i, j]),
                **_utilities(table, int(i), int(j)),
                "accepted": False,
            }
        )
    return detailed


def _utilities(table: OfferTable, i: int, j: int) -> dict[str, float]:
    return {"eu_own": float(table.eu_own[i, j]), "eu_other": float(table.eu_other[i, j])}


@dataclass(frozen=True, kw_only=True)
class _Step:
    """One round's outcome for some runs, in input actor order."""

    x: FloatArray
    r: FloatArray
    flat: NDArray[np.bool_]
    kind: NDArray[np.int8]
    proposer: NDArray[np.intp]
    offers: OfferTable | None = None


def unsort(order: NDArray[np.intp], values: NDArray[Any]) -> NDArray[Any]:
    """Undo ``sorted = values[run, order]`` along the actor axis of ``(B, n)`` arrays."""
    out = np.empty_like(values)
    out[np.arange(order.shape[0])[:, None], order] = values
    return out


def play_round(
    x: FloatArray,
    w: FloatArray,
    s: FloatArray,
    scale: FloatArray,
    median: FloatArray,
    params: EumParams,
    detail: bool = False,
) -> _Step:
    """One round for a batch: ``x, w, s`` are ``(B, n)``; the range ``scale`` and μ are ``(B,)``."""
    order = np.lexsort((s, w, x), axis=-1)
    runs = np.arange(x.shape[0])[:, None]
    xs, ws, ss = x[runs, order], w[runs, order], s[runs, order]
    dy = make_dyads(xs, ws, ss, scale, median)
    q = params.status_quo_probability
    r, flat = risk_exponents(security(dy, params.probability, q))
    a, b = perceived_eu(dy, r, params.probability, q)
    acc = choose(xs, dy.d, dy.same, a, b, scale, params.offer_choice, order)
    proposer = order[runs, acc.proposer]
    return _Step(
        x=unsort(order, acc.to),
        r=unsort(order, r),
        flat=flat,
        kind=unsort(order, acc.kind),
        proposer=unsort(order, proposer),
        offers=_first_run_offers(order, xs, a, b, acc) if detail else None,
    )


def _first_run_offers(
    order: NDArray[np.intp], xs: FloatArray, a: FloatArray, b: FloatArray, acc: Accepted
) -> OfferTable:
    """All offers of the batch's first run, back in input order."""
    masks = (acc.masks[0][:1], acc.masks[1][:1], acc.masks[2][:1])
    kind, to = offer_table(xs[:1], a[:1], b[:1], masks)
    inv = np.argsort(order[0])
    back = np.ix_(inv, inv)
    return OfferTable(kind=kind[0][back], to=to[0][back], eu_own=a[0][back], eu_other=b[0][back])


def _median(x: FloatArray, w: FloatArray) -> FloatArray:
    """The weighted median of ``(B, n)`` arrays, exactly as ``base.weighted_median``."""
    order = np.argsort(x, axis=1, kind="stable")
    runs = np.arange(x.shape[0])[:, None]
    ws = w[runs, order]
    ws = np.where(ws.sum(axis=1, keepdims=True) > 0, ws, 1.0)
    cum = np.cumsum(ws, axis=1)
    idx = np.argmax(cum >= 0.5 * cum[:, -1:] * (1 - 1e-12), axis=1)
    median: FloatArray = x[runs[:, 0], order[runs[:, 0], idx]]
    return median


def _simulate_chunk(x0: FloatArray, w: FloatArray, s: FloatArray, params: EumParams) -> History:
    b, n = x0.shape
    R0 = x0.max(axis=1) - x0.min(axis=1)
    x, r = x0.copy(), np.ones((b, n))
    xs, rs, log = [x.copy()], [r.copy()], []
    rounds = np.zeros(b, dtype=np.int64)
    reason = np.zeros(b, dtype=np.int8)
    mu = _median(x, w)
    for t in range(1, params.rounds + 1):
        live = reason == RUNNING
        reason[live & (x.max(axis=1) - x.min(axis=1) <= POSITION_TOLERANCE * R0)] = ONE_POSITION
        idx = np.flatnonzero(reason == RUNNING)
        if idx.size == 0:
            break
        scale = R0[idx] if params.range_basis == "initial" else np.ptp(x[idx], axis=1)
        detail = params.detail and idx[0] == 0
        step = play_round(x[idx], w[idx], s[idx], scale, mu[idx], params, detail)
        reason[idx[step.flat]] = EQUAL_SECURITY
        moved = idx[~step.flat]
        x[moved], r[moved] = step.x[~step.flat], step.r[~step.flat]
        rounds[moved] = t
        log.append(_log_run0(idx, step))
        new_mu = _median(x, w)
        if params.stopping == "median_stable":
            stable = np.abs(new_mu - mu) <= params.stable_tolerance * R0
            reason[moved[stable[moved]]] = MEDIAN_STABLE
        mu = new_mu
        xs.append(x.copy())
        rs.append(r.copy())
    return History(
        positions=np.stack(xs, axis=1),
        r=np.stack(rs, axis=1),
        rounds=rounds,
        reason=reason,
        log=log,
    )


def _log_run0(idx: NDArray[np.intp], step: _Step) -> RoundLog | None:
    if idx.size == 0 or idx[0] != 0 or step.flat[0]:
        return None
    return RoundLog(kind=step.kind[0], proposer=step.proposer[0], to=step.x[0], offers=step.offers)


def _merge(parts: list[History]) -> History:
    t1 = 1 + max(int(p.rounds.max(initial=0)) for p in parts)

    def pad(a: FloatArray) -> FloatArray:
        a = a[:, :t1]
        extra = t1 - a.shape[1]
        return np.concatenate([a, np.repeat(a[:, -1:], extra, axis=1)], axis=1) if extra else a

    return History(
        positions=np.concatenate([pad(p.positions) for p in parts]),
        r=np.concatenate([pad(p.r) for p in parts]),
        rounds=np.concatenate([p.rounds for p in parts]),
        reason=np.concatenate([p.reason for p in parts]),
        log=parts[0].log,
    )


def default_workers() -> int:
    """Threads used for large batches: the CPUs this process may use, at most 4.

    One inside a worker process (a Monte Carlo backend already runs one process
    per CPU; more threads there would only compete for them).
    """
    if multiprocessing.parent_process() is not None:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 4))


def simulate(
    x0: FloatArray,
    w: FloatArray,
    s: FloatArray,
    params: EumParams,
    *,
    workers: int | None = None,
) -> History:
    """Run every round for a batch: ``x0, w, s`` of shape ``(B, n)``.

    Args:
        x0: initial positions.
        w: capability × salience.
        s: salience in [0, 1].
        params: the model's options.
        workers: threads for batches of several chunks (default :func:`default_workers`).

    Returns:
        The batch's history, truncated after the last round any run played.
    """
    b, n = x0.shape
    size = max(1, CHUNK_ELEMENTS // max(1, n * n))
    cuts = [slice(k, min(b, k + size)) for k in range(0, b, size)]
    jobs = [(x0[c], w[c], s[c], params) for c in cuts]
    threads = min(len(jobs), default_workers() if workers is None else max(1, workers))
    if threads == 1:
        parts = [_simulate_chunk(*job) for job in jobs]
    else:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            parts = list(pool.map(lambda job: _simulate_chunk(*job), jobs))
    return _merge(parts)
