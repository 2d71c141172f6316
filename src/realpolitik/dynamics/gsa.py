"""Sobol and Morris indices of a war's uncertain inputs (``realpolitik sensitivity`` on a war).

The design is the one of :mod:`realpolitik.sim.sensitivity` (SALib, on the
inputs' probability scale); each design point is one run of the monthly
engine. The engine is stochastic (events, battles, the settlement hazard), so
the points of one group — a Sobol base sample with its cross samples, or a
Morris trajectory — share their random numbers (common random numbers): the
differences the indices are built from then come from the inputs alone, and
the remaining variance is the part no input explains. The noise of group g
comes from ``block_rng(seed, g)``, so the indices do not depend on the
backend, the chunk size or the number of workers.

Outcomes, defined in every run:

- ``settlement``: months until the settlement (settling in month t counts
  t + 1; the horizon when the war does not end by settlement);
- ``settled``: 1 if the war ended by settlement within the horizon, else 0;
- ``ground``: ground held by the defender at the end of the horizon;
- ``deal:<id>``: months until the deal is signed (the horizon when it is not).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from realpolitik.arrays import FloatArray
from realpolitik.dynamics.engine import run_months
from realpolitik.dynamics.inputs import make_inputs
from realpolitik.dynamics.output import DynamicsOutput
from realpolitik.dynamics.spec import CompiledDynamics, compile_dynamics
from realpolitik.rng import BLOCK, block_rng, master_seed
from realpolitik.scenario import Scenario
from realpolitik.sim.backends import BackendConfig, Block, run_blocks
from realpolitik.sim.sensitivity import (
    EDGE,
    Rows,
    SensitivityResult,
    analyse,
    check_design,
    design,
)
from realpolitik.sim.sink import RunSink

MODEL = "dynamics"
"""The ``model`` recorded for an analysis of the monthly engine."""


_ITEM = re.compile(r"^(levers|events|deals)\[(\d+)\]")


def input_label(dyn: CompiledDynamics, key: str) -> str:
    """An input's key with the id of the lever, event or deal it belongs to:
    ``levers[8].threshold`` -> ``levers[8].threshold (us_sanctions_relief)``."""
    m = _ITEM.match(key)
    if m is None:
        return key
    ids = {"levers": dyn.lever_ids, "events": dyn.event_ids, "deals": [d.id for d in dyn.deals]}
    return f"{key} ({ids[m[1]][int(m[2])]})"


def outcome_names(dyn: CompiledDynamics) -> list[str]:
    """The analysed outcomes, in column order (see the module docstring)."""
    return ["settlement", "settled", "ground", *(f"deal:{d.id}" for d in dyn.deals)]


def outcomes(dyn: CompiledDynamics, out: DynamicsOutput) -> FloatArray:
    """The outcomes of a batch of runs, ``(B, len(outcome_names))``."""
    t = float(dyn.horizon)
    cols = [
        np.where(out.settled >= 0, out.settled + 1.0, t),
        (out.settled >= 0).astype(np.float64),
        out.ground[:, -1],
    ]
    cols += [np.where(m >= 0, m + 1.0, t) for m in out.deal_month.T]
    return np.stack(cols, axis=1)


@dataclass(frozen=True)
class WarBlock:
    """Run the design rows of one block (picklable: it runs in worker processes too)."""

    dyn: CompiledDynamics
    seed: int
    group: int

    def __call__(self, block: Block) -> tuple[int, FloatArray]:
        u = np.asarray(block.data)
        groups = np.arange(block.start, block.stop) // self.group
        first = int(groups[0])
        noise = [self._noise(int(g)) for g in range(first, int(groups[-1]) + 1)]
        at = groups - first
        u_events = np.concatenate([n[0] for n in noise])[at]
        u_month = np.concatenate([n[1] for n in noise], axis=2)[:, :, at]
        deal_rng = np.random.default_rng(
            np.random.SeedSequence(self.seed, spawn_key=(block.index, 1))
        )
        inp = make_inputs(self.dyn, self.dyn.table.sample(u), self.dyn.salience_scale)
        out = run_months(self.dyn, inp, u_events, u_month, deal_rng)
        return block.start, outcomes(self.dyn, out)

    def _noise(self, g: int) -> tuple[FloatArray, FloatArray]:
        rng = block_rng(self.seed, g)
        return rng.random((1, len(self.dyn.events))), rng.random((self.dyn.horizon, 3, 1))


def war_sensitivity(
    scenario: Scenario,
    *,
    method: str = "sobol",
    runs: int = 256,
    seed: int | None = None,
    config: BackendConfig | None = None,
    store: RunSink | None = None,
) -> SensitivityResult:
    """Sobol or Morris indices of a war's uncertain inputs for each outcome.

    Args:
        scenario: a scenario with a ``war`` block.
        method: ``sobol`` or ``morris``.
        runs: Sobol base samples (rounded up to a power of two) or Morris trajectories.
        seed: master seed (design and the engine's random numbers).
        config: where the blocks run.
        store: the results store to record the analysis in.

    Raises:
        InputError: unknown method, too few runs, no uncertain input.
    """
    start = time.perf_counter()
    dyn = compile_dynamics(scenario)
    names = [input_label(dyn, key) for key in dyn.table.uncertain_keys()]
    n = check_design(method, runs, len(names))
    seed = master_seed(seed)
    config = config or BackendConfig()
    run_id = None
    if store is not None:
        settings = {"method": method, "backend": config.kind, "workers": config.n_workers}
        run_id = store.start(
            kind="sensitivity",
            scenario=scenario,
            model=MODEL,
            params={},
            seed=seed,
            runs=n,
            settings={**settings, "inputs": names, "outcomes": outcome_names(dyn)},
        )
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    x = design(method, problem, n, seed)
    y = _evaluate(dyn, seed, EDGE + (1 - 2 * EDGE) * x, len(names), method, config)
    result = SensitivityResult(
        run_id=run_id,
        method=method,
        model=MODEL,
        seed=seed,
        runs=n,
        evaluations=len(x),
        inputs=tuple(names),
        outcomes=_indices(method, problem, x, y, seed, outcome_names(dyn)),
        elapsed=time.perf_counter() - start,
    )
    if store is not None and run_id is not None:
        store.finish(run_id, result.to_json(), elapsed=result.elapsed)
    return result


def _evaluate(
    dyn: CompiledDynamics, seed: int, u: FloatArray, k: int, method: str, config: BackendConfig
) -> FloatArray:
    group = k + 2 if method == "sobol" else k + 1  # rows per base sample / trajectory
    blocks = [
        Block(index=b, start=a, stop=min(a + BLOCK, len(u)), data=u[a : a + BLOCK])
        for b, a in enumerate(range(0, len(u), BLOCK))
    ]
    y = np.empty((len(u), len(outcome_names(dyn))))
    for chunk in run_blocks(WarBlock(dyn, seed, group), blocks, config):
        for first, values in chunk:
            y[first : first + values.shape[0]] = values
    return y


def _indices(
    method: str,
    problem: dict[str, Any],
    x: FloatArray,
    y: FloatArray,
    seed: int,
    names: list[str],
) -> dict[str, Rows]:
    return {name: analyse(method, problem, x, y[:, j], seed) for j, name in enumerate(names)}
