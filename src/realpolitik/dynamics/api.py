"""Run a dynamic scenario many times, in seeded blocks, and summarise it.

:func:`simulate_dynamics` is what ``realpolitik simulate`` calls for a
scenario with a ``war``: it runs the engine on blocks of
:data:`~realpolitik.sim.rng.BLOCK` runs (block ``k`` draws only from
``block_rng(seed, k)``) with any backend of :mod:`realpolitik.sim.backends`,
so the numbers do not depend on the backend, the chunk size or the number of
workers; then it adds the one-at-a-time lever sensitivity. The issues outside
the war and its deals are forecast by the static Monte Carlo with the model
given (:mod:`realpolitik.sim.static_issues`), with the same seed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from realpolitik.dynamics.engine import simulate_block
from realpolitik.dynamics.output import DynamicsOutput, concat
from realpolitik.dynamics.sensitivity import lever_effects, lever_off
from realpolitik.dynamics.spec import CompiledDynamics, compile_dynamics
from realpolitik.dynamics.summary import summarize
from realpolitik.errors import InputError
from realpolitik.scenario import Scenario
from realpolitik.sim.backends import BackendConfig, BackendName, Block, make_blocks, run_blocks
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


@dataclass(frozen=True, kw_only=True)
class DynamicsResult:
    """A simulated dynamic scenario: the per-run outputs and their summary.

    ``static`` is the forecast of the issues outside the war and its deals:
    ``{"model", "params", "issues"}`` (:func:`simulate_static_issues`).
    """

    dyn: CompiledDynamics
    seed: int
    runs: int
    output: DynamicsOutput = field(repr=False)
    summary: dict[str, Any]
    sensitivity: dict[str, Any] | None
    static: dict[str, Any]

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
        progress: called with (runs done, runs in total).
    """
    if runs < 1:
        raise InputError.one(f"--runs must be at least 1, got {runs}", field="runs")
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
    out = run_dynamics(dyn, runs, seed, config, progress=progress)
    sens = None
    if sensitivity_runs > 0 and dyn.n_levers:
        sens = lever_sensitivity(dyn, min(runs, sensitivity_runs), seed, config)
    return DynamicsResult(
        dyn=dyn,
        seed=seed,
        runs=runs,
        output=out,
        summary=summarize(dyn, out),
        sensitivity=sens,
        static=static,
    )


def lever_sensitivity(
    dyn: CompiledDynamics, runs: int, seed: int, config: BackendConfig | None = None
) -> dict[str, Any]:
    """One-at-a-time sensitivity of the settlement date to each lever."""
    base = run_dynamics(dyn, runs, seed, config)
    without = [run_dynamics(dyn, runs, seed, config, lever=k) for k in range(dyn.n_levers)]
    return lever_effects(dyn.lever_ids, dyn.horizon, base, without)
