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
from realpolitik.errors import InputError
from realpolitik.forecast import Forecast, value
from realpolitik.results.compare_document import CompareDocument
from realpolitik.results.optimize_document import OptimizeDocument
from realpolitik.results.schemas import (
    BacktestDocument,
    DynamicDocument,
    Quantiles,
    Round,
    RunDocument,
    ScalarQuantiles,
    ScoreDocument,
    SensitivityDocument,
    SimulationDocument,
    check_document,
    schema_kind,
)
from realpolitik.scenario import Scenario
from realpolitik.sim.montecarlo import SimulationResult
from realpolitik.sim.samples import sampled_inputs
from realpolitik.sim.sensitivity import SensitivityResult
from realpolitik.store import RunRecord

__all__ = [
    "Backtest",
    "DynamicsResult",
    "Forecast",
    "ResultDocument",
    "SensitivityResult",
    "SimulationResult",
    "document_of",
    "quantile_items",
    "records",
    "run_inputs",
    "series",
    "typed_document",
    "value",
]

ResultDocument = (
    RunDocument
    | SimulationDocument
    | DynamicDocument
    | SensitivityDocument
    | BacktestDocument
    | ScoreDocument
    | CompareDocument
    | OptimizeDocument
)
"""Any typed result document (:mod:`realpolitik.results.schemas`)."""


def document_of(record: RunRecord) -> ResultDocument | None:
    """A stored run's summary as its typed document: the one border where it is typed.

    None when the run has no summary (not finished) or it is not a result
    document (a kind with no schema).

    Raises:
        InputError: the summary is damaged (every problem with its field).
    """
    if record.summary is None:
        return None
    if schema_kind(record.summary) is None:
        return None
    return typed_document(record.summary)


def typed_document(data: Mapping[str, Any]) -> ResultDocument:
    """A result document given as JSON data (a stored summary, a verb's dict), typed.

    Raises:
        InputError: not a result document, or damaged (every problem with its field).
    """
    doc = check_document(dict(data))
    if not isinstance(doc, ResultDocument):  # pragma: no cover - DOCUMENTS are these
        raise InputError.one(f"not a result document: {type(doc).__name__}")
    return doc


def series(r: Round, name: str) -> dict[str, float]:
    """A model's series in a trajectory round (e.g. ``r`` of eum): one number per actor.

    A round is open by design (``extra="allow"``): each model adds its own
    entries, so they are read through ``model_extra``, not as fields.
    """
    value_ = (r.model_extra or {}).get(name)
    return value_ if isinstance(value_, dict) else {}


def records(r: Round, name: str) -> list[dict[str, Any]]:
    """A model's records in a trajectory round (e.g. ``offers``, ``bargains``); [] if none.

    Open by design like :func:`series`: each record's keys are the model's own.
    """
    value_ = (r.model_extra or {}).get(name)
    return value_ if isinstance(value_, list) else []


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


def quantile_items(q: Quantiles | ScalarQuantiles) -> list[tuple[str, Any]]:
    """The quantiles by their documented key (``"0.05"`` ... ``"0.95"``), lowest first."""
    return [("0.05", q.q05), ("0.25", q.q25), ("0.5", q.q50), ("0.75", q.q75), ("0.95", q.q95)]
