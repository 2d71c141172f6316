"""``realpolitik compare`` and :func:`realpolitik.app.compare.compare`."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from realpolitik.app.compare import compare, eu_fit
from realpolitik.cli import app
from realpolitik.forecast import forecast
from realpolitik.io import load_scenario
from realpolitik.results.schemas import validate_document
from realpolitik.sim.montecarlo import simulate

SMALL = Path(__file__).parents[1] / "data" / "scenarios" / "small.yaml"


@pytest.fixture(scope="module")
def minerals():  # type: ignore[no-untyped-def]
    return load_scenario("minerals-deal-2025")


def test_json_document_has_every_model_and_issue() -> None:
    result = CliRunner().invoke(
        app, ["compare", "minerals-deal-2025", "--models", "compromise,nash,eum", "--json"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    validate_document("compare", result.stdout)  # docs/schemas/compare.json
    assert list(doc["models"]) == ["compromise", "nash", "eum"]
    assert set(doc["models"]["eum"]["forecast"]) == {
        "us_revenue_share",
        "territorial_line",
        "security_guarantees",
        "sanctions_relief",
    }
    assert doc["issues"]["security_guarantees"] == "Security guarantees for Ukraine"
    assert doc["runs"] is None
    assert "median" not in doc["models"]["eum"]


def test_forecasts_equal_each_models_own_forecast(minerals) -> None:  # type: ignore[no-untyped-def]
    result = compare(minerals, ["compromise", "median_voter", "eum"], seed=3)
    for m in result.models:
        own = forecast(minerals, m.model, seed=3)
        for issue_id, traj in own.trajectories.items():
            assert m.forecast[issue_id] == pytest.approx(float(traj.forecast[0, 0]), abs=0)


def test_runs_use_common_random_numbers(minerals) -> None:  # type: ignore[no-untyped-def]
    result = compare(minerals, ["compromise", "median_voter"], runs=300, seed=11)
    for m in result.models:
        alone = simulate(minerals, m.model, runs=300, seed=11)
        for issue_id, x in alone.outcomes.items():
            np.testing.assert_array_equal(m.outcomes[issue_id], x)  # exactly the same draws
    doc = result.to_json()
    validate_document("compare", json.dumps(doc))
    entry = doc["models"]["compromise"]
    lo, hi = entry["interval"]["security_guarantees"]
    assert lo <= entry["median"]["security_guarantees"] <= hi
    assert doc["runs"] == 300
    assert doc["seed"] == 11


def test_eu_calibrated_is_skipped_with_a_notice_on_a_non_eu_scenario() -> None:
    result = CliRunner().invoke(app, ["compare", str(SMALL)])
    assert result.exit_code == 0, result.output
    assert "eu_calibrated not run: fitted on EU legislative decisions" in result.stderr
    assert "compromise" in result.stdout
    assert "forecast at the means" in result.stdout


def test_eu_fit_accepts_a_scenario_with_the_commission(minerals) -> None:  # type: ignore[no-untyped-def]
    assert eu_fit(minerals) is not None
    renamed = minerals.model_copy(
        update={"actors": [minerals.actors[0].model_copy(update={"id": "com"})]}
    )
    assert eu_fit(renamed) is None


def test_a_model_asked_for_that_does_not_fit_is_an_error(tmp_path: Path) -> None:
    two_d = tmp_path / "two.yaml"
    two_d.write_text(
        "format: realpolitik/1\nmetadata: {title: t}\n"
        "issues: [{id: x, bounds: [0, 100], dimensions: [a, b]}]\n"
        "actors:\n"
        "  - {id: p, capability: 1, stances: {x: {position: [10, 20], salience: [0.5, 0.5]}}}\n"
        "  - {id: q, capability: 2, stances: {x: {position: [60, 90], salience: [0.5, 0.5]}}}\n",
        encoding="utf-8",
    )
    bad = CliRunner().invoke(app, ["compare", str(two_d), "--models", "eum"])
    assert bad.exit_code == 2
    assert "at most 1 dimension" in bad.stderr
    assert "Traceback" not in bad.output
    ok = CliRunner().invoke(app, ["compare", str(two_d), "--json"])
    assert ok.exit_code == 0, ok.output
    doc = json.loads(ok.stdout)
    assert "eum" in doc["skipped"]
    assert isinstance(doc["models"]["compromise"]["forecast"]["x"], list)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--models", "compromise,nope"], "unknown model 'nope'"),
        (["--models", "nash,nash"], "listed twice"),
        (["--models", ","], "give at least one model"),
        (["-o", "x.png"], "name it .html"),
    ],
)
def test_bad_options_are_one_clear_message(args: list[str], words: str) -> None:
    result = CliRunner().invoke(app, ["compare", str(SMALL), *args])
    assert result.exit_code == 2
    assert words in result.stderr


def test_report_has_a_compare_chart_per_issue(tmp_path: Path) -> None:
    out = tmp_path / "c.html"
    result = CliRunner().invoke(
        app,
        [
            "compare",
            str(SMALL),
            "--models",
            "compromise,median_voter,nash",
            "--runs",
            "50",
            "--seed",
            "2",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    sc = load_scenario(SMALL)
    for issue in sc.issues:
        assert f'id="fig-compare-{issue.id}-0"' in html
    assert "median over the runs" in html
    assert "https://" not in html.split("<script")[0]  # nothing fetched from the network


def test_a_simulation_notice_is_shown_once_not_once_per_model() -> None:
    result = CliRunner().invoke(
        app, ["compare", str(SMALL), "--models", "compromise,nash", "--runs", "20"]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.count("no uncertain inputs") == 1
