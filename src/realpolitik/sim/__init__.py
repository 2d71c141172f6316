"""Simulation: seeds, uncertain inputs, Monte Carlo, sensitivity and backends.

Public API (imported lazily, so that importing one module loads only what it needs):

- :func:`simulate` / :func:`resume` -> :class:`SimulationResult`: outcome
  distributions (:mod:`realpolitik.sim.montecarlo`).
- :func:`sensitivity_analysis` -> :class:`SensitivityResult`: Sobol / Morris indices.
- :func:`run_blocks`, :class:`Block`, :func:`make_blocks`, :class:`BackendConfig`:
  the reusable block loop over the serial, process and Dask backends.
- :func:`input_plan`: the uncertain inputs of a scenario.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "simulate": "montecarlo",
    "resume": "montecarlo",
    "SimulationResult": "montecarlo",
    "sensitivity_analysis": "sensitivity",
    "SensitivityResult": "sensitivity",
    "run_blocks": "backends",
    "Block": "backends",
    "make_blocks": "backends",
    "BackendConfig": "backends",
    "input_plan": "uncertainty",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        module = importlib.import_module(f"{__name__}.{_EXPORTS[name]}")
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
