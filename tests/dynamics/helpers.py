"""Shared helpers of the dynamics tests: scenario variants and paired comparisons."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from realpolitik.dynamics.api import run_dynamics
from realpolitik.dynamics.output import DynamicsOutput
from realpolitik.dynamics.spec import compile_dynamics
from realpolitik.io.scenario_file import scenario_from_data
from realpolitik.scenario import Scenario

EXAMPLE = Path(__file__).parent.parent / "data" / "dynamics" / "two-sides.yaml"

RUNS = 2048
"""Runs per variant: two blocks. Comparisons use the same seed (common random numbers)."""

SEED = 20250301

Z = 5.0
"""A difference must exceed this many standard errors of the paired difference."""


def example_data() -> dict[str, Any]:
    """The example scenario as plain data (a fresh copy to modify)."""
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    return copy.deepcopy(data)


def scenario(data: dict[str, Any]) -> Scenario:
    """Validate data as a scenario (InputError on a problem)."""
    return scenario_from_data(data, file="<test>")


def simulate(data: dict[str, Any], runs: int = RUNS, seed: int = SEED) -> DynamicsOutput:
    """All runs of a scenario given as data."""
    return run_dynamics(compile_dynamics(scenario(data)), runs, seed)


def lever(data: dict[str, Any], lever_id: str) -> dict[str, Any]:
    """The lever with this id in scenario data (to modify in place)."""
    found: dict[str, Any] = next(lv for lv in data["levers"] if lv["id"] == lever_id)
    return found


def drop_lever(data: dict[str, Any], lever_id: str) -> dict[str, Any]:
    """A copy of the data without one lever (and without effects that name it)."""
    out = copy.deepcopy(data)
    out["levers"] = [lv for lv in out["levers"] if lv["id"] != lever_id]
    for deal in out.get("deals", []):
        deal["effects"] = [e for e in deal.get("effects", []) if e.get("lever") != lever_id]
    return out


def months_to_settle(out: DynamicsOutput) -> np.ndarray:
    """Per run: months until settlement (settlement in month t counts t + 1; none: T)."""
    horizon = out.lower.shape[1]
    return np.where(out.settled >= 0, out.settled + 1.0, float(horizon))


def assert_larger(a: np.ndarray, b: np.ndarray, z: float = Z) -> None:
    """Paired runs: mean(a − b) is positive and more than ``z`` standard errors from 0."""
    d = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    se = d.std(ddof=1) / np.sqrt(len(d))
    assert d.mean() > 0, f"mean difference {d.mean():.4g} is not positive"
    assert d.mean() > z * se, f"difference {d.mean():.4g} within {z} s.e. ({se:.3g})"
