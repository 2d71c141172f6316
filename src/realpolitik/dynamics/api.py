"""Run a dynamic scenario many times, in seeded blocks, and summarise it.

:func:`simulate_dynamics` is what ``realpolitik simulate`` calls for a
scenario with a ``war``: it runs the engine on blocks of
:data:`~realpolitik.sim.rng.BLOCK` runs (block ``k`` draws only from
``block_rng(seed, k)``) with any backend of :mod:`realpolitik.sim.backends`,
so the numbers do not depend on the backend, the chunk size or the number of
workers; then it adds the one-at-a-time lever sensitivity. Each block is
reduced where it runs to what the summaries need (:mod:`.stream`), so memory
grows by a few hundred bytes per run instead of the engine's full output. The issues outside
the war and its deals are forecast by the static Monte Carlo with the model
given (:mod:`realpolitik.sim.static_issues`), with the same seed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pyarrow as pa

from realpolitik.dynamics.engine import simulate_block
from realpolitik.dynamics.output import DynamicsOutput, concat
from realpolitik.dynamics.sensitivity import lever_effects, lever_off
from realpolitik.dynamics.spec import CompiledDynamics, compile_dynamics
from realpolitik.dynamics.stream import Digest, Summaries, digest
from realpolitik.errors import InputError
from realpolitik.scenario import Scenario
from realpolitik.sim.backends import BackendConfig, BackendName, Block, make_blocks, run_blocks
from realpolitik.sim.evaluate import KEEP
from realpolitik.sim.rng import BLOCK, block_rng, master_seed
from realpolitik.sim.static_issues import DEFAULT_MODEL, simulate_static_issues

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
) -> Summaries:
    """All ``runs`` runs of a compiled scenario, summarised block by block (:mod:`.stream`)."""
    summaries = Summaries(dyn, runs)
    done = 0
    for chunk in run_blocks(DigestBlock(dyn, seed, keep), make_blocks(runs), config):
        for d in chunk:
            summaries.add(d)
            done += d.batch
        if progress is not None:
            progress(done, runs)
    return summaries


@dataclass(frozen=True, kw_only=True)
class DynamicsResult:
    """A simulated dynamic scenario: its summary, and its per-run outputs on request.

    ``static`` is the forecast of the issues outside the war and its deals:
    ``{"model", "params", "issues"}`` (:func:`simulate_static_issues`).
    ``rows`` are the per-run rows ``keep`` asked for (:mod:`.rows`; None for
    ``none``). The simulation does not hold its runs: :attr:`output` runs
    them again (same seed and backend, so the same numbers).
    """

    dyn: CompiledDynamics
    seed: int
    runs: int
    config: BackendConfig
    summary: dict[str, Any]
    sensitivity: dict[str, Any] | None
    static: dict[str, Any]
    rows: pa.Table | None = None

    @cached_property
    def output(self) -> DynamicsOutput:
        """Every run's full output (:class:`DynamicsOutput`), simulated again on first use."""
        return run_dynamics(self.dyn, self.runs, self.seed, self.config)

    def to_json(self) -> dict[str, Any]:
        """The dynamic ``simulate --json`` document (see docs/dynamics.md)."""
        return {
            "kind": "dynamic",
            "scenario": self.dyn.scenario_title,
            "runs": self.runs,
            "seed": self.seed,
            "inputs": self.dyn.table.uncertain_keys(),
            "model": self.static["model"],
            "params": self.static["params"],
            **self.summary,
            "sensitivity": self.sensitivity,
            "issues": self.static["issues"],
        }


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
    """
    if runs < 1:
        raise InputError.one(f"--runs must be at least 1, got {runs}", field="runs")
    if keep not in KEEP:
        raise InputError.one(f"--keep takes one of {', '.join(KEEP)}, got '{keep}'", field="keep")
    dyn = compile_dynamics(scenario)
    config = BackendConfig(
        kind=backend, workers=workers, scheduler=scheduler, chunk_blocks=chunk_blocks
    )
    seed = master_seed(seed)
    static = simulate_static_issues(
        scenario,
        model,
        runs=runs,
        seed=seed,
        params=params,
        backend=backend,
        workers=workers,
        scheduler=scheduler,
        chunk_blocks=chunk_blocks,
    )
    summaries = stream_dynamics(dyn, runs, seed, config, keep, progress)
    sens = None
    if sensitivity_runs > 0 and dyn.n_levers:
        sens = lever_sensitivity(dyn, min(runs, sensitivity_runs), seed, config)
    return DynamicsResult(
        dyn=dyn,
        seed=seed,
        runs=runs,
        config=config,
        summary=summaries.summary(),
        sensitivity=sens,
        static=static,
        rows=summaries.rows(),
    )


def lever_sensitivity(
    dyn: CompiledDynamics, runs: int, seed: int, config: BackendConfig | None = None
) -> dict[str, Any]:
    """One-at-a-time sensitivity of the settlement date to each lever."""
    base = run_dynamics(dyn, runs, seed, config)
    without = [run_dynamics(dyn, runs, seed, config, lever=k) for k in range(dyn.n_levers)]
    return lever_effects(dyn.lever_ids, dyn.horizon, base, without)
