"""The strategy search finds the known best strategy, deterministically, on every backend."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from realpolitik.dynamics.optimize import Request, optimize_strategies
from realpolitik.dynamics.optimize.api import build
from realpolitik.dynamics.optimize.evaluate import SEARCH, evaluate
from realpolitik.dynamics.optimize.objectives import estimate
from realpolitik.sim.backends import BackendConfig
from tests.dynamics.helpers import example_data, scenario

LEVERS = ("broker_sanctions:on", "broker_pressure:on", "relief:on")
"""Three on/off switches of the broker: a grid of 8 strategies, searched exhaustively below."""

SMALL: dict[str, Any] = {"runs": 1024, "robust_draws": 8, "robust_runs": 16}


def _request(**kw: Any) -> Request:
    base: dict[str, Any] = {
        "holder": "broker",
        "objectives": ("settlement_by:2025-12",),
        "levers": LEVERS,
        "trials": 16,
        "seed": 7,
        **SMALL,
    }
    base.update(kw)
    return Request(**base)


def test_finds_the_best_of_an_exhaustive_grid() -> None:
    """Every one of the 8 on/off strategies evaluated on the search's own runs (common random
    numbers, so the comparison is exact): the search's best equals the grid's best (tolerance 0)."""
    sc = scenario(example_data())
    req = _request()
    problem, _ = build(sc, req)
    names = problem.space.names()
    grid = [dict(zip(names, v, strict=True)) for v in itertools.product((True, False), repeat=3)]
    values = [estimate(v[0])[0] for v in evaluate(problem, grid, req.runs, req.seed, SEARCH)]
    best = max(values)
    assert max(values) - min(values) > 0.05, "the grid must discriminate for the test to mean much"
    doc = optimize_strategies(sc, req).to_json()
    found = doc["front"][0]["objectives"]["settlement_by:2025-12"]["value"]
    assert found == best
    winner = grid[values.index(best)]
    assert {f"{k}.on": v["on"] for k, v in doc["front"][0]["levers"].items()} == winner


def test_same_seed_same_document_and_another_seed_differs() -> None:
    sc = scenario(example_data())
    req = _request(objectives=("settlement_by:2025-12", "cost"), trials=12, levers=())
    a = optimize_strategies(sc, req).to_json()
    b = optimize_strategies(sc, req).to_json()
    assert a == b
    c = optimize_strategies(
        sc, _request(objectives=("settlement_by:2025-12", "cost"), trials=12, levers=(), seed=8)
    ).to_json()
    assert c != a


@pytest.mark.slow
def test_processes_backend_gives_identical_numbers() -> None:
    sc = scenario(example_data())
    req = _request(trials=6, batch=3, levers=())
    serial = optimize_strategies(sc, req).to_json()
    pooled = optimize_strategies(sc, req, BackendConfig(kind="processes", workers=2)).to_json()
    assert pooled == serial


@pytest.mark.slow
def test_dask_local_cluster_gives_identical_numbers() -> None:
    sc = scenario(example_data())
    req = _request(trials=4, batch=4, levers=(), robust_draws=0)
    serial = optimize_strategies(sc, req).to_json()
    dask = optimize_strategies(sc, req, BackendConfig(kind="dask", workers=2)).to_json()
    assert dask == serial


def test_fresh_runs_are_independent_of_the_search() -> None:
    """The fresh figures come from other runs: they differ from the search's (winner's curse)."""
    sc = scenario(example_data())
    name = "months_to_settlement"
    doc = optimize_strategies(sc, _request(objectives=(name,), trials=6, levers=())).to_json()
    fresh = [s["fresh"][name]["value"] for s in doc["front"]]
    search = [s["objectives"][name]["value"] for s in doc["front"]]
    assert fresh != search
    for s in doc["front"]:
        assert s["optimism"][name] == pytest.approx(
            s["objectives"][name]["value"] - s["fresh"][name]["value"]
        )
    rob = doc["robustness"]
    assert rob["best_on_average"] in rob["strategies"]
    assert rob["best_worst_decile"] in rob["strategies"]
