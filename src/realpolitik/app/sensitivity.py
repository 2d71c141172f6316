"""Which inputs drive each outcome: Sobol or Morris, on the static models or the war engine."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from realpolitik.app.scenarios import is_war
from realpolitik.dynamics.gsa import war_sensitivity
from realpolitik.errors import InputError
from realpolitik.scenario import Scenario
from realpolitik.sim.backends import BackendConfig, check_scheduler
from realpolitik.sim.sensitivity import SensitivityResult, sensitivity_analysis
from realpolitik.sim.sink import RunSink

__all__ = ["SensitivityResult", "sensitivity"]


def sensitivity(
    scenario: Scenario,
    *,
    model: str | None = None,
    method: str = "sobol",
    runs: int = 256,
    seed: int | None = None,
    params: Mapping[str, Any] | None = None,
    settings: BackendConfig | None = None,
    sink: RunSink | None = None,
) -> SensitivityResult:
    """Sobol or Morris indices of every uncertain input for every outcome.

    A scenario with a war is analysed on the monthly engine (outcomes
    ``settlement``, ``settled``, ``ground``, ``deal:<id>``); its deals name
    their models in the file, so ``model`` and ``params`` do not apply.

    Raises:
        InputError: unknown method, too few runs, no uncertain input, bad options.
    """
    settings = settings or BackendConfig()
    if is_war(scenario):
        _war_options(model, params)
        check_scheduler(settings)  # before a run is recorded
        return war_sensitivity(
            scenario, method=method, runs=runs, seed=seed, config=settings, store=sink
        )
    return sensitivity_analysis(
        scenario,
        model,
        method=method,
        runs=runs,
        seed=seed,
        params=params,
        store=sink,
        **settings.options(),
    )


def _war_options(model: str | None, params: Mapping[str, Any] | None) -> None:
    """A war's deals name their models in the file: refuse a model or options given here."""
    if model is not None:
        raise InputError.one(
            "a model does not apply to a scenario with a war: the analysis runs the monthly "
            "engine, whose deals name their models in the file (docs/dynamics.md)",
            field="model",
        )
    if params:
        raise InputError.one(
            "model options do not apply to a scenario with a war: write the numbers (or their "
            "distributions) in the file",
            field="params",
        )
