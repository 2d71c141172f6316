"""What `run` and `validate` show people: moves, per-dimension ranges, model limits in the file."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.cli import run as run_cli
from realpolitik.results.schemas import RunDocument
from tests.conftest import reference_path

SMALL = str(Path(__file__).parents[1] / "data" / "scenarios" / "small.yaml")
EU_CARS = str(reference_path("bdm/cases/eu_car_emissions_1994.csv"))
runner = CliRunner()

# Saliences [70, 60] and [50, 60] sum past 100: smp refuses them, other models do not.
OVER_100 = """\
format: realpolitik/1
metadata: {title: t}
salience_scale: 100
issues: [{id: p, dimensions: [a, b]}]
actors:
  - {id: x, capability: 1, stances: {p: {position: [10, 20], salience: [70, 60]}}}
  - {id: y, capability: 2, stances: {p: {position: [30, 20], salience: [40, 60]}}}
  - {id: z, capability: 3, stances: {p: {position: [50, 90], salience: [50, 60]}}}
"""


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """A console wide enough that no table cell wraps."""
    monkeypatch.setattr(run_cli.out, "width", 2000)


def round_row(text: str, k: int) -> str:
    """The row of round ``k`` in the round-by-round table."""
    return next(line for line in text.splitlines() if re.match(rf"│\s+{k} │", line))


def test_eum_detail_shows_only_accepted_offers_as_moves(wide: None) -> None:
    code, out, _ = invoke("run", EU_CARS, "-m", "eum", "--detail", "--no-store")
    assert code == 0
    row = round_row(out, 1)
    assert "Belgium → France (compromise, to 8.42)" in row
    assert "Luxembourg → Belgium (confrontation, to 7.00)" in row
    # Declined in round 1 (kept in --json --detail with "accepted": false).
    assert "Netherlands" not in row
    assert row.count("→") == 3


def test_eum_detail_json_keeps_declined_offers() -> None:
    code, out, _ = invoke("run", EU_CARS, "-m", "eum", "--detail", "--json", "--no-store")
    assert code == 0
    offers = json.loads(out)["trajectory"][1]["offers"]
    assert sum(o["accepted"] for o in offers) == 3
    assert any(not o["accepted"] for o in offers)


def test_smp_moves_are_adopted_bargains_only(wide: None) -> None:
    code, out, _ = invoke("run", SMALL, "-m", "smp", "--detail", "--no-store")
    assert code == 0
    row = round_row(out, 1)
    assert "north ↔ south (adopted by north, south)" in row
    assert row.count("↔") == row.count("adopted by") == 2  # no challenge, no unadopted bargain


@pytest.mark.parametrize(
    ("record", "moved"),
    [
        ({"actor": "a", "from": "b", "kind": "compromise", "to": 1.0}, True),
        ({"actor": "a", "from": "b", "kind": "compromise", "to": 1.0, "accepted": True}, True),
        ({"actor": "a", "from": "b", "kind": "compromise", "to": 1.0, "accepted": False}, False),
        ({"initiator": "a", "target": "b", "adopted_by": ["b"]}, True),
        ({"initiator": "a", "target": "b", "adopted_by": []}, False),
        ({"challenge": True, "initiator": "a", "target": "b", "probability": 0.5}, False),
    ],
)
def test_which_records_are_moves(record: dict[str, Any], moved: bool) -> None:
    assert run_cli._is_move(record) is moved


def test_multi_dimensional_issue_shows_a_range_per_dimension(wide: None) -> None:
    code, out, _ = invoke("run", SMALL, "--no-store")
    assert code == 0
    assert "speed: 10.00–80.00" in out
    assert "scope: 30.00–90.00" in out
    assert "20.00–70.00" in out  # the one-dimensional issue: a plain range


def test_the_scale_column_names_the_unit_apart_from_the_labels(wide: None) -> None:
    code, out, _ = invoke("run", SMALL, "--no-store")
    assert code == 0
    assert "0 = nothing, 100 = everything; in %" in out


def test_run_on_a_war_scenario_says_it_leaves_the_war_out() -> None:
    code, out, err = invoke("run", "--no-store", "--json")
    assert code == 0
    assert "without the war's months, levers and deals" in " ".join(err.split())
    assert json.loads(out)["model"] == "compromise"  # stdout stays one JSON document
    code, _, err = invoke("run", SMALL, "--no-store")
    assert "notice" not in err


@pytest.mark.parametrize(
    "options",
    [("run", "--no-store"), ("simulate", "-n", "10", "--no-store"), ("report", "--runs", "1")],
)
def test_model_limits_name_the_file_line_and_field(tmp_path: Path, options: tuple[str]) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(OVER_100)
    code, out, err = invoke(options[0], str(path), "-m", "smp", *options[1:])
    assert code == 2
    assert "Traceback" not in out + err
    err = " ".join(err.split())
    assert f"{path}, line 6, field 'actors[0].stances.p.salience'" in err
    assert "they sum to 130" in err
    assert f"{path}, line 8, field 'actors[2].stances.p.salience'" in err
    assert "actors[1]" not in err


def test_too_few_actors_for_smp_names_the_issue(tmp_path: Path) -> None:
    path = tmp_path / "two.yaml"
    path.write_text("\n".join(OVER_100.splitlines()[:-1]) + "\n")
    code, _, err = invoke("run", str(path), "-m", "smp", "--no-store")
    assert code == 2
    assert f"{path}, line 4, field 'issues[0]'" in err
    assert "3 to 250 actors" in err
    assert "got 2" in err


def test_validate_with_a_model_checks_its_limits(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(OVER_100)
    code, out, _ = invoke("validate", str(path))
    assert code == 0
    assert "ok" in out
    code, _, err = invoke("validate", str(path), "--model", "smp")
    assert code == 2
    assert "2 problems" in err
    assert "sum to at most 100" in err
    code, _, err = invoke("validate", str(path), "--model", "eum")
    assert code == 2
    assert "field 'issues[0].dimensions'" in err
    code, out, _ = invoke("validate", str(path), "--model", "compromise")
    assert code == 0
    assert "fits the compromise model" in out


def test_validate_with_an_unknown_model_is_one_message() -> None:
    code, _, err = invoke("validate", SMALL, "--model", "oracle")
    assert code == 2
    assert "unknown model 'oracle'" in err


def test_out_of_range_values_say_what_to_do(tmp_path: Path) -> None:
    text = OVER_100.replace("[10, 20], salience: [70, 60]", "[10, 120], salience: [70, 160]")
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    code, _, err = invoke("validate", str(path))
    assert code == 2
    assert "widen the issue's 'bounds'" in err
    assert "give a salience from 0 to 100" in err


def test_the_run_document_is_documented() -> None:
    doc = Path(__file__).parents[2] / "docs" / "json-output.md"
    text = doc.read_text(encoding="utf-8")
    for name in RunDocument.model_fields:
        assert f"`{name}`" in text
    for name in ("r", "offers", "prob", "bargains", "accepted", "adopted_by", "challenge"):
        assert f"`{name}`" in text or f'"{name}"' in text
    source = Path(run_cli.__file__).parents[1] / "results" / "document.py"
    assert "docs/json-output.md" in source.read_text(encoding="utf-8")


def test_rounds_with_smp_points_to_max_turns() -> None:
    code, _, err = invoke("run", SMALL, "-m", "smp", "--rounds", "3", "--no-store")
    assert code == 2
    assert "--param max_turns=N" in err


def test_validate_model_lists_at_most_100_problems(tmp_path: Path) -> None:
    issues = [f"i{k}" for k in range(101)]
    stances = ", ".join(f"{i}: {{position: 5, salience: 0}}" for i in issues)
    ok = ", ".join(f"{i}: {{position: 7, salience: 0.5}}" for i in issues)
    path = tmp_path / "many.yaml"
    path.write_text(
        "metadata: {title: t}\n"
        f"issues: [{', '.join('{id: ' + i + '}' for i in issues)}]\n"
        "actors:\n"
        f"  - {{id: x, capability: 1, stances: {{{stances}}}}}\n"
        f"  - {{id: y, capability: 1, stances: {{{ok}}}}}\n"
        f"  - {{id: z, capability: 1, stances: {{{ok}}}}}\n"
    )
    code, _, err = invoke("validate", str(path), "--model", "smp")
    assert code == 2
    assert err.count("at least one salience must be positive") == 100
    assert "... and 1 more problems" in err


def test_run_reports_the_limits_of_every_issue_at_once(tmp_path: Path) -> None:
    path = tmp_path / "two.yaml"
    path.write_text(
        "metadata: {title: t}\n"
        "issues: [{id: p}, {id: q}]\n"
        "actors:\n"
        "  - {id: x, capability: 1, stances: {p: {position: 10, salience: 0},"
        " q: {position: 10, salience: 0}}}\n"
        "  - {id: y, capability: 2, stances: {p: {position: 30, salience: 0.5},"
        " q: {position: 30, salience: 0.5}}}\n"
        "  - {id: z, capability: 3, stances: {p: {position: 50, salience: 0.5},"
        " q: {position: 50, salience: 0.5}}}\n"
    )
    code, _, err = invoke("run", str(path), "-m", "smp", "--no-store")
    assert code == 2
    assert "field 'actors[0].stances.p.salience'" in err
    assert "field 'actors[0].stances.q.salience'" in err
