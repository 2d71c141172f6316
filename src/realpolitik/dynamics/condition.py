"""Condition a war's runs on observations: a particle filter in seeded blocks.

Sequential importance resampling (Gordon, Salmond & Smith 1993; Doucet,
de Freitas & Gordon 2001, ch. 1) run as *island* particle filters (Vergé,
Dubarry, Del Moral & Moulines 2015): each block of
:data:`~realpolitik.rng.BLOCK` runs is one filter, so a block's runs never
leave its worker and memory stays that of an unconditioned simulation.

1. **Filter** (per block ``k``). The runs are drawn from ``block_rng(seed,
   k)`` exactly as :func:`.engine.simulate_block` draws them, with lever
   observations pinned (an intervention, :mod:`.observe`). Month by month, at
   the end of each month that has evidence, each run is weighed by the
   likelihood of that month's observations; the block's evidence estimate
   ``Ẑ_k`` is multiplied by the mean weight, and — unless it is the last
   such month — the runs are resampled (systematic resampling, Kitagawa
   1996, with ``SeedSequence(seed, spawn_key=(k, 3, s))`` at step ``s``) and
   the copies go on with fresh months, fresh draws of the unobserved events
   still to come and a fresh deal seed (``spawn_key=(k, 4, s)``). So a run
   that matches the first months is kept and given new chances to match the
   next ones, instead of needing a whole matching history from the start.
2. **Resample across blocks.** Run ``i`` of block ``k`` weighs
   ``Ẑ_k(before the last step) × w_i(last step)``; with every block's weights
   gathered, in block order, systematic resampling with a generator seeded
   from the master seed alone (``spawn_key=RESAMPLE_KEY``) picks ``runs``
   of them.
3. **Continue.** Each block with picked runs is filtered again (same seed,
   same numbers); its picked runs, copied as often as they were picked, go on
   from the month after the last observation to the horizon in sub-batches
   of ``BLOCK`` with fresh months from ``SeedSequence(seed, spawn_key=(k, 1,
   c))``. Each sub-batch is reduced to a :class:`~.stream.Digest` in the
   worker.

Every number depends only on the seed, the runs and the block structure, so
the forecast is the same on every backend, chunk size and number of workers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, is_dataclass
from typing import Any, TypeVar, cast

import numpy as np

from realpolitik.arrays import FloatArray
from realpolitik.dynamics.compiled import CompiledDynamics
from realpolitik.dynamics.engine import advance, draw_values
from realpolitik.dynamics.inputs import Inputs, make_inputs
from realpolitik.dynamics.observe import CompiledObservations, log_likelihoods
from realpolitik.dynamics.output import DynamicsOutput, Recorder
from realpolitik.dynamics.state import State
from realpolitik.dynamics.stream import Digest, digest
from realpolitik.rng import BLOCK, block_rng
from realpolitik.sim.backends import Block

RESAMPLE_KEY = (0, 2)
"""Spawn key of the resampling generator (block generators use ``(k,)``, continuations
``(k, 1, c)``)."""

T = TypeVar("T")


@dataclass(frozen=True, kw_only=True)
class Weighed:
    """Pass 1's result for one block.

    Attributes:
        index: the block's index.
        logw: ``(B,)`` each run's log weight across blocks (−∞: ruled out).
        evidence: ``(n_checks,)`` log of the block's evidence estimate after each
            observation, in the order weighed (its size included: log Σ weights).
        died: the observation after which no run of the block was left (-1: none).
        sums: ``(K, 2)`` sums of each uncertain input and of its square (prior moments).
    """

    index: int
    logw: FloatArray
    evidence: FloatArray
    died: int
    sums: FloatArray


@dataclass(frozen=True, kw_only=True)
class Continued:
    """Pass 3's result for one source block: the digests of its sub-batches and input sums."""

    digests: list[Digest]
    sums: FloatArray
    distinct: int


@dataclass(kw_only=True)
class _Particles:
    inp: Inputs
    values: dict[str, FloatArray]
    state: State
    rec: Recorder
    happens: np.ndarray
    origin: np.ndarray


@dataclass(kw_only=True)
class _Trace:
    logw: FloatArray
    evidence: list[float]
    died: int = -1


def _spawn(seed: int, *key: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=key))


def _filter(
    dyn: CompiledDynamics, obs: CompiledObservations, seed: int, index: int, size: int
) -> tuple[_Particles, _Trace, FloatArray]:
    """Block ``index``'s particle filter to month ``obs.stop`` (module docstring, step 1)."""
    values, u_events, u_month, deal_rng = draw_values(dyn, size, block_rng(seed, index))
    inp = make_inputs(dyn, values, dyn.salience_scale)
    state = State.initial(dyn, inp)
    rec = _short(Recorder.empty(dyn, size), obs.stop)
    rec.ground[:, 0] = state.z
    uncertain = {key: values[key] for key in dyn.table.uncertain_keys()}
    p = _Particles(
        inp=inp,
        values=uncertain,
        state=state,
        rec=rec,
        happens=u_events < inp.event_probability,
        origin=np.arange(size),
    )
    prior = input_sums(dyn, values)
    trace = _Trace(logw=np.zeros(size), evidence=[])
    log_z, t, steps = math.log(size), 0, obs.steps
    for s, month in enumerate(steps):
        advance(dyn, p.inp, p.state, p.rec, p.happens, u_month, deal_rng, range(t, month + 1))
        t = month + 1
        ll = log_likelihoods(dyn, obs, p.state, p.rec.ground, p.rec.deals, p.happens, month)
        cum = np.cumsum(ll, axis=1)
        done = len(trace.evidence)
        trace.evidence += [log_z + _log_mean(cum[:, j]) for j in range(cum.shape[1])]
        inc = cum[:, -1]
        if not np.isfinite(inc).any():
            trace.died = done + int(np.flatnonzero(~np.isfinite(trace.evidence[done:]))[0])
            trace.evidence += [-math.inf] * (len(obs.checks) - len(trace.evidence))
            trace.logw = np.full(size, -math.inf)
            return p, trace, prior
        if s == len(steps) - 1:
            trace.logw = log_z - math.log(size) + inc
            break
        log_z += _log_mean(inc)
        rows = np.repeat(np.arange(size), counts(inc, _spawn(seed, index, 3, s).random()))
        p = take_rows(p, rows)
        u_month, deal_rng = _fresh(dyn, obs, p, month, _spawn(seed, index, 4, s))
    advance(dyn, p.inp, p.state, p.rec, p.happens, u_month, deal_rng, range(t, obs.stop))
    return p, trace, prior


def _short(rec: Recorder, stop: int) -> Recorder:
    """The recorder's first ``stop`` months only (what the filter fills and resamples)."""
    kw = {f.name: getattr(rec, f.name)[:, : stop + (f.name == "ground")] for f in fields(rec)}
    return Recorder(**kw)


def _extend(short: Recorder, full: Recorder) -> Recorder:
    """``full`` with the months of ``short`` copied in (the rest is filled by the engine)."""
    for f in fields(full):
        part = getattr(short, f.name)
        getattr(full, f.name)[:, : part.shape[1]] = part
    return full


def _fresh(
    dyn: CompiledDynamics,
    obs: CompiledObservations,
    p: _Particles,
    month: int,
    rng: np.random.Generator,
) -> tuple[FloatArray, np.random.Generator]:
    """New randomness after ``month`` for resampled runs: months, unobserved events, deals."""
    n = p.state.z.shape[0]
    u_events = rng.random((n, len(dyn.events)))
    seen = obs.observed_events
    later = np.array(
        [m > month and e not in seen for e, (m, _) in enumerate(dyn.events)], dtype=np.bool_
    )
    p.happens[:, later] = (u_events < p.inp.event_probability)[:, later]
    u_month = rng.random((dyn.horizon, 3, n))
    return u_month, np.random.default_rng(int(rng.integers(2**63)))


def _log_mean(x: FloatArray) -> float:
    """log of the mean of exp(x) (−∞ when every x is −∞)."""
    if not np.isfinite(x).any():
        return -math.inf
    m = float(x.max())
    return m + math.log(float(np.exp(x - m).mean()))


def input_sums(
    dyn: CompiledDynamics, values: dict[str, FloatArray], rows: Any = None
) -> FloatArray:
    """``(K, 2)``: per uncertain input, the sum of its values and of their squares."""
    keys = dyn.table.uncertain_keys()
    out = np.zeros((len(keys), 2))
    for j, key in enumerate(keys):
        x = values[key] if rows is None else values[key][rows]
        out[j] = (x.sum(), (x * x).sum())
    return out


@dataclass(frozen=True)
class WeighBlock:
    """Pass 1 for one block (picklable, for every backend)."""

    dyn: CompiledDynamics
    obs: CompiledObservations
    seed: int

    def __call__(self, block: Block) -> Weighed:
        _, trace, prior = _filter(self.dyn, self.obs, self.seed, block.index, block.size)
        return Weighed(
            index=block.index,
            logw=trace.logw,
            evidence=np.array(trace.evidence),
            died=trace.died,
            sums=prior,
        )


def take_rows(obj: T, rows: np.ndarray) -> T:
    """A copy of a batch (arrays, lists, dicts, dataclasses of them) at ``rows`` of its run axis."""
    out: Any
    if isinstance(obj, np.ndarray):
        out = obj[rows]
        return cast(T, out)
    if isinstance(obj, list | tuple):
        return cast(T, type(obj)(take_rows(x, rows) for x in obj))
    if isinstance(obj, dict):
        return cast(T, {k: take_rows(v, rows) for k, v in obj.items()})
    if is_dataclass(obj) and not isinstance(obj, type):
        kw = {f.name: take_rows(getattr(obj, f.name), rows) for f in fields(obj)}
        return type(obj)(**kw)
    return obj


@dataclass(frozen=True)
class ContinueBlock:
    """Pass 3 for one source block: ``block.data`` = (picked rows, first digest index,
    the source block's size)."""

    dyn: CompiledDynamics
    obs: CompiledObservations
    seed: int

    def __call__(self, block: Block) -> Continued:
        rows, first_digest, size = block.data
        p, _, _ = _filter(self.dyn, self.obs, self.seed, block.index, size)
        digests = []
        for c, start in enumerate(range(0, len(rows), BLOCK)):
            part = rows[start : start + BLOCK]
            out = self._future(p, part, block.index, c)
            digests.append(digest(self.dyn, out, first_digest + c, block.start + start))
        return Continued(
            digests=digests,
            sums=input_sums(self.dyn, p.values, rows),
            distinct=int(np.unique(p.origin[rows]).size),
        )

    def _future(self, p: _Particles, rows: np.ndarray, source: int, c: int) -> DynamicsOutput:
        dyn, stop = self.dyn, self.obs.stop
        kids = take_rows(p, rows)
        kids.rec = _extend(kids.rec, Recorder.empty(dyn, len(rows)))
        rng = _spawn(self.seed, source, 1, c)
        u_month, deal_rng = _fresh(dyn, self.obs, kids, stop - 1, rng)
        advance(
            dyn,
            kids.inp,
            kids.state,
            kids.rec,
            kids.happens,
            u_month,
            deal_rng,
            range(stop, dyn.horizon),
        )
        return kids.rec.finish(dyn, kids.state)


def counts(logw: FloatArray, u: float) -> np.ndarray:
    """How many times each of ``len(logw)`` runs is picked by systematic resampling with
    offset ``u`` in [0, 1) (Kitagawa 1996)."""
    n = logw.shape[0]
    w = np.exp(logw - logw.max())
    cdf = np.cumsum(w / w.sum())
    cdf[-1] = 1.0
    picks = np.searchsorted(cdf, (u + np.arange(n)) / n, side="right")
    out: np.ndarray = np.bincount(np.minimum(picks, n - 1), minlength=n)
    return out


def systematic(logw: FloatArray, seed: int) -> np.ndarray:
    """:func:`counts` across blocks, with the offset drawn from the master seed alone."""
    return counts(logw, _spawn(seed, *RESAMPLE_KEY).random())


def plan(counts: np.ndarray, runs: int) -> list[Block]:
    """Pass 3's blocks: one per source block with picked runs, children in run order."""
    out: list[Block] = []
    offset = digests = 0
    for k, start in enumerate(range(0, runs, BLOCK)):
        size = min(BLOCK, runs - start)
        rows = np.repeat(np.arange(size), counts[start : start + size])
        if not rows.size:
            continue
        out.append(
            Block(index=k, start=offset, stop=offset + rows.size, data=(rows, digests, size))
        )
        offset += rows.size
        digests += -(-rows.size // BLOCK)
    return out
