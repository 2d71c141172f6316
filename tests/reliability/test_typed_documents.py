"""Every result document is made of its pydantic models, never a dict typed afterwards.

Each builder's result holds its typed document (and typed parts: summaries,
the war's curves, sensitivity rows ...), and ``to_json()`` is exactly its
``dump``: the model is the one thing the engine produces.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import pytest
from pydantic import BaseModel

from realpolitik.app import compare, forecast, sensitivity
from realpolitik.app.backtest import backtest
from realpolitik.dynamics.api import simulate_dynamics
from realpolitik.dynamics.conditioned import condition_dynamics
from realpolitik.dynamics.optimize import Request, optimize_strategies
from realpolitik.errors import InputError
from realpolitik.io import load_scenario
from realpolitik.io.observations import with_observations
from realpolitik.results.schemas import (
    BacktestDocument,
    CompareDocument,
    Conditioning,
    DynamicDocument,
    EventCurve,
    LeverMonth,
    ModelScores,
    OptimizeDocument,
    Round,
    RunDocument,
    ScalarQuantiles,
    SensitivityDocument,
    SimulationDocument,
    SobolRow,
    Summary,
    dump,
    make,
    validate_data,
)
from realpolitik.sim import simulate

DATA = Path(__file__).parents[1] / "data"
DEAL = Path(__file__).parents[1] / "report" / "data" / "deal.yaml"
TWO_SIDES = DATA / "dynamics" / "two-sides.yaml"
FACTS = DATA / "condition" / "minerals-deal-2025-through-2025-08.csv"
DEU = DATA / "deu" / "deu-gaps.tsv"


def _typed(document: object, model: type[BaseModel]) -> None:
    """``document`` is an instance of ``model`` whose every part is a model, not a dict."""
    assert isinstance(document, model), type(document)
    assert not isinstance(document, dict)


def test_run_document_is_a_run_document() -> None:
    run = forecast(load_scenario(str(DATA / "scenarios" / "eu-delay.yaml")), "smp")
    _typed(run.document, RunDocument)
    assert all(isinstance(r, Round) for r in run.document.trajectory)
    assert run.to_json() == dump(run.document)
    validate_data("run", run.to_json())


def test_static_simulation_is_made_of_summaries() -> None:
    result = simulate(load_scenario(str(DEAL)), "compromise", runs=200, seed=1)
    assert all(isinstance(s, Summary) for s in result.issues.values())
    _typed(result.document, SimulationDocument)
    assert result.document.issues == result.issues
    assert result.to_json() == dump(result.document)


def test_war_document_is_made_of_its_parts() -> None:
    result = simulate_dynamics(load_scenario(str(TWO_SIDES)), runs=300, seed=2)
    summary = result.summary
    assert all(isinstance(e, EventCurve) for e in summary.events.values())
    assert all(isinstance(q, ScalarQuantiles) for q in summary.ground.values())
    assert all(isinstance(m, LeverMonth) for lv in summary.levers.values() for m in lv.values())
    _typed(result.document, DynamicDocument)
    assert result.document.events == summary.events
    assert result.to_json() == dump(result.document)
    validate_data("simulate-dynamic", result.to_json())


def test_conditioned_document_has_a_typed_conditioning_block() -> None:
    sc = with_observations(load_scenario("minerals-deal-2025"), FACTS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = condition_dynamics(sc, runs=256, seed=1, with_static=False)
    assert isinstance(result.conditioning, Conditioning)
    _typed(result.document, DynamicDocument)
    assert result.document.conditioning == result.conditioning
    assert result.to_json() == dump(result.document)


def test_sensitivity_rows_are_typed() -> None:
    result = sensitivity(load_scenario(str(DEAL)), method="sobol", runs=16, seed=1)
    assert all(isinstance(r, SobolRow) for rows in result.outcomes.values() for r in rows)
    _typed(result.document, SensitivityDocument)
    assert result.to_json() == dump(result.document)


def test_backtest_document_is_typed() -> None:
    run = backtest(DEU, ["median_voter"], draws=5, cases=True)
    _typed(run.document, BacktestDocument)
    assert all(isinstance(s, ModelScores) for s in run.backtest.scores().values())
    assert run.to_json() == dump(run.document)


def test_compare_and_optimize_documents_are_typed() -> None:
    result = compare(load_scenario(str(DEAL)), ["compromise", "nash"], runs=100, seed=1)
    _typed(result.document(), CompareDocument)
    assert result.to_json() == dump(result.document())
    request = Request(
        holder="broker",
        objectives=("cost",),
        trials=3,
        runs=64,
        seed=1,
        batch=3,
        robust_draws=2,
        robust_runs=16,
    )
    found = optimize_strategies(load_scenario(str(TWO_SIDES)), request)
    _typed(found.document, OptimizeDocument)
    assert found.to_json() == dump(found.document)


def test_a_non_finite_number_is_an_input_error_naming_its_place() -> None:
    with pytest.raises(InputError) as caught:
        make(LeverMonth, on=0.5, mean=math.inf)
    assert caught.value.problems[0].field == "LeverMonth.mean"
    with pytest.raises(InputError) as caught:
        make(RunDocument, model="m", params={"x": [1.0, math.nan]})
    assert caught.value.problems[0].field == "RunDocument.params.x[1]"
