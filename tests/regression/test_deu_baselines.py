"""The DEU baselines: forecasts of real EU decisions, scored as the reference says.

Source: ``tests/data/reference/deu/README.md`` (DEU III, Arregui & Perarnaud
2021, doi:10.34810/data53): mean absolute error on the 0-100 scale over the
172 issues with a recorded outcome, capability from line 2 of the table and
salience from the ``s<xx>`` columns. Tolerance: the README prints two
decimals, so each figure must match to within 0.005 (half the last digit).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from realpolitik.compile import IssueArrays, compile_issue
from realpolitik.io.deu import read_deu
from realpolitik.io.text import read_text
from realpolitik.models.registry import get_model
from realpolitik.scenario import Scenario
from tests.conftest import reference_path

TOLERANCE = 0.005


@cache
def _cases() -> tuple[tuple[Scenario, IssueArrays], ...]:
    path = reference_path("deu/deu-1996-2000.tsv")
    scenarios = read_deu(path, read_text(path))
    return tuple((s, compile_issue(s, s.issues[0].id)) for s in scenarios)


def _outcome(scenario: Scenario) -> float | None:
    out = scenario.issues[0].outcome
    return None if out is None else float(out)  # type: ignore[arg-type]


def _mae(forecast: dict[str, float]) -> float:
    errors = [
        abs(forecast[s.issues[0].id] - out)
        for s, _ in _cases()
        if (out := _outcome(s)) is not None and s.issues[0].id in forecast
    ]
    return float(np.mean(errors))


def _model_forecasts(name: str) -> dict[str, float]:
    model = get_model(name)
    params = model.make_params()
    rng = np.random.default_rng(0)
    return {
        arrays.issue_id: float(model.run(arrays, params, rng).forecast[0, 0])
        for _, arrays in _cases()
    }


def _mean_forecasts(weight: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for _, a in _cases():
        x = a.position[0, :, 0]
        w = a.salience[0, :, 0] if weight == "salience" else np.ones_like(x)
        out[a.issue_id] = float(np.average(x, weights=w)) if w.sum() > 0 else float(x.mean())
    return out


def test_the_file_has_173_issues_and_172_outcomes() -> None:
    cases = _cases()
    assert len(cases) == 173
    assert sum(_outcome(s) is not None for s, _ in cases) == 172


@pytest.mark.parametrize(("model", "expected"), [("compromise", 24.11), ("median_voter", 28.91)])
def test_model_baselines(model: str, expected: float) -> None:
    assert _mae(_model_forecasts(model)) == pytest.approx(expected, abs=TOLERANCE)


@pytest.mark.parametrize(("weight", "expected"), [("salience", 23.87), ("none", 23.72)])
def test_mean_baselines(weight: str, expected: float) -> None:
    assert _mae(_mean_forecasts(weight)) == pytest.approx(expected, abs=TOLERANCE)


def test_reference_point_as_forecast() -> None:
    forecast = {
        s.issues[0].id: float(sq)  # type: ignore[arg-type]
        for s, _ in _cases()
        if (sq := s.issues[0].status_quo) is not None
    }
    assert len(forecast) == 130
    assert _mae(forecast) == pytest.approx(51.28, abs=TOLERANCE)
