"""The command line as a user meets it: output, JSON, errors and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik import __version__
from realpolitik.cli import app

SMALL = str(Path(__file__).parents[1] / "data" / "scenarios" / "small.yaml")
runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    code, out, _ = invoke("--version")
    assert code == 0
    assert __version__ in out


def test_run_json_document_shape() -> None:
    code, out, _ = invoke("run", SMALL, "--model", "compromise", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["model"] == "compromise"
    assert set(doc["forecast"]) == {"budget", "plan"}
    assert isinstance(doc["forecast"]["budget"], float)
    assert len(doc["forecast"]["plan"]) == 2
    first = doc["trajectory"][0]
    assert {"issue", "round", "median", "mean", "positions"} <= set(first)
    assert set(first["positions"]) == {"north", "south", "east"}


def test_run_human_table() -> None:
    code, out, _ = invoke("run", SMALL)
    assert code == 0
    assert "Budget share" in out
    assert "41.76" in out


def test_models_lists_the_registry() -> None:
    code, out, _ = invoke("models", "--json")
    assert code == 0
    names = [m["name"] for m in json.loads(out)]
    assert names[:2] == ["compromise", "median_voter"]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("run", "no/such/file.yaml"), "file not found"),
        (("run", SMALL, "--model", "oracle"), "unknown model 'oracle'"),
        (("run", SMALL, "--rounds", "3"), "no option 'rounds'"),
        (("run", SMALL, "--param", "novalue"), "KEY=VALUE"),
        (("validate", "no/such.xyz"), "file not found"),
        (("run", SMALL, "--seed", str(2**63)), "Invalid value for '--seed'"),
        (("simulate", SMALL, "--seed", str(2**63), "--no-store"), "Invalid value for '--seed'"),
        (("simulate", SMALL, "-n", str(10**14), "--no-store"), "would need at least"),
        (("sensitivity", "-n", str(2**50), "--no-store"), "would need at least"),
    ],
)
def test_bad_input_is_one_message_and_exit_2(args: tuple[str, ...], needle: str) -> None:
    code, out, err = invoke(*args)
    assert code == 2
    assert needle in err
    assert "Traceback" not in err + out


def test_validate_reports_line_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = Path(SMALL).read_text().replace("capability: 30", "capability: -30")
    bad.write_text(text)
    code, _, err = invoke("validate", str(bad))
    assert code == 2
    line = text.splitlines().index("    capability: -30") + 1
    assert f"line {line}" in err
    assert "actors[1].capability" in err


def test_import_round_trip(tmp_path: Path) -> None:
    target = tmp_path / "copy.yaml"
    code, _, _ = invoke("import", SMALL, "-o", str(target))
    assert code == 0
    code, out, _ = invoke("run", str(target), "--json")
    code0, out0, _ = invoke("run", SMALL, "--json")
    assert code == code0 == 0
    assert json.loads(out)["forecast"] == json.loads(out0)["forecast"]


def test_run_is_recorded_in_the_store(tmp_path: Path) -> None:
    store = tmp_path / "runs.duckdb"
    code, out, _ = invoke("run", SMALL, "--store", str(store))
    assert code == 0
    assert "stored as run 1" in out
    code, out, _ = invoke("runs", "list", "--store", str(store))
    assert code == 0
    assert "Small test scenario" in out


def test_no_store_leaves_no_file(tmp_path: Path) -> None:
    store = tmp_path / "runs.duckdb"
    code, _, _ = invoke("run", SMALL, "--store", str(store), "--no-store")
    assert code == 0
    assert not store.exists()


def _broken_forecast(*args: object, **kwargs: object) -> None:
    raise ValueError("Out of range float values are not JSON compliant")


def test_a_bug_gives_one_message_and_exit_1_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("realpolitik.cli.run.forecast", _broken_forecast)
    code, out, err = invoke("run", SMALL)
    assert code == 1
    assert "internal error: ValueError: Out of range float" in err
    assert "bug in realpolitik" in err
    assert "--debug" in err
    assert "Traceback" not in out + err


def test_debug_shows_the_traceback_of_a_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("realpolitik.cli.run.forecast", _broken_forecast)
    result = runner.invoke(app, ["--debug", "run", SMALL])
    assert isinstance(result.exception, ValueError)


def test_a_damaged_documents_fields_are_not_named_as_flags(tmp_path: Path) -> None:
    """``runs`` in a saved document is the document's field, not the ``--runs`` option."""
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"kind": "dynamic", "runs": "x"}), encoding="utf-8")
    code, _, err = invoke("report", str(bad), "-o", str(tmp_path / "r.html"))
    assert code == 2
    assert "field 'runs'" in err
    assert "'--" not in err
    assert not (tmp_path / "r.html").exists()
    code, _, err = invoke("simulate", SMALL, "--runs", "0")
    assert code == 2
    assert "field '--runs'" in err  # an option is still named as its flag
