"""Every ``--json`` output of the command line matches its schema in ``docs/schemas/``.

The schema files are generated from :mod:`realpolitik.results.schemas`; the
first test fails when they are out of date (regenerate with
``python -m realpolitik.results.schemas docs/schemas``). The others run each
command as a user would and validate what it prints, and what it stored.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.models import model_names
from realpolitik.results.schemas import DOCUMENTS, schema_texts, validate_document
from realpolitik.store import open_store
from tests.conftest import reference_path
from tests.sim.scenarios import deal_data, write

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "docs" / "schemas"
WAR = ROOT / "tests" / "data" / "dynamics" / "two-sides.yaml"
EU = ROOT / "tests" / "data" / "scenarios" / "eu-delay.yaml"
KYOTO = reference_path("bdm/cases/kyoto.csv")
DEU = reference_path("deu/deu-1996-2000.tsv")

runner = CliRunner()


def _json(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.stderr
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def test_schema_files_are_up_to_date() -> None:
    expected = schema_texts()
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == sorted(expected)
    for name, text in expected.items():
        assert (SCHEMAS / name).read_text(encoding="utf-8") == text, (
            f"docs/schemas/{name} is stale: python -m realpolitik.results.schemas docs/schemas"
        )


@pytest.mark.parametrize("kind", sorted(DOCUMENTS))
def test_documents_are_closed(kind: str) -> None:
    schema = json.loads((SCHEMAS / f"{kind}.json").read_text(encoding="utf-8"))
    assert schema["additionalProperties"] is False
    assert schema["$schema"].endswith("2020-12/schema")


def test_a_document_with_an_unknown_key_or_a_bad_number_is_refused() -> None:
    doc = _json("run", str(KYOTO), "--no-store")
    validate_document("run", json.dumps(doc))
    with pytest.raises(ValidationError, match="Extra inputs"):
        validate_document("run", json.dumps({**doc, "surprise": 1}))
    with pytest.raises(ValidationError):
        validate_document("run", json.dumps(doc).replace('"median": ', '"median": "', 1))


@pytest.mark.parametrize("model", model_names())
def test_run_json_of_every_model(model: str) -> None:
    detail = ["--detail"] if model in ("eum", "smp") else []  # records in every round
    case = EU if model == "eu_calibrated" else KYOTO  # eu_calibrated refuses non-EU cases
    doc = _json("run", str(case), "--model", model, *detail)
    validate_document("run", json.dumps(doc))
    stored = open_store().list(summaries=True)[-1]
    assert "headline" in doc
    assert stored.summary == _stored(doc)  # what was printed is what was stored


def _stored(doc: dict[str, Any]) -> dict[str, Any]:
    """A printed document as stored: the headline is derived from the rest, not stored."""
    return {k: v for k, v in doc.items() if k != "headline"}


def test_simulate_json_static_and_dynamic(tmp_path: Path) -> None:
    deal = write(tmp_path / "deal.yaml", deal_data())
    doc = _json("simulate", deal, "--runs", "1500", "--seed", "2")
    validate_document("simulate", json.dumps(doc))
    assert open_store().get(doc["run_id"]).summary == _stored(doc)
    war = _json("simulate", str(WAR), "--runs", "300", "--seed", "2")
    validate_document("simulate-dynamic", json.dumps(war))
    assert war["sensitivity"] is not None
    stored = open_store().get(war["run_id"]).summary
    assert stored == {k: v for k, v in _stored(war).items() if k != "run_id"}


@pytest.mark.parametrize("method", ["sobol", "morris"])
def test_sensitivity_json(tmp_path: Path, method: str) -> None:
    deal = write(tmp_path / "deal.yaml", deal_data())
    doc = _json("sensitivity", deal, "--method", method, "--runs", "8", "--seed", "1")
    validate_document("sensitivity", json.dumps(doc))


def test_backtest_json_with_cases() -> None:
    doc = _json("backtest", str(DEU), "--models", "median_voter,eu_calibrated", "--cases")
    validate_document("backtest", json.dumps(doc))
    assert doc["models"]["eu_calibrated"]["in_sample"] is True  # fitted on this very file
    assert len(doc["per_case"]) == doc["scored"]


@pytest.mark.parametrize(
    ("kind", "command"),
    [("simulate", "simulate"), ("simulate-dynamic", "simulate"), ("sensitivity", "sensitivity")],
)
def test_no_store_writes_nothing_and_the_document_has_no_run_id(
    tmp_path: Path, kind: str, command: str
) -> None:
    source = str(WAR) if kind == "simulate-dynamic" else write(tmp_path / "d.yaml", deal_data())
    runs = "64" if command == "sensitivity" else "300"
    doc = _json(command, source, "--runs", runs, "--seed", "2", "--no-store")
    validate_document(kind, json.dumps(doc))
    assert doc["run_id"] is None
    assert not (tmp_path / "store.duckdb").exists()


@pytest.mark.parametrize("extra", [["--keep", "outcomes"], ["--resume", "1"]])
def test_no_store_refuses_what_needs_the_store(tmp_path: Path, extra: list[str]) -> None:
    deal = write(tmp_path / "d.yaml", deal_data())
    result = runner.invoke(app, ["simulate", deal, "--runs", "10", "--no-store", *extra])
    assert result.exit_code == 2
    assert "drop --no-store" in result.stderr
