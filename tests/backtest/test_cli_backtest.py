"""``realpolitik backtest`` as a user meets it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.store import open_store
from tests.backtest.conftest import DEU

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_document(scenario_file: Path) -> None:
    code, out, _ = invoke("backtest", str(scenario_file), "--models", "median_voter", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["cases"] == 2
    assert set(doc["models"]) == {"compromise", "median_voter"}
    for key in ("mae", "median_ae", "within10", "coverage", "n"):
        assert key in doc["models"]["median_voter"]
    assert open_store().get(doc["run_id"]).kind == "backtest"  # recorded


def test_table_marks_the_bar_and_the_in_sample_model() -> None:
    code, out, _ = invoke("backtest", str(DEU), "-m", "eu_calibrated,median_voter", "--no-store")
    assert code == 0
    assert "compromise (bar)" in out
    assert "eu_calibrated*" in out
    assert "cross-validated: MAE" in out
    assert "24.11" in out  # the bar's MAE on DEU (README)
    assert open_store().list() == []  # --no-store


def test_per_case_output(scenario_file: Path) -> None:
    code, out, _ = invoke("backtest", str(scenario_file), "--cases", "--no-store", "-m", "smp")
    assert code == 0
    assert "Per case" in out
    assert "tax" in out
    assert "plan[1]" in out


def test_bad_input_is_one_message_and_exit_2(tmp_path: Path) -> None:
    code, _, err = invoke("backtest", str(tmp_path / "missing.tsv"))
    assert code == 2
    assert "not found" in err
    code, _, err = invoke("backtest", str(DEU), "--models", "oracle", "--no-store")
    assert code == 2
    assert "unknown model 'oracle'" in err
