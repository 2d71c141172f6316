"""The report of a stored strategy search draws the front and lists the settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik.app import report_of_run
from realpolitik.cli import app
from realpolitik.report.build import sections
from realpolitik.store import open_store
from tests.dynamics.helpers import EXAMPLE


def _search() -> int:
    args = [
        "optimize",
        str(EXAMPLE),
        "--holder",
        "broker",
        "--objective",
        "settlement_by:2025-12",
        "--objective",
        "cost",
        "--trials",
        "8",
        "--runs",
        "512",
        "--robust-draws",
        "8",
        "--seed",
        "2",
        "--json",
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    run_id: int = json.loads(result.stdout)["run_id"]
    return run_id


def test_the_section_has_the_front_the_baseline_and_the_settings() -> None:
    run_id = _search()
    data = report_of_run(open_store(), run_id)
    assert data.optimize is not None
    section = next(s for s in sections(data) if s.key == "optimize")
    fig = section.figures[0].figure
    names = [t.name for t in fig.data]
    assert names == ["fresh runs", "search estimate", "the scenario as written"]
    assert len(fig.data[0].x) == len(data.optimize.front)
    assert fig.layout.xaxis.title.text == "cost"
    table = section.tables[0]
    assert table.rows[-1][0] == "as written"
    assert len(table.rows) == len(data.optimize.front) + 1


@pytest.mark.slow
def test_report_command_writes_the_section(tmp_path: Path) -> None:
    run_id = _search()
    target = tmp_path / "r.html"
    result = CliRunner().invoke(app, ["report", str(run_id), "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    html = target.read_text(encoding="utf-8")
    assert "What should broker do?" in html
    assert "optimize-front" in html
