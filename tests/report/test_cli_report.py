"""``realpolitik report``: from a scenario, a stored run or a saved document; HTML or images."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik import forecast, load_scenario
from realpolitik.app import forecast as record
from realpolitik.cli import app
from realpolitik.results.document import run_document
from realpolitik.results.schemas import dump
from realpolitik.store import open_store
from tests.report.helpers import DEAL, DYNAMIC, SMALL

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_report_of_a_scenario_prints_where_it_is(tmp_path: Path) -> None:
    target = tmp_path / "out" / "r.html"
    code, out, _ = invoke("report", str(SMALL), "-m", "smp", "--seed", "2", "-o", str(target))
    assert code == 0
    assert str(target.resolve()) in out.replace("\n", "")
    html = target.read_text(encoding="utf-8")
    assert "<title>Small test scenario</title>" in html
    assert 'id="fig-trajectory-plan-1"' in html


def test_report_of_an_uncertain_scenario_adds_distributions_and_sensitivity(
    tmp_path: Path,
) -> None:
    target = tmp_path / "r.html"
    code, _, err = invoke(
        "report",
        str(DEAL),
        "--runs",
        "1024",
        "--sensitivity",
        "morris",
        "--sensitivity-runs",
        "4",
        "--seed",
        "9",
        "-o",
        str(target),
    )
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    assert "Outcome distributions (1024 runs, compromise model)" in html
    assert 'id="fig-sensitivity-0"' in html
    assert "(morris)" in html
    assert "<dt>seed</dt>" in html
    assert "<dd>9</dd>" in html


def test_report_of_a_war_scenario_shows_the_months(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    code, _, err = invoke("report", str(DYNAMIC), "--runs", "512", "-o", str(target))
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    for key in ("events", "ground", "range", "levers", "levers-effect-0"):
        assert f'id="fig-{key}"' in html


def test_report_of_a_stored_run(tmp_path: Path) -> None:
    run_id = record(load_scenario(SMALL), "compromise", sink=open_store()).run_id
    code, out, _ = invoke("report", str(run_id), "-o", str(tmp_path / "r.html"))
    assert code == 0, out
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<dt>run id</dt><dd>" in html.replace("\n", "").replace("  ", "")
    assert 'id="fig-actors-budget-0"' in html  # the stored scenario is shown too


@pytest.mark.parametrize(
    ("kind", "needle"),
    [
        (
            "simulate",
            "is not finished: it has no results to report yet (an interrupted simulation can "
            "be resumed); finish it with `realpolitik simulate --resume {id}`",
        ),
        (
            "backtest",
            "is a backtest, which has a table rather than a report; see it with "
            "`realpolitik runs show {id}`",
        ),
    ],
)
def test_a_stored_run_without_a_report_says_what_to_do_instead(
    tmp_path: Path, kind: str, needle: str
) -> None:
    run_id = open_store().start(
        kind=kind,
        scenario=load_scenario(SMALL),
        model="compromise",
        params={},
        seed=1,
        runs=10,
        settings={},
        status="incomplete" if kind == "simulate" else "complete",
    )
    code, _, err = invoke("report", str(run_id), "-o", str(tmp_path / "r.html"))
    assert code == 2
    assert needle.format(id=run_id) in " ".join(err.split())
    assert not (tmp_path / "r.html").exists()


def test_report_of_a_stored_simulation_shows_its_distributions(tmp_path: Path) -> None:
    from realpolitik.sim.montecarlo import simulate

    result = simulate(load_scenario(DEAL), runs=1024, seed=3, store=open_store())
    assert result.run_id is not None
    code, _, err = invoke("report", str(result.run_id), "-o", str(tmp_path / "r.html"))
    assert code == 0, err
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Outcome distributions (1024 runs, compromise model)" in html
    assert 'id="fig-ranges"' in html


def test_report_of_a_stored_sensitivity_analysis(tmp_path: Path) -> None:
    from realpolitik.sim.sensitivity import sensitivity_analysis

    result = sensitivity_analysis(
        load_scenario(DEAL), method="morris", runs=4, seed=1, store=open_store()
    )
    code, _, err = invoke("report", str(result.run_id), "-o", str(tmp_path / "r.html"))
    assert code == 0, err
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'id="fig-sensitivity-0"' in html
    assert "What moves deal most (morris)" in html


def test_report_of_a_saved_document_with_its_scenario(tmp_path: Path) -> None:
    doc = tmp_path / "result.json"
    doc.write_text(json.dumps(dump(run_document(forecast(load_scenario(SMALL))))), encoding="utf-8")
    code, _, _ = invoke(
        "report", str(doc), "--scenario", str(SMALL), "-o", str(tmp_path / "r.html")
    )
    assert code == 0
    assert "Actors (salience on 0-1)" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_a_saved_document_with_another_scenario_is_refused_and_writes_nothing(
    tmp_path: Path,
) -> None:
    doc = tmp_path / "result.json"
    doc.write_text(json.dumps(dump(run_document(forecast(load_scenario(SMALL))))), encoding="utf-8")
    target = tmp_path / "r.html"
    code, _, err = invoke("report", str(doc), "--scenario", str(DEAL), "-o", str(target))
    assert code == 2
    assert f"{doc}, field 'scenario': this result was computed on the scenario" in err
    assert "pass the file the result was made with" in err
    assert not target.exists()


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_report_as_images(tmp_path: Path, fmt: str) -> None:
    code, out, _ = invoke("report", str(SMALL), "--format", fmt, "-o", str(tmp_path / "figs"))
    assert code == 0
    names = sorted(p.name for p in (tmp_path / "figs").iterdir())
    assert names == sorted(
        f"{k}.{fmt}"
        for k in (
            "actors-budget-0",
            "actors-plan-0",
            "actors-plan-1",
            "trajectory-budget-0",
            "trajectory-plan-0",
            "trajectory-plan-1",
        )
    )
    assert "6 figures written" in out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("report", "999"), "no run 999"),
        (("report", str(SMALL), "--format", "gif"), "unknown format 'gif'"),
        (("report", "no/such.yaml"), "file not found"),
        (("report", str(SMALL), "-m", "oracle"), "unknown model 'oracle'"),
        (("report", str(DEAL), "--sensitivity", "fast"), "unknown sensitivity method 'fast'"),
    ],
)
def test_report_errors_are_one_line_and_exit_2(args: tuple[str, ...], needle: str) -> None:
    code, out, err = invoke(*args)
    assert code == 2
    assert needle in err
    assert "Traceback" not in err + out


def test_a_bad_json_document_names_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"forecast": {}\n  "x": 1}', encoding="utf-8")
    code, _, err = invoke("report", str(bad))
    assert code == 2
    assert "bad.json, line 2" in err.replace("\n", "")
