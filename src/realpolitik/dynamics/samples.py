"""The sampled inputs of a war simulation, drawn again from its seed.

Block ``k`` of a war simulation draws its input uniforms first from
:func:`realpolitik.rng.block_rng` ``(seed, k)``
(:func:`realpolitik.dynamics.engine.draw_block`), so the inputs of every run
can be rebuilt after the fact without simulating the war again.
"""

from __future__ import annotations

import numpy as np

from realpolitik.arrays import FloatArray
from realpolitik.dynamics.spec import CompiledDynamics
from realpolitik.rng import block_rng
from realpolitik.sim.backends import make_blocks


def war_samples(dyn: CompiledDynamics, runs: int, seed: int) -> tuple[list[str], FloatArray]:
    """The uncertain inputs of a war simulation and their values in every run ``(runs, K)``.

    The same compiled scenario, number of runs and master seed give exactly
    the values the simulation used.
    """
    keys = dyn.table.uncertain_keys()
    out = np.empty((runs, len(keys)))
    for block in make_blocks(runs):
        u = block_rng(seed, block.index).random((block.size, dyn.table.n_uniforms))
        values = dyn.table.sample(u)
        for j, key in enumerate(keys):
            out[block.start : block.stop, j] = values[key]
    return keys, out
