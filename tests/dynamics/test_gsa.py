"""Sobol and Morris indices of a war's inputs: `sensitivity` runs the monthly engine."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from realpolitik.app import sensitivity
from realpolitik.cli import app
from realpolitik.results.schemas import MorrisRow, SobolRow, dump, validate_document
from realpolitik.sim.backends import BackendConfig
from realpolitik.store import open_store
from tests.dynamics.helpers import example_data, scenario


def _no_fighting() -> dict[str, Any]:
    """Two uncertain inputs: the starting ground, and the defender's monthly cost.

    Without battles the final ground is the starting ground whatever the cost,
    while the cost moves the bargaining range and so the settlement date.
    """
    data = example_data()
    data["war"]["battle_rate"] = 0
    data["war"]["ground"] = "uniform(30, 50)"
    data["war"]["defender"]["monthly_cost"] = "uniform(0.05, 1.5)"
    return data


def _by_input(rows: list[SobolRow] | list[MorrisRow]) -> dict[str, dict[str, Any]]:
    return {r.input: dump(r) for r in rows}


def test_sobol_finds_what_drives_each_outcome() -> None:
    result = sensitivity(scenario(_no_fighting()), method="sobol", runs=512, seed=2)
    assert result.model == "dynamics"
    assert set(result.inputs) == {"war.ground", "war.defender.monthly_cost"}
    assert list(result.outcomes) == ["settlement", "settled", "ground", "deal:minerals"]
    ground = _by_input(result.outcomes["ground"])
    assert ground["war.ground"]["S1"] == pytest.approx(1.0, abs=0.05)
    assert ground["war.defender.monthly_cost"]["ST"] == pytest.approx(0.0, abs=0.02)
    assert result.outcomes["ground"][0].input == "war.ground"  # sorted
    settlement = _by_input(result.outcomes["settlement"])
    assert settlement["war.defender.monthly_cost"]["ST"] > 0.1


def test_same_seed_same_indices_on_any_backend() -> None:
    sc = scenario(_no_fighting())
    serial = sensitivity(sc, method="morris", runs=40, seed=5)
    pool = sensitivity(
        sc,
        method="morris",
        runs=40,
        seed=5,
        settings=BackendConfig(kind="processes", workers=2, chunk_blocks=1),
    )
    assert serial.outcomes == pool.outcomes
    assert serial.evaluations == 40 * 3


def test_cli_sensitivity_on_the_bundled_war_is_stored_and_matches_its_schema() -> None:
    result = CliRunner().invoke(
        app, ["sensitivity", "--method", "morris", "--runs", "4", "--seed", "1", "--json"]
    )
    assert result.exit_code == 0, result.output
    validate_document("sensitivity", result.stdout)
    doc = json.loads(result.stdout)
    assert "settlement" in doc["outcomes"]
    assert "us_revenue_share" not in doc["outcomes"]  # the war, not the static issues
    assert open_store().get(doc["run_id"]).summary == doc


def test_cli_sensitivity_refuses_a_model_for_a_war() -> None:
    result = CliRunner().invoke(app, ["sensitivity", "--model", "eum", "--runs", "4"])
    assert result.exit_code == 2
    assert "a model does not apply" in result.stderr
    assert "--model" in result.stderr


def test_inputs_of_levers_events_and_deals_are_named_with_their_ids() -> None:
    data = _no_fighting()
    data["levers"][0]["size"] = "uniform(0.01, 0.03)"  # broker_aid
    data["events"][0]["probability"] = "uniform(0.2, 0.8)"  # mobilisation
    result = sensitivity(scenario(data), method="morris", runs=4, seed=1)
    assert "levers[0].size (broker_aid)" in result.inputs
    assert "events[0].probability (mobilisation)" in result.inputs
    assert "war.ground" in result.inputs
