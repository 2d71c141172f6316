"""``simulate``, ``sensitivity`` and ``runs`` as a user meets them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.results.schemas import dump
from realpolitik.sim import simulate
from tests.sim.scenarios import deal, deal_data, write

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def deal_file(tmp_path: Path) -> str:
    return write(tmp_path / "deal.yaml", deal_data())


def test_simulate_json_document(deal_file: str) -> None:
    code, out, _ = invoke("simulate", deal_file, "--runs", "2000", "--seed", "3", "--json")
    assert code == 0
    doc = json.loads(out)
    assert (doc["runs"], doc["seed"], doc["model"]) == (2000, 3, "compromise")
    issue = doc["issues"]["deal"]
    assert set(issue["quantiles"]) == {"0.05", "0.25", "0.5", "0.75", "0.95"}
    assert set(issue["probabilities"]) == {"acceptable", "low"}
    assert set(issue["stderr"]) == {"mean", "median", "quantiles", "probabilities"}
    # the Python API gives the same figures
    api = simulate(deal(), "compromise", runs=2000, seed=3)
    assert issue == dump(api.issues["deal"])


def test_simulate_same_seed_same_document_with_two_processes(deal_file: str) -> None:
    args = ("simulate", deal_file, "--runs", "2100", "--seed", "5", "--json")
    _, serial, _ = invoke(*args)
    _, pool, _ = invoke(*args, "--backend", "processes", "--workers", "2", "--chunk", "1")
    a, b = json.loads(serial), json.loads(pool)
    assert a["issues"] == b["issues"]
    assert a["run_id"] != b["run_id"]


def test_simulate_human_output_and_runs_commands(deal_file: str, tmp_path: Path) -> None:
    code, out, _ = invoke("simulate", deal_file, "--runs", "500", "--seed", "1")
    assert code == 0
    assert "mean ± s.e." in out
    assert "acceptable" in out
    assert "stored as run 1" in out
    code, out, _ = invoke("runs", "list")
    assert code == 0
    assert "simulate" in out
    assert "complete" in out
    code, out, _ = invoke("runs", "show", "1", "--json")
    assert json.loads(out)["summary"]["issues"]["deal"]["mean"] > 0
    target = tmp_path / "runs.csv"
    code, _, _ = invoke("runs", "export", "1", "--format", "csv", "--output", str(target))
    assert code == 0
    assert len(target.read_text().splitlines()) == 501  # header + one outcome per run
    code, out, _ = invoke("runs", "delete", "1", "--yes")
    assert code == 0
    code, _, err = invoke("runs", "show", "1")
    assert code == 2
    assert "run 1 was deleted" in err


def test_sensitivity_json(deal_file: str) -> None:
    code, out, _ = invoke(
        "sensitivity", deal_file, "--method", "morris", "--runs", "10", "--seed", "2", "--json"
    )
    assert code == 0
    doc = json.loads(out)
    rows = doc["outcomes"]["deal"]
    assert {r["input"] for r in rows} == set(doc["inputs"])
    assert [r["mu_star"] for r in rows] == sorted((r["mu_star"] for r in rows), reverse=True)
    code, out, _ = invoke("sensitivity", deal_file, "--runs", "16", "--seed", "2")
    assert code == 0
    assert "capability[us]" in out  # names with brackets are shown, not eaten as markup
    assert "total" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--backend", "threads"), "unknown backend"),
        (("--keep", "all"), "--keep"),
        (("--runs", "0"), "--runs"),
        (("--param", "exponent=choice(1, 2)"), "has no option 'exponent'"),
    ],
)
def test_simulate_bad_options_exit_2(deal_file: str, args: tuple[str, ...], message: str) -> None:
    code, _, err = invoke("simulate", deal_file, *args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_bad_distribution_names_file_line_and_field(tmp_path: Path) -> None:
    data = deal_data()
    data["actors"][1]["stances"]["deal"]["position"] = "triangular(40, 10, 20)"
    path = write(tmp_path / "bad.yaml", data)
    code, _, err = invoke("simulate", path)
    assert code == 2
    assert "bad.yaml, line" in err
    assert "actors[1].stances.deal.position" in err
    assert "low <= mode <= high" in err


def test_resume_of_a_complete_run_is_refused(deal_file: str) -> None:
    invoke("simulate", deal_file, "--runs", "100", "--seed", "1")
    code, _, err = invoke("simulate", "--resume", "1")
    assert code == 2
    assert "already complete" in err
