"""Condition a war's runs on observations: importance weights, resampling, a fresh future.

Sequential importance resampling (Gordon, Salmond & Smith 1993; Doucet,
de Freitas & Gordon 2001, ch. 1), in two passes over the seeded blocks of
:data:`~realpolitik.sim.rng.BLOCK` runs so that memory stays that of an
unconditioned simulation:

1. **Weigh.** Block ``k`` draws its runs from ``block_rng(seed, k)`` — inputs
   and months, exactly as :func:`.engine.simulate_block` — runs them to the
   month of the last observation (lever observations pinned as an
   intervention, :mod:`.observe`) and returns each run's log-likelihood of
   each observation. Nothing else leaves the worker.
2. **Resample.** With every block's weights gathered, in block order,
   systematic resampling (Kitagawa 1996) with a generator seeded from the
   master seed alone (``SeedSequence(seed, spawn_key=RESAMPLE_KEY)``) picks
   ``runs`` ancestors.
3. **Continue.** Each source block with ancestors is replayed (same seed,
   same numbers) to the last observed month; its ancestors' states, copied
   as often as they were picked, go on to the end of the horizon in
   sub-batches of ``BLOCK`` with fresh months, fresh draws of the events
   scheduled after the last observation and a fresh deal seed, from
   ``SeedSequence(seed, spawn_key=(k, 1, c))`` (sub-batch ``c``). Each
   sub-batch is reduced to a :class:`~.stream.Digest` in the worker.

Every number depends only on the seed, the runs and the block structure, so
the forecast is the same on every backend, chunk size and number of workers.
Intermediate resampling steps would change nothing here: nothing is forecast
between observations and the uncertain inputs are not moved (no MCMC move),
so one resampling after the last observation is the filter's last step
with the same weights.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from typing import Any, TypeVar

import numpy as np

from realpolitik.compile import FloatArray
from realpolitik.dynamics.compiled import CompiledDynamics
from realpolitik.dynamics.engine import advance, draw_values
from realpolitik.dynamics.inputs import Inputs, make_inputs
from realpolitik.dynamics.observe import CompiledObservations, log_likelihoods
from realpolitik.dynamics.output import Recorder
from realpolitik.dynamics.state import State
from realpolitik.dynamics.stream import Digest, digest
from realpolitik.sim.backends import Block
from realpolitik.sim.rng import BLOCK, block_rng

RESAMPLE_KEY = (0, 2)
"""Spawn key of the resampling generator (block generators use ``(k,)``, continuations
``(k, 1, c)``)."""

T = TypeVar("T")


@dataclass(frozen=True, kw_only=True)
class Weighed:
    """Pass 1's result for one block: per run and observation, the log-likelihood.

    ``sums`` are the block's sums of each uncertain input and of its square,
    ``(K, 2)`` (the prior's moments).
    """

    index: int
    loglik: FloatArray
    sums: FloatArray


@dataclass(frozen=True, kw_only=True)
class Continued:
    """Pass 3's result for one source block: the digests of its sub-batches and input sums."""

    digests: list[Digest]
    sums: FloatArray


@dataclass(frozen=True, kw_only=True)
class _Replayed:
    inp: Inputs
    values: dict[str, FloatArray]
    state: State
    rec: Recorder
    happens: np.ndarray


def _replay(dyn: CompiledDynamics, seed: int, index: int, size: int, stop: int) -> _Replayed:
    """Block ``index`` drawn as :func:`.engine.simulate_block` draws it, run to month ``stop``."""
    values, u_events, u_month, deal_rng = draw_values(dyn, size, block_rng(seed, index))
    inp = make_inputs(dyn, values, dyn.salience_scale)
    state = State.initial(dyn, inp)
    rec = Recorder.empty(dyn, size)
    rec.ground[:, 0] = state.z
    happens = u_events < inp.event_probability
    advance(dyn, inp, state, rec, happens, u_month, deal_rng, range(stop))
    return _Replayed(inp=inp, values=values, state=state, rec=rec, happens=happens)


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
        r = _replay(self.dyn, self.seed, block.index, block.size, self.obs.stop)
        loglik = log_likelihoods(self.dyn, self.obs, r.state, r.rec.ground, r.rec.deals, r.happens)
        return Weighed(index=block.index, loglik=loglik, sums=input_sums(self.dyn, r.values))


def take_rows(obj: T, rows: np.ndarray) -> T:
    """A copy of a batch (arrays, lists, dicts, dataclasses of them) at ``rows`` of its run axis."""
    if isinstance(obj, np.ndarray):
        return obj[rows]  # type: ignore[return-value]
    if isinstance(obj, list | tuple):
        return type(obj)(take_rows(x, rows) for x in obj)  # type: ignore[return-value]
    if isinstance(obj, dict):
        return {k: take_rows(v, rows) for k, v in obj.items()}  # type: ignore[return-value]
    if is_dataclass(obj) and not isinstance(obj, type):
        kw = {f.name: take_rows(getattr(obj, f.name), rows) for f in fields(obj)}
        return type(obj)(**kw)
    return obj


@dataclass(frozen=True)
class ContinueBlock:
    """Pass 3 for one source block: ``block.data`` = (ancestor rows, first digest index,
    the source block's size)."""

    dyn: CompiledDynamics
    obs: CompiledObservations
    seed: int

    def __call__(self, block: Block) -> Continued:
        rows, first_digest, size = block.data
        r = _replay(self.dyn, self.seed, block.index, size, self.obs.stop)
        digests = []
        for c, start in enumerate(range(0, len(rows), BLOCK)):
            part = rows[start : start + BLOCK]
            out = self._future(r, part, block.index, c)
            digests.append(digest(self.dyn, out, first_digest + c, block.start + start))
        return Continued(digests=digests, sums=input_sums(self.dyn, r.values, rows))

    def _future(self, r: _Replayed, rows: np.ndarray, source: int, c: int) -> Any:
        dyn, stop, n = self.dyn, self.obs.stop, len(rows)
        inp, state, rec = take_rows(r.inp, rows), take_rows(r.state, rows), take_rows(r.rec, rows)
        happens = r.happens[rows]
        rng = np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(source, 1, c)))
        u_events = rng.random((n, len(dyn.events)))
        later = np.array([month >= stop for month, _ in dyn.events], dtype=np.bool_)
        happens[:, later] = (u_events < inp.event_probability)[:, later]
        u_month = np.zeros((dyn.horizon, 3, n))
        u_month[stop:] = rng.random((dyn.horizon - stop, 3, n))
        deal_rng = np.random.default_rng(int(rng.integers(2**63)))
        advance(dyn, inp, state, rec, happens, u_month, deal_rng, range(stop, dyn.horizon))
        return rec.finish(dyn, state)


def systematic(logw: FloatArray, seed: int) -> np.ndarray:
    """How many times each run is picked by systematic resampling of ``len(logw)`` runs."""
    n = logw.shape[0]
    w = np.exp(logw - logw.max())
    cdf = np.cumsum(w / w.sum())
    cdf[-1] = 1.0
    u = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=RESAMPLE_KEY)).random()
    picks = np.searchsorted(cdf, (u + np.arange(n)) / n, side="right")
    counts: np.ndarray = np.bincount(np.minimum(picks, n - 1), minlength=n)
    return counts


def plan(counts: np.ndarray, runs: int) -> list[Block]:
    """Pass 3's blocks: one per source block with ancestors, children in run order."""
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
