"""`simulate --observations` and `score` as a user runs them, on the bundled scenario and the
March-August 2025 facts (a copy under tests/data/condition/)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from realpolitik.backtest.rolling import brier, log_score, questions_at, resolve
from realpolitik.cli import app
from realpolitik.io import load_scenario
from realpolitik.io.observations import with_observations
from realpolitik.results.schemas import validate_document
from realpolitik.store import open_store

DATA = Path(__file__).resolve().parents[1] / "data" / "condition"
FACTS = DATA / "minerals-deal-2025-through-2025-08.csv"
REFERENCE = DATA / "reference-forecasts.csv"
runner = CliRunner()


def _invoke(*args: str) -> Any:
    return runner.invoke(app, list(args))


@pytest.mark.slow
def test_conditioned_forecast_as_of_august_2025() -> None:
    result = _invoke(
        "simulate",
        "minerals-deal-2025",
        "--observations",
        str(FACTS),
        "--runs",
        "4096",
        "--seed",
        "1",
        "--json",
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    validate_document("simulate-dynamic", result.stdout)
    c = doc["conditioning"]
    assert c["as_of"] == "2025-08"
    assert c["observations"] == 12
    assert 0 < c["ess"] <= c["runs"] == 4096
    assert 0 < c["distinct_draws"] <= 4096
    by = doc["events"]["settlement"]["probability_by"]
    assert by["2025-08"] == 0.0  # no settlement through 31 August, in every run
    assert by["2025-09"] > 0.0
    assert doc["events"]["deal:minerals"]["probability_by"]["2025-04"] == 1.0
    assert doc["events"]["deal:minerals"]["probability_by"]["2025-03"] == 0.0
    stored = open_store().get(doc["run_id"])
    assert stored.kind == "dynamics"


def test_bad_observations_name_the_row_and_the_known_subjects(tmp_path: Path) -> None:
    bad = tmp_path / "facts.csv"
    bad.write_text(
        "date,kind,subject,value,sd\n"
        "2025-04-30,event,deal:mineral,,\n"
        "2025-01-15,no_event,settlement,,\n"
        "2028-01-31,no_event,settlement,,\n"
        "2025-05-01,measure,ground,1,\n",
        encoding="utf-8",
    )
    result = _invoke("simulate", "--observations", str(bad), "--no-store")
    assert result.exit_code == 2
    text = result.output
    assert "line 2, field 'subject': unknown event subject 'deal:mineral'" in text
    assert "deal:minerals" in text  # the known ones
    assert "line 3, field 'date'" in text
    assert "as-of date 2025-02-28" in text
    assert "line 4, field 'date'" in text
    assert "past the horizon" in text
    assert "line 5, field 'sd'" in text
    assert "Traceback" not in text


def test_an_observations_block_in_yaml_is_read_with_its_lines(tmp_path: Path) -> None:
    f = tmp_path / "facts.yaml"
    f.write_text(
        "observations:\n"
        "  - {date: 2025-04-30, kind: event, subject: deal:minerals}\n"
        "  - {date: 2025-05-01, kind: lever, subject: nothing, value: 1}\n",
        encoding="utf-8",
    )
    sc = load_scenario("minerals-deal-2025")
    with pytest.raises(Exception, match="line 3, field 'subject'"):
        with_observations(sc, f)


def test_facts_resolve_questions() -> None:
    facts = list(with_observations(load_scenario("minerals-deal-2025"), FACTS).observations)
    assert resolve(facts, "deal:minerals", "2025-03") is False
    assert resolve(facts, "deal:minerals", "2025-05") is True
    assert resolve(facts, "settlement", "2025-08") is False  # dated the 31st
    assert resolve(facts, "settlement", "2025-09") is None
    months = [f"2025-{m:02d}" for m in range(3, 13)]
    asked = questions_at(dt.date(2025, 5, 20), facts, months, [])
    assert "deal:minerals_by:2025-06" not in asked  # already settled by a known fact
    assert asked == [f"settlement_by:2025-{m:02d}" for m in (5, 6, 7, 8)]
    assert brier(0.25, True) == pytest.approx(0.5625)
    assert log_score(0.5, False) == pytest.approx(0.6931, abs=1e-4)


@pytest.mark.slow
def test_score_prints_the_scores_beside_the_market() -> None:
    result = _invoke(
        "score",
        "minerals-deal-2025",
        "--facts",
        str(FACTS),
        "--reference",
        str(REFERENCE),
        "--runs",
        "2048",
        "--seed",
        "3",
        "--json",
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    validate_document("score", result.stdout)
    assert [o["origin"] for o in doc["origins"]] == ["2025-02-28", "2025-05-20", "2025-08-15"]
    may = doc["origins"][1]
    market = next(q for q in may["questions"] if q["question"] == "settlement_by:2025-12")
    assert market["reference"] == 0.5
    assert market["outcome"] is None  # December is after the facts
    assert may["resolved"] == 4
    assert doc["origins"][0]["brier"] > 0
    assert open_store().get(doc["run_id"]).kind == "score"
    table = _invoke(
        "score",
        "minerals-deal-2025",
        "--facts",
        str(FACTS),
        "--reference",
        str(REFERENCE),
        "--runs",
        "1024",
        "--seed",
        "3",
        "--origins",
        "2025-08-15",
    )
    assert table.exit_code == 0, table.output
    assert "Forecast as of 2025-08-15" in table.stdout
    assert "settlement_by:2025-12" in table.stdout
