"""Properties of scenario files: valid data loads, round trips, and every model runs on it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings

from realpolitik import forecast, load_scenario, save_scenario
from realpolitik.io import dump_scenario
from realpolitik.models import get_model, model_names
from realpolitik.results.document import run_document
from realpolitik.scenario import Scenario
from tests.strategies import scenario_data, scenarios

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


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


def _runnable(name: str, sc: Scenario) -> bool:
    info = get_model(name).info
    dims_ok = info.max_dims is None or all(i.n_dims <= info.max_dims for i in sc.issues)
    return dims_ok and name != "smp"  # smp needs >= 3 actors; covered by its own tests


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(max_actors=6))
def test_every_model_runs_and_stays_in_bounds(sc: Scenario) -> None:
    for name in model_names():
        if not _runnable(name, sc):
            continue
        fc = forecast(sc, model=name, seed=1)
        doc = run_document(fc)
        json.dumps(doc, allow_nan=False)  # valid JSON, no NaN
        for issue in sc.issues:
            lo, hi = issue.bounds
            f = fc.trajectories[issue.id].forecast
            assert np.all(np.isfinite(f))
            assert np.all((f >= lo - 1e-9) & (f <= hi + 1e-9)), (name, issue.id, f)
