"""Run a dynamic scenario many times, in seeded blocks, and summarise it.

:func:`simulate_dynamics` is what ``realpolitik simulate`` calls for a
scenario with a ``war``: it runs the engine on blocks of
:data:`~realpolitik.rng.BLOCK` runs (block ``k`` draws only from
``block_rng(seed, k)``) with any backend of :mod:`realpolitik.sim.backends`,
so the numbers do not depend on the backend, the chunk size or the number of
workers; then it adds the one-at-a-time lever sensitivity. Each block is
reduced where it runs to what the summaries need (:mod:`.stream`), so memory
grows by a few hundred bytes per run instead of the engine's full output. The issues outside
the war and its deals are forecast by the static Monte Carlo with the model
given (:mod:`realpolitik.sim.static_issues`), with the same seed.

Given a store, the run is recorded ``incomplete`` first and each finished
block's digest committed as it goes (:mod:`.persist`); :func:`resume_dynamics`
finishes an interrupted run with the same numbers as an uninterrupted one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import pyarrow as pa

from realpolitik.dynamics.engine import simulate_block
from realpolitik.dynamics.output import DynamicsOutput, concat
from realpolitik.dynamics.persist import DigestSink, load_digests
from realpolitik.dynamics.sensitivity import lever_effects, lever_off
from realpolitik.dynamics.spec import CompiledDynamics, compile_dynamics
from realpolitik.dynamics.stream import Digest, Summaries, digest
from realpolitik.dynamics.summary import WarSummary
from realpolitik.errors import InputError
from realpolitik.results.schemas import Conditioning, DynamicDocument, LeverSensitivity, dump, make
from realpolitik.rng import BLOCK, block_rng, master_seed
from realpolitik.scenario import Scenario
from realpolitik.sim.backends import (
    BackendConfig,
    BackendName,
    Block,
    check_scheduler,
    make_blocks,
    run_blocks,
)
from realpolitik.sim.budget import VALUE_BYTES, check_runs
from realpolitik.sim.evaluate import KEEP
from realpolitik.sim.montecarlo import COMMIT_SECONDS
from realpolitik.sim.sink import RunSink
from realpolitik.sim.static_issues import DEFAULT_MODEL, StaticIssues, simulate_static_issues

Progress = Callable[[int, int], None]

SENSITIVITY_RUNS = BLOCK
"""Runs per lever in the one-at-a-time sensitivity (common random numbers make it enough)."""


@dataclass(frozen=True)
class DynamicsBlock:
    """The per-block function: block ``k`` of a simulation with master seed ``seed``.

    ``lever_off`` switches one lever off (for the sensitivity); None runs the
    scenario as written.
    """

    dyn: CompiledDynamics
    seed: int
    lever_off: int | None = None

    def __call__(self, block: Block) -> tuple[int, DynamicsOutput]:
        override = None if self.lever_off is None else lever_off(self.lever_off)
        rng = block_rng(self.seed, block.index)
        return block.index, simulate_block(self.dyn, block.size, rng, override)


@dataclass(frozen=True)
class DigestBlock:
    """Block ``k`` of a simulation, reduced in the worker to its :class:`~.stream.Digest`."""

    dyn: CompiledDynamics
    seed: int
    keep: str = "none"

    def __call__(self, block: Block) -> Digest:
        _, out = DynamicsBlock(self.dyn, self.seed)(block)
        return digest(self.dyn, out, block.index, block.start, self.keep)


def run_dynamics(
    dyn: CompiledDynamics,
    runs: int,
    seed: int,
    config: BackendConfig | None = None,
    lever: int | None = None,
    progress: Progress | None = None,
) -> DynamicsOutput:
    """All ``runs`` runs of a compiled scenario, in run order."""
    blocks = make_blocks(runs)
    parts: dict[int, DynamicsOutput] = {}
    done = 0
    for chunk in run_blocks(DynamicsBlock(dyn, seed, lever), blocks, config):
        for index, out in chunk:
            parts[index] = out
            done += out.batch
        if progress is not None:
            progress(done, runs)
    return concat([parts[k] for k in sorted(parts)])


def stream_dynamics(
    dyn: CompiledDynamics,
    runs: int,
    seed: int,
    config: BackendConfig | None = None,
    keep: str = "none",
    progress: Progress | None = None,
    *,
    done: Mapping[int, Digest] | None = None,
    sink: DigestSink | None = None,
) -> Summaries:
    """All ``runs`` runs of a compiled scenario, summarised block by block (:mod:`.stream`).

    ``done`` are the digests of blocks already run (a resumed simulation):
    only the others run. ``sink`` commits each finished block to the store
    (and what is pending when interrupted).
    """
    done = done or {}
    summaries = Summaries(dyn, runs)
    for d in done.values():
        summaries.add(d)
    finished = sum(d.batch for d in done.values())
    if done and progress is not None:
        progress(finished, runs)
    blocks = make_blocks(runs, skip=frozenset(done))
    try:
        for chunk in run_blocks(DigestBlock(dyn, seed, keep), blocks, config):
            for d in chunk:
                summaries.add(d)
                finished += d.batch
            if sink is not None:
                sink.add(chunk)
            if progress is not None:
                progress(finished, runs)
    except KeyboardInterrupt:
        if sink is not None:
            sink.flush()
        raise
    if sink is not None:
        sink.flush()
    return summaries


@dataclass(frozen=True, kw_only=True)
class DynamicsResult:
    """A simulated dynamic scenario: its summary, and its per-run outputs on request.

    ``summary`` holds the typed parts of the document the runs give (:class:`WarSummary`),
    ``sensitivity`` the lever sensitivity (None: not run), ``static`` the forecast of
    the issues outside the war and its deals (:func:`simulate_static_issues`).
    ``rows`` are the per-run rows ``keep`` asked for (:mod:`.rows`; None for
    ``none``; after a resume, read back from the store). ``run_id`` is the
    run's id in the store (None when not stored); ``elapsed`` the seconds
    spent (summed over resumes). The simulation does not hold its runs: :attr:`output` runs
    them again (same seed and backend, so the same numbers).
    """

    dyn: CompiledDynamics
    seed: int
    runs: int
    config: BackendConfig
    summary: WarSummary
    sensitivity: LeverSensitivity | None
    static: StaticIssues
    rows: pa.Table | None = None
    run_id: int | None = None
    elapsed: float = 0.0

    @cached_property
    def output(self) -> DynamicsOutput:
        """Every run's full output (:class:`DynamicsOutput`), simulated again on first use."""
        return run_dynamics(self.dyn, self.runs, self.seed, self.config)

    @cached_property
    def document(self) -> DynamicDocument:
        """The typed dynamic ``simulate --json`` document (see docs/dynamics.md)."""
        return war_document(
            self.dyn, self.runs, self.seed, self.static, self.summary, self.sensitivity
        )

    def to_json(self) -> dict[str, Any]:
        """The dynamic ``simulate --json`` document (see docs/dynamics.md)."""
        return dump(self.document)


def war_document(
    dyn: CompiledDynamics,
    runs: int,
    seed: int,
    static: StaticIssues,
    summary: WarSummary,
    sensitivity: LeverSensitivity | None,
    conditioning: Conditioning | None = None,
) -> DynamicDocument:
    """The typed dynamic ``simulate --json`` document (``conditioning``: only when given).

    Raises:
        InputError: a number in it is not finite.
    """
    extra = {} if conditioning is None else {"conditioning": conditioning}
    return make(
        DynamicDocument,
        kind="dynamic",
        scenario=dyn.scenario_title,
        runs=runs,
        seed=seed,
        inputs=dyn.table.uncertain_keys(),
        model=static.model,
        params=static.params,
        months=summary.months,
        events=summary.events,
        terms=summary.terms,
        ground=summary.ground,
        range=summary.range,
        levers=summary.levers,
        deals=summary.deals,
        sensitivity=sensitivity,
        issues=static.issues,
        **extra,
    )


def simulate_dynamics(
    scenario: Scenario,
    *,
    runs: int = 10_000,
    seed: int | None = None,
    model: str = DEFAULT_MODEL,
    params: Mapping[str, Any] | None = None,
    backend: BackendName = "serial",
    workers: int | None = None,
    scheduler: str | None = None,
    chunk_blocks: int = 4,
    sensitivity_runs: int = SENSITIVITY_RUNS,
    keep: str = "none",
    progress: Progress | None = None,
    store: RunSink | None = None,
    commit_every: float = COMMIT_SECONDS,
) -> DynamicsResult:
    """Simulate a scenario with a ``war`` block ``runs`` times and summarise it.

    Args:
        scenario: a validated scenario with ``clock`` and ``war``.
        runs: number of Monte Carlo runs.
        seed: master seed (None: fresh entropy, recorded in the result).
        model: the model of the static issues (neither the war's nor a deal's).
        params: its options, overriding the scenario's (may be distributions).
        backend, workers, scheduler, chunk_blocks: where the blocks run
            (``scheduler``: an existing Dask scheduler, ``tcp://HOST:PORT``).
        sensitivity_runs: runs per lever for the one-at-a-time sensitivity
            (0: skip it).
        keep: the per-run rows to return in ``rows``: ``none``, ``outcomes``
            or ``trajectories`` (:mod:`.rows`).
        progress: called with (runs done, runs in total).
        store: the results store to record the run in (None: not recorded):
            it is recorded ``incomplete`` first, its finished blocks committed
            every ``commit_every`` seconds (:mod:`.persist`), and it is marked
            ``complete`` at the end; :func:`resume_dynamics` finishes it if
            interrupted.
        commit_every: seconds between commits of finished blocks.
    """
    months = scenario.clock.horizon if scenario.clock is not None else 1
    check_runs(runs, VALUE_BYTES * months)  # the exact ground of every run and month
    if keep not in KEEP:
        raise InputError.one(f"keep takes one of {', '.join(KEEP)}, got '{keep}'", field="keep")
    config = BackendConfig(
        kind=backend, workers=workers, scheduler=scheduler, chunk_blocks=chunk_blocks
    )
    check_scheduler(config)  # before a run is recorded
    job = _Job(scenario, runs, master_seed(seed), model, dict(params or {}), keep, sensitivity_runs)
    return job.run(config, progress, store, commit_every)


def resume_dynamics(
    store: RunSink,
    run_id: int,
    *,
    backend: BackendName = "serial",
    workers: int | None = None,
    scheduler: str | None = None,
    chunk_blocks: int = 4,
    progress: Progress | None = None,
    commit_every: float = COMMIT_SECONDS,
) -> DynamicsResult:
    """Finish an interrupted simulation of a war recorded in ``store``.

    The scenario, seed, number of runs, static model and options, sensitivity
    runs and what to keep are those recorded; the committed blocks' digests
    are read back, the missing blocks run, the static issues and the lever
    sensitivity computed again. The result is bit-identical to an
    uninterrupted run.

    Raises:
        InputError: no such run, not a war, or already complete.
    """
    record = store.to_resume(run_id, "dynamics", "a war")
    assert record.model is not None
    assert record.seed is not None
    assert record.runs is not None
    s = record.settings
    job = _Job(
        store.scenario(run_id),
        record.runs,
        record.seed,
        record.model,
        s.get("overrides", {}),
        s.get("keep", "none"),
        s.get("sensitivity_runs", SENSITIVITY_RUNS),
    )
    config = BackendConfig(
        kind=backend, workers=workers, scheduler=scheduler, chunk_blocks=chunk_blocks
    )
    return job.run(config, progress, store, commit_every, run_id)


@dataclass(frozen=True)
class _Job:
    """What a dynamic simulation computes, whatever runs it and however often it resumes."""

    scenario: Scenario
    runs: int
    seed: int
    model: str
    params: dict[str, Any]
    keep: str
    sensitivity_runs: int

    def run(
        self,
        config: BackendConfig,
        progress: Progress | None,
        store: RunSink | None,
        commit_every: float,
        run_id: int | None = None,
    ) -> DynamicsResult:
        """Simulate (the blocks not yet in the store's run ``run_id``), record, summarise."""
        since = time.perf_counter()
        dyn = compile_dynamics(self.scenario)
        static = simulate_static_issues(
            self.scenario,
            self.model,
            runs=self.runs,
            seed=self.seed,
            params=self.params or None,
            backend=config.kind,
            workers=config.workers,
            scheduler=config.scheduler,
            chunk_blocks=config.chunk_blocks,
        )
        sink, done = None, {}
        if store is not None:
            if run_id is None:
                run_id = self._start(store, static, config)
            else:
                done = load_digests(store, run_id)
            sink = DigestSink(store, run_id, commit_every, since)
        summaries = stream_dynamics(
            dyn, self.runs, self.seed, config, self.keep, progress, done=done, sink=sink
        )
        sens = None
        if self.sensitivity_runs > 0 and dyn.n_levers:
            sens = lever_sensitivity(dyn, min(self.runs, self.sensitivity_runs), self.seed, config)
        result = DynamicsResult(
            dyn=dyn,
            seed=self.seed,
            runs=self.runs,
            config=config,
            summary=summaries.summary(),
            sensitivity=sens,
            static=static,
            rows=None if done else summaries.rows(),
            run_id=run_id,
            elapsed=time.perf_counter() - since,
        )
        if store is None or run_id is None or sink is None:
            return result
        store.finish(run_id, result.to_json(), elapsed=sink.remainder())
        rows = store.rows(run_id) if done and self.keep != "none" else result.rows
        return replace(result, rows=rows, elapsed=store.get(run_id).elapsed or 0.0)

    def _start(self, store: RunSink, static: StaticIssues, config: BackendConfig) -> int:
        return store.start(
            kind="dynamics",
            scenario=self.scenario,
            model=static.model,
            params=static.params,
            seed=self.seed,
            runs=self.runs,
            settings={
                "backend": config.kind,
                "workers": config.workers,
                "scheduler": config.scheduler,
                "chunk_blocks": config.chunk_blocks,
                "keep": self.keep,
                "overrides": self.params,
                "sensitivity_runs": self.sensitivity_runs,
            },
        )


def lever_sensitivity(
    dyn: CompiledDynamics, runs: int, seed: int, config: BackendConfig | None = None
) -> LeverSensitivity:
    """One-at-a-time sensitivity of the settlement date to each lever."""
    base = run_dynamics(dyn, runs, seed, config)
    without = [run_dynamics(dyn, runs, seed, config, lever=k) for k in range(dyn.n_levers)]
    return lever_effects(dyn.lever_ids, dyn.horizon, base, without)
