"""Properties of scenario files: valid data loads, round trips, and every model runs on it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from realpolitik import forecast, load_scenario, save_scenario
from realpolitik.compile import compile_issue
from realpolitik.errors import InputError
from realpolitik.io import dump_scenario
from realpolitik.models import get_model, model_names
from realpolitik.results.document import run_document
from realpolitik.results.schemas import dump, validate_data
from realpolitik.scenario import Scenario
from tests.strategies import examples, scenario_data, scenarios

SETTINGS = settings(
    max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@SETTINGS
@given(scenario_data())
def test_valid_data_validates(data: dict[str, Any]) -> None:
    Scenario.model_validate(data)


@SETTINGS
@given(scenarios())
def test_yaml_round_trip(tmp_path_factory: Any, sc: Scenario) -> None:
    path = Path(tmp_path_factory.mktemp("rt")) / "s.yaml"
    save_scenario(sc, path)
    assert load_scenario(path) == sc


@SETTINGS
@given(scenarios())
def test_json_round_trip(sc: Scenario) -> None:
    again = Scenario.model_validate(json.loads(dump_scenario(sc, "json")))
    assert again == sc


def _expected_refusal(name: str, sc: Scenario) -> str | None:
    """The documented reason a model refuses this scenario (a regex of its message), or None.

    Models declare the dimensions they handle; smp also has KTAB's limits
    (3 to 250 actors per issue, saliences summing to at most 1, one positive
    salience per actor; ``models/_smp_validate.py``).
    """
    info = get_model(name).info
    if info.max_dims is not None and any(i.n_dims > info.max_dims for i in sc.issues):
        return "handles at most"
    if name == "eu_calibrated":  # an EU model: generated actors are no Commission or Parliament
        return "finds no European Commission or Parliament"
    if name != "smp":
        return None
    for issue in sc.issues:
        a = compile_issue(sc, issue.id)
        s = a.salience
        if not 3 <= a.n_actors <= 250:
            return "needs 3 to 250 actors"
        if np.any(s.sum(axis=2) > 1 + 1e-9):
            return "saliences must sum to at most 100"
        if np.any(~((s * s).sum(axis=2) > 0)):
            return "at least one salience must be positive"
    return None


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(max_actors=6))
def test_every_model_runs_and_stays_in_bounds(sc: Scenario) -> None:
    for name in model_names():
        refusal = _expected_refusal(name, sc)
        if refusal is not None:  # exactly one InputError, with the documented reason
            with pytest.raises(InputError, match=refusal):
                forecast(sc, model=name, seed=1)
            continue
        fc = forecast(sc, model=name, seed=1)
        doc = dump(run_document(fc))
        validate_data("run", doc)  # valid JSON (no NaN), matching docs/schemas/run.json
        for issue in sc.issues:
            lo, hi = issue.bounds
            f = fc.trajectories[issue.id].forecast
            assert np.all(np.isfinite(f))
            assert np.all((f >= lo - 1e-9) & (f <= hi + 1e-9)), (name, issue.id, f)


@settings(max_examples=examples(15), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(max_actors=2))
def test_smp_refuses_fewer_than_three_actors_with_one_clear_error(sc: Scenario) -> None:
    with pytest.raises(InputError, match="needs 3 to 250 actors"):
        forecast(sc, model="smp")
