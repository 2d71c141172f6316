"""The engine's result types and the inputs of every run, for the Python API.

The notebook API (:mod:`realpolitik.notebook`) adds tables and figures to the
results the verbs return; it reaches the engine only through this layer, like
every other surface.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from realpolitik.arrays import FloatArray
from realpolitik.backtest.runner import Backtest
from realpolitik.dynamics.api import DynamicsResult
from realpolitik.dynamics.samples import war_samples
from realpolitik.forecast import Forecast, value
from realpolitik.scenario import Scenario
from realpolitik.sim.montecarlo import SimulationResult
from realpolitik.sim.samples import sampled_inputs
from realpolitik.sim.sensitivity import SensitivityResult

__all__ = [
    "Backtest",
    "DynamicsResult",
    "Forecast",
    "SensitivityResult",
    "SimulationResult",
    "run_inputs",
    "value",
]


def run_inputs(
    result: SimulationResult | DynamicsResult,
    scenario: Scenario,
    params: Mapping[str, Any] | None = None,
) -> tuple[list[str], FloatArray]:
    """The uncertain inputs of a simulation and their values in every run ``(runs, K)``.

    Drawn again from the simulation's seed, block by block, exactly as its
    runs drew them (see :mod:`realpolitik.sim.samples`,
    :mod:`realpolitik.dynamics.samples`); no model runs.

    Args:
        result: the simulation (static Monte Carlo or war).
        scenario: the scenario it ran.
        params: the model options it was given (a static simulation's overrides).
    """
    if isinstance(result, DynamicsResult):
        return war_samples(result.dyn, result.runs, result.seed)
    return sampled_inputs(scenario, result.model, runs=result.runs, seed=result.seed, params=params)
