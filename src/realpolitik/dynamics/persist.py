"""A simulated war in the results store, block by block, so it can be resumed.

Each finished block's :class:`~realpolitik.dynamics.stream.Digest` is
serialised (:func:`encode`: its arrays as one float64 vector, format
:data:`FORMAT`) and committed to the store's ``digests`` table with its
``--keep`` rows (in the tidy ``results`` table) every ``--commit-every``
seconds by a :class:`DigestSink`. A resumed simulation reads them back
(:func:`decode`, bit for bit) and runs only the missing blocks; the digests
are dropped when the run finishes.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from realpolitik.arrays import FloatArray
from realpolitik.dynamics.stream import Digest
from realpolitik.errors import InputError
from realpolitik.sim.sink import RunSink

FORMAT = 1
"""The digest vector's format number, stored beside it."""

MAX_PENDING = 4
"""Blocks committed at most at once: DuckDB's memory for one insert grows with its size
(some 45 MiB for four blocks of the bundled scenario, 130 MiB for eighteen)."""


def _parts(d: Digest) -> list[NDArray[Any]]:
    return [
        d.events,
        d.terms,
        d.ground,
        d.open,
        d.lever_on,
        d.levers,
        *d.deal_terms,
        *d.lower,
        *d.upper,
    ]


def encode(d: Digest) -> FloatArray:
    """A digest (without its rows, stored apart) as one float64 vector.

    Format 1: ``index, first_run, batch``, the number of deals and of months,
    then ``ndim, *shape`` of each array (events, terms, ground, open,
    lever_on, levers, each deal's terms, each month's lower then upper), then
    their values (the counts are integers, exact in float64).
    """
    parts = _parts(d)
    header = [d.index, d.first_run, d.batch, len(d.deal_terms), len(d.lower)]
    for a in parts:
        header += [a.ndim, *a.shape]
    out: FloatArray = np.concatenate(
        [np.asarray(header, np.float64), *(a.ravel().astype(np.float64) for a in parts)]
    )
    return out


def decode(vector: FloatArray, fmt: int, where: str) -> Digest:
    """The digest :func:`encode` gave (without rows); ``where`` names it in errors."""
    if fmt != FORMAT:
        raise InputError.one(
            f"{where} was stored in digest format {fmt}, which this version (format {FORMAT}) "
            "cannot read; run the simulation again instead of resuming it",
            field="resume",
        )
    index, first_run, batch, n_deals, n_months = (int(v) for v in vector[:5])
    pos, shapes = 5, []
    for _ in range(6 + n_deals + 2 * n_months):
        ndim = int(vector[pos])
        shapes.append(tuple(int(v) for v in vector[pos + 1 : pos + 1 + ndim]))
        pos += 1 + ndim
    parts = []
    for shape in shapes:
        size = int(np.prod(shape))
        parts.append(vector[pos : pos + size].reshape(shape).copy())
        pos += size
    events, terms, ground, open_, lever_on, levers = parts[:6]
    rest = parts[6:]
    return Digest(
        index=index,
        first_run=first_run,
        batch=batch,
        events=events.astype(np.int64),
        terms=terms,
        deal_terms=rest[:n_deals],
        ground=ground,
        lower=rest[n_deals : n_deals + n_months],
        upper=rest[n_deals + n_months :],
        open=open_.astype(np.int64),
        lever_on=lever_on.astype(np.int64),
        levers=levers,
        rows=[],
    )


def load_digests(store: RunSink, run_id: int) -> dict[int, Digest]:
    """The digests of the blocks a war run ``run_id`` has committed, by block index."""
    return {
        k: decode(vector, fmt, f"block {k} of run {run_id}")
        for k, (fmt, vector) in store.digests(run_id).items()
    }


class DigestSink:
    """Commits finished blocks' digests (and rows) to the store every ``every`` seconds
    (or every :data:`MAX_PENDING` blocks).

    ``since`` is when the simulation (or this resume of it) started: the time
    spent is committed with the blocks, the rest by :meth:`remainder`.
    """

    def __init__(self, store: RunSink, run_id: int, every: float, since: float) -> None:
        """Commit to run ``run_id`` of ``store``."""
        self.store, self.run_id, self.every = store, run_id, every
        self.pending: list[Digest] = []
        self.last = self.clock = since
        self.unsaved = 0.0

    def add(self, digests: list[Digest]) -> None:
        """Take finished blocks; commit if ``every`` seconds passed since the last commit."""
        now = time.perf_counter()
        self.pending += digests
        self.unsaved += now - self.clock
        self.clock = now
        rows = sum(t.num_rows for d in self.pending for t in d.rows)
        if now - self.last >= self.every or len(self.pending) >= MAX_PENDING or rows > 2_000_000:
            self.flush()

    def flush(self) -> None:
        """Commit what is pending."""
        if self.pending:
            tables = [t for d in self.pending for t in d.rows]
            self.store.add_digests(
                self.run_id,
                [(d.index, FORMAT, encode(d)) for d in self.pending],
                pa.concat_tables(tables) if tables else None,
                elapsed=self.unsaved,
            )
            self.pending, self.unsaved = [], 0.0
        self.last = time.perf_counter()

    def remainder(self) -> float:
        """Seconds spent and not yet committed (to add when the run finishes)."""
        return self.unsaved + time.perf_counter() - self.clock
