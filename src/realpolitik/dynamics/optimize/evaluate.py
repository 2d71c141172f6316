"""Evaluate candidate strategies on common random numbers, on any backend.

Every candidate is run on the same seeded blocks of runs: block ``k`` of
stream ``s`` draws only from ``SeedSequence(seed, spawn_key=(s, k))``, so
the inputs, events and battles of run ``i`` are the same for every
candidate and the difference between two candidates is the strategy's, not
Monte Carlo noise. Streams: :data:`SEARCH` for the search, :data:`FRESH` for
the winner's-curse check (independent of the search's numbers), and
:data:`ROBUST` for the robustness design (:mod:`.robust`). These keys never
equal a simulation's ``(k,)``, so they are independent of ``simulate``'s runs
too. A candidate changes the compiled scenario's lever arrays and the
sampled inputs (:func:`.space.apply`); nothing is recompiled.

A work unit is one (candidate, block) pair: :func:`run_blocks` spreads them
over the backend, and the results are placed by their indices, so serial,
process and Dask runs give identical numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from realpolitik.arrays import FloatArray
from realpolitik.dynamics.compiled import CompiledDynamics
from realpolitik.dynamics.engine import simulate_block
from realpolitik.dynamics.optimize.objectives import Objective
from realpolitik.dynamics.optimize.space import Candidate, Space, apply
from realpolitik.sim.backends import BackendConfig, Block, make_blocks, run_blocks

SEARCH, FRESH, ROBUST = 1, 2, 3


def stream_rng(seed: int, stream: int, block: int) -> np.random.Generator:
    """The generator of block ``block`` of stream ``stream`` under master seed ``seed``."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(stream, block)))


@dataclass(frozen=True)
class Problem:
    """What is measured: the scenario, the space, the quantities and the cost reference."""

    dyn: CompiledDynamics
    space: Space
    quantities: tuple[Objective, ...]
    ref: FloatArray

    def measure(self, candidate: Candidate | None, n: int, rng: np.random.Generator) -> FloatArray:
        """``(Q, n)`` per-run quantities of one candidate (None: as written) on one generator."""
        applied = apply(self.dyn, self.space, candidate)
        out = simulate_block(applied.dyn, n, rng, applied)
        return np.stack([q.per_run(self.dyn, out, self.ref) for q in self.quantities])


@dataclass(frozen=True)
class CandidateBlock:
    """Work unit: ``block.data`` is the candidate's index, ``block.index`` the block's."""

    problem: Problem
    candidates: tuple[Candidate | None, ...]
    seed: int
    stream: int

    def __call__(self, block: Block) -> tuple[int, int, FloatArray]:
        rng = stream_rng(self.seed, self.stream, block.index)
        c = int(block.data)
        return c, block.index, self.problem.measure(self.candidates[c], block.size, rng)


def evaluate(
    problem: Problem,
    candidates: Sequence[Candidate | None],
    runs: int,
    seed: int,
    stream: int,
    config: BackendConfig | None = None,
) -> list[FloatArray]:
    """Per candidate, its ``(Q, runs)`` per-run quantities, in run order."""
    units = [
        Block(index=b.index, start=b.start, stop=b.stop, data=c)
        for c in range(len(candidates))
        for b in make_blocks(runs)
    ]
    fn = CandidateBlock(problem, tuple(candidates), seed, stream)
    parts: dict[tuple[int, int], FloatArray] = {}
    for chunk in run_blocks(fn, units, config):
        for c, k, values in chunk:
            parts[(c, k)] = values
    n_blocks = len(make_blocks(runs))
    return [
        np.concatenate([parts[(c, k)] for k in range(n_blocks)], axis=1)
        for c in range(len(candidates))
    ]
