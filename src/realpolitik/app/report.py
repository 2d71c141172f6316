"""What a report shows: computed for a scenario, read from a stored run, or from a document.

The command line and the web app both build a report's
:class:`~realpolitik.report.parts.ReportData` here, so a report looks the same
wherever it is made; the report package only renders it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from realpolitik.app.forecast import forecast
from realpolitik.app.scenarios import is_war
from realpolitik.app.sensitivity import sensitivity as analyse
from realpolitik.app.simulate import SimulationRequest, simulate
from realpolitik.errors import InputError
from realpolitik.rng import master_seed
from realpolitik.scenario import Scenario
from realpolitik.sim.sink import RunSink
from realpolitik.sim.uncertainty import input_plan

if TYPE_CHECKING:  # the report package needs the report extra (plotly, jinja2): imported on use
    from realpolitik.report.parts import ReportData


@dataclass(frozen=True, kw_only=True)
class ReportPlan:
    """What to compute when a report is made from a scenario.

    Attributes:
        model: the bargaining model (with a war: of the issues outside it).
        params: its options.
        seed: the master seed (None: fresh entropy, shown in the report).
        runs: Monte Carlo runs (1: the deterministic forecast only).
        sensitivity: ``"sobol"``, ``"morris"`` or None.
        sensitivity_runs: Sobol base sample size or Morris trajectories.
    """

    model: str = "compromise"
    params: Mapping[str, Any] = field(default_factory=dict)
    seed: int | None = None
    runs: int = 2000
    sensitivity: str | None = "sobol"
    sensitivity_runs: int = 64


def report_data(scenario: Scenario, plan: ReportPlan | None = None) -> ReportData:
    """Run what the scenario calls for and gather it for a report.

    Always the deterministic forecast (inputs at their means); with more than
    one run, the war engine for a scenario with a war, else (when some input
    is uncertain) a Monte Carlo simulation and a Sobol or Morris analysis.
    """
    from realpolitik.report.sources import from_forecast

    plan = plan or ReportPlan()
    seed = master_seed(plan.seed)
    params = dict(plan.params) or None
    fc = forecast(scenario, plan.model, params=params, seed=seed).forecast
    if plan.runs <= 1:
        return from_forecast(fc)
    request = SimulationRequest(runs=plan.runs, seed=seed, model=plan.model, params=plan.params)
    if is_war(scenario):
        return from_forecast(fc, simulation=simulate(scenario, request).to_json())
    if not input_plan(scenario).inputs:
        return from_forecast(fc)
    sens = None
    if plan.sensitivity is not None:
        sens = analyse(
            scenario,
            model=plan.model,
            method=plan.sensitivity,
            runs=plan.sensitivity_runs,
            seed=seed,
            params=params,
        ).to_json()
    return from_forecast(fc, simulation=simulate(scenario, request).to_json(), sensitivity=sens)


def report_of_document(path: Path, scenario: Scenario | None = None) -> ReportData:
    """A report of a saved result document (``run --json > result.json``)."""
    from realpolitik.report.sources import from_json_file

    return from_json_file(path, scenario)


def report_of_run(sink: RunSink, run_id: int) -> ReportData:
    """A report of a run kept in ``sink`` (the results store).

    Raises:
        InputError: no such run, a backtest (a table, not a report), or unfinished.
    """
    from realpolitik.report.sources import from_document

    record = sink.get(run_id)
    if record.kind in ("backtest", "score"):
        raise InputError.one(
            f"run {run_id} is a {record.kind}, which has a table rather than a report",
            field="run_id",
        )
    if record.status == "failed":
        raise InputError.one(
            f"run {run_id} failed: it has no results to report (`realpolitik runs show "
            f"{run_id}` gives its error)",
            field="run_id",
        )
    if not record.complete or record.summary is None:
        again = " (an interrupted simulation can be resumed)" if _resumable(record.kind) else ""
        raise InputError.one(
            f"run {run_id} is not finished: it has no results to report yet{again}",
            field="run_id",
        )
    return from_document(
        record.summary, scenario=sink.scenario(run_id), record=record.to_json()
    )


def _resumable(kind: str) -> bool:
    return kind in ("simulate", "dynamics", "optimize")
