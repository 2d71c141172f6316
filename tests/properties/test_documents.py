"""The ``--json`` documents, built from generated scenarios, match their documented schemas.

``run --json`` is checked in ``test_scenario_properties.py`` and the dynamic
``simulate --json`` in ``test_dynamics_properties.py``; here: ``simulate``
(static), ``sensitivity`` and ``backtest``, each with the invariants of its
summaries. The schemas are the pydantic models of
:mod:`realpolitik.results.schemas` (``docs/schemas/*.json``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from realpolitik.backtest import backtest_document, run_backtest
from realpolitik.io import save_scenario
from realpolitik.io.scenario_file import scenario_from_data
from realpolitik.results.schemas import dump, validate_data
from realpolitik.sim import sensitivity_analysis, simulate
from tests.strategies import examples, scenario_data

SETTINGS = settings(
    max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
EPS = 1e-9
QUANTILE_KEYS = ("0.05", "0.25", "0.5", "0.75", "0.95")


def _uncertain(data: dict[str, Any]) -> dict[str, Any]:
    """The scenario with default noise on capabilities and positions (so it has inputs)."""
    return {**data, "uncertainty": {"capability": "20%", "position": 1.0}}


def _per_dim(value: float | list[float]) -> np.ndarray:
    return np.atleast_1d(np.asarray(value, dtype=float))


@SETTINGS
@given(scenario_data(max_actors=5), st.sampled_from(["compromise", "median_voter", "nash"]))
def test_simulation_document(data: dict[str, Any], model: str) -> None:
    sc = scenario_from_data(_uncertain(data), file="<generated>")
    result = simulate(sc, model, runs=64, seed=5)
    validate_data("simulate", result.to_json())
    assert result.runs == 64
    for issue in sc.issues:
        lo, hi = issue.bounds
        s = dump(result.issues[issue.id])
        assert result.outcomes[issue.id].shape == (64, issue.n_dims)
        qs = np.stack([_per_dim(s["quantiles"][k]) for k in QUANTILE_KEYS])
        assert np.all(np.diff(qs, axis=0) >= -EPS)
        assert np.all((qs >= lo - EPS) & (qs <= hi + EPS))
        mean = _per_dim(s["mean"])
        assert np.all((mean >= lo - EPS) & (mean <= hi + EPS))
        assert np.all(_per_dim(s["sd"]) >= 0)


@SETTINGS
@given(scenario_data(max_actors=4, max_issues=2), st.sampled_from(["sobol", "morris"]))
def test_sensitivity_document(data: dict[str, Any], method: str) -> None:
    sc = scenario_from_data(_uncertain(data), file="<generated>")
    result = sensitivity_analysis(sc, "compromise", method=method, runs=4, seed=2)
    doc = result.to_json()
    validate_data("sensitivity", doc)
    for rows in doc["outcomes"].values():
        assert sorted(r["input"] for r in rows) == sorted(doc["inputs"])  # each input once
        key = "ST" if method == "sobol" else "mu_star"
        ranked = [r[key] for r in rows if r[key] is not None]
        assert ranked == sorted(ranked, reverse=True)


def _with_outcomes(data: dict[str, Any], fractions: list[float]) -> dict[str, Any]:
    issues = []
    for k, issue in enumerate(data["issues"]):
        lo, hi = issue["bounds"]
        d = len(issue.get("dimensions", [None]))
        values = [lo + fractions[(k + j) % len(fractions)] * (hi - lo) for j in range(d)]
        issues.append({**issue, "outcome": values[0] if d == 1 else values})
    return {**data, "issues": issues}


@SETTINGS
@given(
    scenario_data(max_actors=5),
    st.lists(st.floats(0.0, 1.0), min_size=1, max_size=3),
)
def test_backtest_document(
    tmp_path_factory: Any, data: dict[str, Any], fractions: list[float]
) -> None:
    path = Path(tmp_path_factory.mktemp("bt")) / "cases.yaml"
    sc = scenario_from_data(_with_outcomes(data, fractions), file=str(path))
    save_scenario(sc, path)
    bt = run_backtest(path, ["median_voter", "eum"], draws=10)
    doc = dump(backtest_document(bt, cases=True))
    validate_data("backtest", doc)
    assert doc["scored"] == sum(i.n_dims for i in sc.issues)
    assert len(doc["per_case"]) == doc["scored"]
    for name, scores in doc["models"].items():
        assert scores["n_a"] == len(doc["not_available"].get(name, {}))
        forecast = [e for e in doc["per_case"] if e["forecasts"][name] is not None]
        assert scores["n"] == len(forecast)
        for entry in doc["per_case"]:
            if entry["forecasts"][name] is None:
                assert entry["errors"][name] is None
            else:
                assert 0 <= entry["errors"][name] <= 100 + EPS  # points of a 0-100 scale
