"""The notebook-first Python API: one function per verb, results with tables and figures.

Every function returns a result object with ``to_pandas(table)`` (tidy long
DataFrames; pandas is the optional extra ``[notebook]``), ``_repr_html_`` (its
headline table in Jupyter) and ``figures()`` (the report's Plotly figures).
See ``docs/notebook.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from realpolitik.notebook.forecast_view import ForecastResult
from realpolitik.notebook.view import upgrade
from realpolitik.scenario import Scenario
from realpolitik.sim.rng import master_seed

if TYPE_CHECKING:  # the heavy result modules are imported when a verb runs
    from realpolitik.notebook.results import CompareResult, Simulation
    from realpolitik.notebook.results_war import BacktestResult, Sensitivity, WarSimulation


def forecast(
    scenario: Scenario,
    model: str = "compromise",
    params: Mapping[str, Any] | None = None,
    seed: int | None = None,
) -> ForecastResult:
    """Run ``model`` on every issue of ``scenario``, inputs at their means.

    Args:
        scenario: the scenario.
        model: a registry name (see ``realpolitik models``).
        params: model options overriding the scenario's ``model_params``.
        seed: seed for stochastic models.

    Raises:
        InputError: unknown model, bad options, or an issue the model cannot handle.
    """
    from realpolitik.forecast import forecast as run

    return upgrade(ForecastResult, run(scenario, model, params, seed))


def simulate(
    scenario: Scenario,
    model: str = "compromise",
    *,
    runs: int = 1000,
    seed: int | None = None,
    params: Mapping[str, Any] | None = None,
    **backend: Any,
) -> Simulation | WarSimulation:
    """Monte Carlo over the scenario's uncertain inputs; month by month for a war.

    A scenario with a ``war`` block runs on the monthly engine (the model then
    forecasts the issues outside the war and its deals; the lever
    sensitivity is skipped); any other runs ``model`` ``runs`` times.

    Args:
        scenario: the scenario.
        model: a registry name.
        runs: Monte Carlo runs.
        seed: the master seed (None: fresh entropy, recorded in the result).
        params: model options (numbers may be distributions).
        **backend: ``backend``, ``workers``, ``scheduler``, ``chunk_blocks``
            (see :func:`realpolitik.sim.simulate`).

    Raises:
        InputError: bad options, model or scenario.
    """
    seed = master_seed(seed)
    if scenario.is_dynamic:
        from realpolitik.dynamics.api import simulate_dynamics
        from realpolitik.notebook.results_war import WarSimulation

        war = simulate_dynamics(
            scenario,
            runs=runs,
            seed=seed,
            model=model,
            params=params,
            sensitivity_runs=0,
            **backend,
        )
        return upgrade(WarSimulation, war, scenario=scenario)
    from realpolitik.notebook.results import Simulation
    from realpolitik.sim.montecarlo import simulate as run

    result = run(scenario, model, runs=runs, seed=seed, params=params, **backend)
    return upgrade(Simulation, result, scenario=scenario)


def sensitivity(
    scenario: Scenario,
    model: str | None = None,
    *,
    method: str = "sobol",
    runs: int = 256,
    seed: int | None = None,
    params: Mapping[str, Any] | None = None,
    **backend: Any,
) -> Sensitivity:
    """Sobol or Morris indices of every uncertain input for every outcome.

    See :func:`realpolitik.sim.sensitivity_analysis` (a war is analysed on the
    monthly engine).
    """
    from realpolitik.notebook.results_war import Sensitivity
    from realpolitik.sim.sensitivity import sensitivity_analysis

    result = sensitivity_analysis(
        scenario, model, method=method, runs=runs, seed=seed, params=params, **backend
    )
    return upgrade(Sensitivity, result, scenario=scenario)


def backtest(
    source: str | Path, models: Sequence[str] | None = None, *, seed: int = 0
) -> BacktestResult:
    """Score models on cases with known outcomes (a DEU table, or a folder of scenarios).

    See :func:`realpolitik.backtest.runner.run_backtest`.
    """
    from realpolitik.backtest.runner import run_backtest
    from realpolitik.notebook.results_war import BacktestResult

    return upgrade(BacktestResult, run_backtest(source, models, seed=seed))


def compare(
    scenario: Scenario,
    models: Sequence[str] | None = None,
    *,
    runs: int | None = None,
    seed: int | None = None,
    params: Mapping[str, Mapping[str, Any]] | None = None,
) -> CompareResult:
    """Several models on one scenario; with ``runs``, all on the same draws.

    See :func:`realpolitik.app.compare.compare`.
    """
    from realpolitik.app.compare import compare as run
    from realpolitik.notebook.results import CompareResult

    return upgrade(CompareResult, run(scenario, models, runs=runs, seed=seed, params=params))
