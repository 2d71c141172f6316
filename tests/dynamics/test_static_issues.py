"""`simulate` on a war also forecasts the static issues (neither the war's nor a deal's)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.io import load_scenario
from realpolitik.results.schemas import validate_document
from realpolitik.sim.montecarlo import simulate
from realpolitik.sim.static_issues import static_issue_ids, static_scenario
from realpolitik.store import open_store

SCENARIO = "minerals-deal-2025"
STATIC = ["security_guarantees", "sanctions_relief"]  # not territorial_line, not us_revenue_share
TWO_SIDES = Path(__file__).parents[1] / "data" / "dynamics" / "two-sides.yaml"


def _json(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["simulate", *args, "--json"])
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def _war(*extra: str, runs: int = 600, seed: int = 4) -> dict[str, Any]:
    return _json(SCENARIO, "--runs", str(runs), "--seed", str(seed), *extra)


def test_the_static_issues_are_those_of_neither_the_war_nor_a_deal() -> None:
    scenario = load_scenario(SCENARIO)
    assert static_issue_ids(scenario) == STATIC
    reduced = static_scenario(scenario)
    assert reduced is not None
    assert not reduced.is_dynamic
    assert [i.id for i in reduced.issues] == STATIC
    assert static_scenario(load_scenario(str(TWO_SIDES))) is None


@pytest.mark.slow
def test_war_json_has_model_and_static_issues_and_stores_them() -> None:
    doc = _war()
    validate_document("simulate-dynamic", json.dumps(doc))
    assert doc["model"] == "compromise"
    assert doc["params"] == {}
    assert list(doc["issues"]) == STATIC
    for summary in doc["issues"].values():
        assert summary["quantiles"]["0.05"] < summary["quantiles"]["0.95"]  # uncertain inputs
        assert set(summary["probabilities"]) == set(summary["stderr"]["probabilities"])
    assert {"events", "terms", "ground", "range", "levers", "deals"} <= set(doc)
    record = open_store().get(doc["run_id"])
    assert record.model == "compromise"
    assert record.summary is not None
    assert record.summary["issues"] == doc["issues"]


@pytest.mark.slow
def test_static_numbers_are_those_of_simulate_on_the_static_issues_alone() -> None:
    doc = _war(runs=1500, seed=11)
    reduced = static_scenario(load_scenario(SCENARIO))
    assert reduced is not None
    alone = simulate(reduced, "compromise", runs=1500, seed=11)
    assert alone.to_json()["issues"] == doc["issues"]


@pytest.mark.slow
def test_same_seed_same_numbers_on_every_backend() -> None:
    opts = ("--chunk", "1")  # three tasks of one block each
    serial = _war(*opts, "--backend", "serial", runs=2500)
    procs = _war(*opts, "--backend", "processes", "--workers", "2", runs=2500)
    assert procs["issues"] == serial["issues"]
    assert procs["events"] == serial["events"]


def test_model_changes_the_static_issues_only() -> None:
    base = _war()
    other = _war("--model", "median_voter")
    assert other["model"] == "median_voter"
    assert list(other["issues"]) == STATIC
    for issue_id in STATIC:
        assert other["issues"][issue_id]["mean"] != base["issues"][issue_id]["mean"]
    for key in ("events", "terms", "ground", "range", "levers", "deals", "sensitivity"):
        assert other[key] == base[key], key


def test_bad_model_for_the_static_issues_exits_2_before_running() -> None:
    result = CliRunner().invoke(app, ["simulate", SCENARIO, "--runs", "50", "--model", "nosuch"])
    assert result.exit_code == 2, result.output
    assert "unknown model 'nosuch'" in result.stderr
    assert "Traceback" not in result.output
    assert open_store().list() == []


def test_no_static_issue_gives_empty_issues_and_still_names_the_model() -> None:
    doc = _json(str(TWO_SIDES), "--runs", "300", "--seed", "1", "--model", "nash")
    validate_document("simulate-dynamic", json.dumps(doc))
    assert doc["issues"] == {}
    assert doc["model"] == "nash"
    result = CliRunner().invoke(app, ["simulate", str(TWO_SIDES), "--runs", "30", "-m", "nope"])
    assert result.exit_code == 2
    assert "unknown model 'nope'" in result.stderr


def test_human_output_shows_the_static_issues_table() -> None:
    result = CliRunner().invoke(app, ["simulate", SCENARIO, "--runs", "300", "--seed", "2"])
    assert result.exit_code == 0, result.output
    assert "Issues outside the war and its deals — model: compromise" in result.stdout
    text = " ".join(result.stdout.split())
    assert "Security guarantees for Ukraine" in text  # issues by name, not id
    assert "european_guarantee" in result.stdout  # a named range of that issue


def test_report_of_a_war_shows_the_static_distributions() -> None:
    from realpolitik.dynamics.api import simulate_dynamics
    from realpolitik.report.build import sections
    from realpolitik.report.parts import ReportData

    scenario = load_scenario(SCENARIO)
    doc = simulate_dynamics(scenario, runs=300, seed=1, sensitivity_runs=0).document
    secs = {s.key: s for s in sections(ReportData(title="t", scenario=scenario, simulation=doc))}
    static = secs["distributions"]
    assert static.title.startswith("Issues outside the war and its deals: outcome distributions")
    assert [f.key for f in static.figures] == [f"distribution-{i}" for i in STATIC] + ["ranges"]
    assert "dynamics" in secs
