"""Acceptance: each kind of scenario walked through the command line as a person does.

`run` it, `simulate` it (a small --runs), `report` the stored simulation to an
HTML file and open that file, then `runs list`. What the report draws must be
the numbers the store holds for that run (same floats: the report reads them).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner, Result

from realpolitik.cli import app
from tests.journeys.kinds import IDS, KINDS, Kind, figure_specs

RUNS = "64"


def cli(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args), terminal_width=120)
    assert "Traceback" not in result.output, result.output
    assert result.exit_code == 0, f"realpolitik {' '.join(args)}:\n{result.output}"
    return result


def stored_id(text: str) -> int:
    match = re.search(r"stored as run (\d+)", text)
    assert match, text
    return int(match[1])


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_run_simulate_report_and_list(kind: Kind, tmp_path: Path) -> None:
    source = kind.source(tmp_path)
    run = cli("run", source, "--model", kind.model)
    assert run.stdout.startswith("Answer"), run.stdout  # the answer first, then the tables
    assert kind.title in " ".join(run.stdout.split())
    assert f"model: {kind.model}" in run.stdout
    run_id = stored_id(run.output)

    sim = cli("simulate", source, "--model", kind.model, "--runs", RUNS, "--seed", "1")
    sim_id = stored_id(sim.output)
    assert f"{RUNS} runs, seed 1" in sim.stdout
    summary = json.loads(cli("runs", "show", str(sim_id), "--json").stdout)["summary"]

    page = tmp_path / "out" / "report.html"  # a folder that does not exist yet
    assert "report written to" in cli("report", str(sim_id), "-o", str(page)).stdout
    html = page.read_text(encoding="utf-8")
    assert kind.title in html
    specs = {k: json.loads(v) for k, v in figure_specs(html).items()}
    assert specs, "the report draws no chart"
    for key, spec in specs.items():
        assert any(_points(trace) for trace in spec["data"]), f"{key} draws nothing"
    _check_drawn_numbers(kind, specs, summary)

    listed = json.loads(cli("runs", "list", "--json").stdout)
    assert [(r["id"], r["kind"]) for r in listed] == [
        (run_id, "run"),
        (sim_id, "dynamics" if kind.name == "war" else "simulate"),
    ]
    assert {r["model"] for r in listed} == {kind.model}


def _points(trace: dict[str, Any]) -> int:
    return max(len(trace.get(axis) or []) for axis in ("x", "y"))


def _check_drawn_numbers(kind: Kind, specs: dict[str, Any], summary: dict[str, Any]) -> None:
    """The charts show the stored summary's numbers (exactly: both are the same floats)."""
    if kind.name == "war":
        (settlement,) = [t for t in specs["fig-events"]["data"] if t["name"].startswith("settle")]
        by_month = summary["events"]["settlement"]["probability_by"]
        assert settlement["x"] == list(by_month)
        assert settlement["y"] == list(by_month.values())
        return
    (issue_id, stats), *_ = summary["issues"].items()
    traces = {t["name"]: t for t in specs[f"fig-distribution-{issue_id}"]["data"]}
    np.testing.assert_array_equal(traces["median"]["x"], np.atleast_1d(stats["median"]))
    np.testing.assert_array_equal(traces["mean"]["x"], np.atleast_1d(stats["mean"]))
