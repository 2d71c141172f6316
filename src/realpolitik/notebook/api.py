"""The notebook-first Python API: one function per verb, results with tables and figures.

Each function calls the application layer's verb (:mod:`realpolitik.app`) and
adds the views to what it returns (nothing is recorded in the results store).

Every function returns a result object with ``to_pandas(table)`` (tidy long
DataFrames; pandas is the optional extra ``[notebook]``), ``_repr_html_`` (its
headline table in Jupyter) and ``figures()`` (the report's Plotly figures).
See ``docs/notebook.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from realpolitik.notebook.view import upgrade
from realpolitik.scenario import Scenario

if TYPE_CHECKING:  # the result modules (and the engine) are imported when a verb runs
    from realpolitik.notebook.forecast_view import ForecastResult
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
    from realpolitik.app.forecast import forecast as run
    from realpolitik.notebook.forecast_view import ForecastResult

    return upgrade(ForecastResult, run(scenario, model, params=params, seed=seed).forecast)


def simulate(
    scenario: Scenario,
    model: str | None = None,
    *,
    runs: int = 1000,
    seed: int | None = None,
    params: Mapping[str, Any] | None = None,
    **backend: Any,
) -> Simulation | WarSimulation:
    """Monte Carlo over the scenario's uncertain inputs; month by month for a war.

    The application layer decides: a scenario with a ``war`` block runs on the
    monthly engine (the model then forecasts the issues outside the war and
    its deals); any other runs ``model`` (default compromise) ``runs`` times.

    Args:
        scenario: the scenario.
        model: a registry name (None: compromise).
        runs: Monte Carlo runs.
        seed: the master seed (None: fresh entropy, recorded in the result).
        params: model options (numbers may be distributions).
        **backend: ``kind`` (serial, processes, dask), ``workers``,
            ``scheduler``, ``chunk_blocks`` (:class:`realpolitik.app.BackendConfig`).

    Raises:
        InputError: bad options, model or scenario.
    """
    from realpolitik.app import BackendConfig
    from realpolitik.app.results import DynamicsResult
    from realpolitik.app.simulate import SimulationRequest
    from realpolitik.app.simulate import simulate as run
    from realpolitik.notebook.results import Simulation
    from realpolitik.notebook.results_war import WarSimulation

    request = SimulationRequest(runs=runs, seed=seed, model=model, params=dict(params or {}))
    result = run(scenario, request, settings=BackendConfig(**backend))
    if isinstance(result, DynamicsResult):
        return upgrade(WarSimulation, result, scenario=scenario)
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

    See :func:`realpolitik.app.sensitivity` (a war is analysed on the monthly
    engine; ``model`` and ``params`` do not apply to it).
    """
    from realpolitik.app import BackendConfig
    from realpolitik.app.sensitivity import sensitivity as run
    from realpolitik.notebook.results_war import Sensitivity

    result = run(
        scenario,
        model=model,
        method=method,
        runs=runs,
        seed=seed,
        params=params,
        settings=BackendConfig(**backend),
    )
    return upgrade(Sensitivity, result, scenario=scenario)


def backtest(
    source: str | Path, models: Sequence[str] | None = None, *, seed: int = 0
) -> BacktestResult:
    """Score models on cases with known outcomes (a DEU table, or a folder of scenarios).

    See :func:`realpolitik.app.backtest.backtest`.
    """
    from realpolitik.app.backtest import backtest as run
    from realpolitik.notebook.results_war import BacktestResult

    return upgrade(BacktestResult, run(source, models, seed=seed).backtest)


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
