"""The sampled inputs of a Monte Carlo simulation, drawn again from its seed.

Block ``k`` of :func:`realpolitik.sim.montecarlo.simulate` draws its input
uniforms first from :func:`realpolitik.rng.block_rng` ``(seed, k)``
(:class:`realpolitik.sim.evaluate.ModelBlock`), so the inputs of every run can
be rebuilt after the fact without running a model again and without keeping
them during the simulation: the hot path stays as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from realpolitik.arrays import FloatArray
from realpolitik.rng import block_rng
from realpolitik.scenario import Scenario
from realpolitik.sim.backends import make_blocks
from realpolitik.sim.evaluate import make_setup
from realpolitik.sim.uncertainty import sample_uniforms


def sampled_inputs(
    scenario: Scenario,
    model: str,
    *,
    runs: int,
    seed: int,
    params: Mapping[str, Any] | None = None,
) -> tuple[list[str], FloatArray]:
    """The names of the uncertain inputs and their values in every run ``(runs, K)``.

    The same arguments as the simulation (scenario, model, options, master
    seed, number of runs) give exactly the values its runs used.
    """
    setup = make_setup(scenario, model, seed=seed, params=params)
    width = len(setup.plan.inputs)
    out = np.empty((runs, width))
    for block in make_blocks(runs):
        u = sample_uniforms(block_rng(seed, block.index), block.size, width)
        out[block.start : block.stop] = setup.plan.values(u)
    return setup.plan.names, out
