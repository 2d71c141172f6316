"""Monte Carlo: every forecast as a distribution.

:func:`simulate` samples the scenario's uncertain inputs block by block
(:data:`~realpolitik.rng.BLOCK` runs per block, each block from its own
child seed), runs the model once per block on the whole batch, and summarises
each issue's outcomes (mean, median, quantiles, probabilities of the named
ranges, each with its Monte Carlo standard error). Given a store, it records
the run first (``incomplete``), commits the outcomes of finished blocks as it
goes, and marks the run ``complete`` at the end; :func:`resume` finishes an
interrupted one. The same seed gives bit-identical outcomes with any backend,
chunk size or number of workers, and after any number of resumes.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pyarrow as pa

from realpolitik.arrays import FloatArray
from realpolitik.models import get_model
from realpolitik.results.schemas import SimulationDocument, Summary, dump, make
from realpolitik.results.summaries import summarise
from realpolitik.rng import BLOCK, master_seed
from realpolitik.scenario import Scenario
from realpolitik.sim.backends import (
    BackendConfig,
    BackendName,
    check_scheduler,
    make_blocks,
    run_blocks,
)
from realpolitik.sim.budget import VALUE_BYTES, check_runs
from realpolitik.sim.evaluate import BlockOutcome, ModelBlock, Setup, make_setup
from realpolitik.sim.sink import RunSink

Progress = Callable[[int, int], None]
"""Called with (runs done, runs in total) after every chunk."""

COMMIT_SECONDS = 1.0
"""By default, finished blocks are committed to the store about this often (and at the end)."""


@dataclass(frozen=True, kw_only=True)
class SimulationResult:
    """The outcome distribution of every issue.

    Attributes:
        run_id: the id in the results store (None when not stored).
        model: the model's registry name.
        params: its options (distributions as their text).
        seed: the master seed (give it back to reproduce the run).
        runs: number of runs.
        inputs: names of the uncertain inputs.
        issues: per issue id, its typed summary (:func:`realpolitik.results.summaries.summarise`).
        outcomes: per issue id, the ``(runs, d)`` outcomes, in run order.
        elapsed: seconds spent computing (summed over resumes).
        settings: backend, workers, chunk size, what was kept.
    """

    run_id: int | None
    model: str
    params: dict[str, Any]
    seed: int
    runs: int
    inputs: tuple[str, ...]
    issues: dict[str, Summary]
    outcomes: dict[str, FloatArray] = field(repr=False)
    elapsed: float
    settings: dict[str, Any]

    @cached_property
    def document(self) -> SimulationDocument:
        """The typed ``simulate --json`` document (see docs/uncertainty.md)."""
        return make(
            SimulationDocument,
            run_id=self.run_id,
            runs=self.runs,
            seed=self.seed,
            model=self.model,
            params=self.params,
            inputs=list(self.inputs),
            issues=self.issues,
        )

    def to_json(self) -> dict[str, Any]:
        """The JSON document of ``realpolitik simulate --json`` (see docs/uncertainty.md)."""
        return dump(self.document)


def _summaries(scenario: Scenario, setup: Setup, forecasts: FloatArray) -> dict[str, Summary]:
    cols = setup.columns()
    return {
        issue.id: summarise(forecasts[:, cols[issue.id]], issue.ranges) for issue in scenario.issues
    }


class _Sink:
    """Collects block outcomes in run order and commits them to the store now and then."""

    def __init__(
        self, store: RunSink | None, run_id: int | None, forecasts: FloatArray, every: float
    ) -> None:
        self.store, self.run_id, self.forecasts, self.every = store, run_id, forecasts, every
        self.pending: list[BlockOutcome] = []
        self.last = time.perf_counter()
        self.unsaved = 0.0

    def add(self, outcomes: list[BlockOutcome], seconds: float) -> None:
        for o in outcomes:
            self.forecasts[o.start : o.start + o.forecasts.shape[0]] = o.forecasts
        self.pending += outcomes
        self.unsaved += seconds
        rows = sum(o.rows.num_rows for o in self.pending if o.rows is not None)
        if time.perf_counter() - self.last >= self.every or rows > 2_000_000:
            self.flush()

    def flush(self) -> None:
        if self.store is not None and self.run_id is not None and self.pending:
            tables = [o.rows for o in self.pending if o.rows is not None]
            self.store.add_chunks(
                self.run_id,
                [(o.index, o.forecasts) for o in self.pending],
                pa.concat_tables(tables) if tables else None,
                elapsed=self.unsaved,
            )
        self.pending, self.unsaved, self.last = [], 0.0, time.perf_counter()


def _execute(
    setup: Setup,
    runs: int,
    config: BackendConfig,
    sink: _Sink,
    done: frozenset[int],
    progress: Progress | None,
) -> float:
    """Run the missing blocks; return the seconds spent."""
    blocks = make_blocks(runs, skip=done)
    finished = runs - sum(b.size for b in blocks)
    if progress is not None:
        progress(finished, runs)
    start = tick = time.perf_counter()
    for outcomes in run_blocks(ModelBlock(setup), blocks, config):
        now = time.perf_counter()
        sink.add(outcomes, now - tick)
        tick = now
        finished += sum(o.forecasts.shape[0] for o in outcomes)
        if progress is not None:
            progress(finished, runs)
    sink.flush()
    return time.perf_counter() - start


def _warn_if_constant(setup: Setup) -> None:
    if not setup.plan.inputs and get_model(setup.model).info.deterministic:
        warnings.warn(
            "the scenario has no uncertain inputs and the model is deterministic, so every run "
            "gives the same outcome; write distributions (e.g. '60 ± 10') or add an "
            "'uncertainty' block (see docs/uncertainty.md)",
            UserWarning,
            stacklevel=3,
        )


def simulate(
    scenario: Scenario,
    model: str = "compromise",
    *,
    runs: int = 1000,
    seed: int | None = None,
    params: Mapping[str, Any] | None = None,
    backend: BackendName = "serial",
    workers: int | None = None,
    scheduler: str | None = None,
    chunk_blocks: int = 4,
    keep: str = "none",
    store: RunSink | None = None,
    progress: Progress | None = None,
    commit_every: float = COMMIT_SECONDS,
) -> SimulationResult:
    """Run ``model`` ``runs`` times on samples of the scenario's uncertain inputs.

    Args:
        scenario: the scenario (numbers may be distributions; see docs/uncertainty.md).
        model: a registry name.
        runs: number of Monte Carlo runs.
        seed: master seed (None: fresh entropy, recorded in the result).
        params: model options overriding the scenario's; numeric ones may be distributions.
        backend: ``serial``, ``processes`` or ``dask``.
        workers: worker processes for ``processes``/``dask``.
        scheduler: address of an existing Dask scheduler.
        chunk_blocks: blocks of 1024 runs per task.
        keep: per-run rows to store: ``none``, ``outcomes`` or ``trajectories``.
        store: the results store to record the run in (None: not recorded).
        progress: called with (runs done, runs in total).
        commit_every: seconds between commits of finished blocks to the store.

    Raises:
        InputError: bad options, model or scenario for this model.
    """
    model = get_model(model).info.name  # names are case-insensitive: record the registry's
    config = BackendConfig(
        kind=backend, workers=workers, scheduler=scheduler, chunk_blocks=chunk_blocks
    )
    check_scheduler(config)  # before a run is recorded
    setup = make_setup(scenario, model, seed=master_seed(seed), params=params, keep=keep)
    check_runs(runs, VALUE_BYTES * setup.width)  # every forecast until the summary
    _warn_if_constant(setup)
    settings = _settings(setup, config, params)
    run_id = None
    if store is not None:
        run_id = store.start(
            kind="simulate",
            scenario=scenario,
            model=model,
            params=setup.params_json(),
            seed=setup.seed,
            runs=runs,
            settings=settings,
        )
    forecasts = np.empty((runs, setup.width))
    sink = _Sink(store, run_id, forecasts, commit_every)
    elapsed = _execute(setup, runs, config, sink, frozenset(), progress)
    return _finish(scenario, setup, runs, forecasts, run_id, store, elapsed, settings)


def _settings(
    setup: Setup, config: BackendConfig, overrides: Mapping[str, Any] | None
) -> dict[str, Any]:
    return {
        "backend": config.kind,
        "workers": config.n_workers,
        "chunk_blocks": config.chunk_blocks,
        "keep": setup.keep,
        "width": setup.width,
        "dims": setup.dims,
        "overrides": dict(overrides or {}),
        "inputs": setup.plan.names,
    }


def _finish(
    scenario: Scenario,
    setup: Setup,
    runs: int,
    forecasts: FloatArray,
    run_id: int | None,
    store: RunSink | None,
    elapsed: float,
    settings: dict[str, Any],
) -> SimulationResult:
    cols = setup.columns()
    result = SimulationResult(
        run_id=run_id,
        model=setup.model,
        params=setup.params_json(),
        seed=setup.seed,
        runs=runs,
        inputs=tuple(setup.plan.names),
        issues=_summaries(scenario, setup, forecasts),
        outcomes={k: forecasts[:, c] for k, c in cols.items()},
        elapsed=elapsed,
        settings=settings,
    )
    if store is not None and run_id is not None:
        store.finish(run_id, result.to_json())
    return result


def resume(
    store: RunSink,
    run_id: int,
    *,
    backend: BackendName = "serial",
    workers: int | None = None,
    scheduler: str | None = None,
    chunk_blocks: int = 4,
    progress: Progress | None = None,
    commit_every: float = COMMIT_SECONDS,
) -> SimulationResult:
    """Finish an interrupted simulation recorded in ``store``.

    The scenario, model, options, seed, number of runs and what to keep are
    those recorded; the completed blocks are read back, the missing ones run.
    The result is bit-identical to an uninterrupted run.

    Raises:
        InputError: no such run, not a simulation, or already complete.
    """
    record = store.to_resume(run_id, "simulate", "a simulation")
    assert record.model is not None
    assert record.seed is not None
    assert record.runs is not None
    scenario = store.scenario(run_id)
    s = record.settings
    setup = make_setup(
        scenario, record.model, seed=record.seed, params=s.get("overrides"), keep=s["keep"]
    )
    config = BackendConfig(
        kind=backend, workers=workers, scheduler=scheduler, chunk_blocks=chunk_blocks
    )
    forecasts = np.empty((record.runs, setup.width))
    done = store.chunks(run_id)
    for k, arr in done.items():
        forecasts[k * BLOCK : k * BLOCK + arr.shape[0]] = arr
    sink = _Sink(store, run_id, forecasts, commit_every)
    _execute(setup, record.runs, config, sink, frozenset(done), progress)
    total = store.get(run_id).elapsed or 0.0
    return _finish(scenario, setup, record.runs, forecasts, run_id, store, total, s)
