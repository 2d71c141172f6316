"""A run that fails on an error is marked ``failed``, never offered for resume (issue 17, item 4).

Before, a simulation that raised left an ``incomplete`` run (CLI and web) and
``--resume`` failed again with exit 1. Interruptions (Ctrl-C; SIGKILL is in
tests/cli/test_simulate_resume.py) and the store's own failures must stay
resumable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from realpolitik.app import SimulationRequest, simulate
from realpolitik.cli import app as cli
from realpolitik.errors import ResumableError
from realpolitik.sim import montecarlo
from realpolitik.store import Store
from realpolitik.web import WebConfig, create_app
from tests.sim.scenarios import deal, deal_data, write
from tests.web.conftest import BASE, upload

runner = CliRunner()


def _broken(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise error

    monkeypatch.setattr(montecarlo, "_summaries", fail)


def test_a_failed_cli_simulation_is_marked_failed_and_refused_on_resume(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, store = write(tmp_path / "d.yaml", deal_data()), str(tmp_path / "s.duckdb")
    _broken(monkeypatch, ValueError("boom"))
    first = runner.invoke(cli, ["simulate", path, "--runs", "2000", "--store", store])
    assert first.exit_code == 1  # a bug in the engine stays a bug (exit 1) ...
    (rec,) = Store(store).list()
    assert rec.status == "failed"  # ... but leaves no run to resume
    assert "boom" in rec.settings["error"]
    monkeypatch.undo()
    again = runner.invoke(cli, ["simulate", "--resume", str(rec.id), "--store", store])
    assert again.exit_code == 2
    assert f"run {rec.id} failed" in again.stderr
    assert "cannot be resumed" in again.stderr
    listed = runner.invoke(cli, ["runs", "list", "--store", store])
    assert "failed" in listed.stdout


def test_an_interrupted_simulation_stays_resumable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path / "s.duckdb")
    for error in (KeyboardInterrupt(), ResumableError.one("the disk is full")):
        _broken(monkeypatch, error)
        with pytest.raises(type(error)):
            simulate(deal(), SimulationRequest(runs=2000, seed=1), sink=store)
    assert [r.status for r in store.list()] == ["incomplete", "incomplete"]
    monkeypatch.undo()
    from realpolitik.app import resume

    done = resume(store, store.list()[0].id)
    assert done.run_id == store.list()[0].id
    assert store.get(done.run_id).complete


def test_a_failed_web_run_leaves_no_incomplete_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = WebConfig(store=tmp_path / "s.duckdb", scenarios_dir=tmp_path / "sc")
    _broken(monkeypatch, ValueError("boom"))
    with TestClient(create_app(cfg), base_url=BASE) as client:
        sid = upload(client, Path(write(tmp_path / "d.yaml", deal_data())))["id"]
        from tests.web.conftest import run

        state = run(client, sid, runs=2000, seed=1)
        assert state["status"] == "failed"
        assert "boom" in state["error"]
        runs = client.get("/api/runs").json()
    assert [r["status"] for r in runs] == ["failed"]


def test_a_failed_strategy_search_is_marked_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from realpolitik.app import optimize as app_optimize
    from tests.dynamics.helpers import EXAMPLE

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("boom in the search")

    monkeypatch.setattr(app_optimize, "optimize_strategies", broken)
    store = str(tmp_path / "s.duckdb")
    args = ["optimize", str(EXAMPLE), "--holder", "broker", "--objective", "cost"]
    args += ["--trials", "4", "--runs", "512", "--robust-draws", "8", "--store", store]
    first = runner.invoke(cli, args)
    assert first.exit_code == 1
    (rec,) = Store(store).list()
    assert rec.status == "failed"
    again = runner.invoke(cli, ["optimize", "--resume", str(rec.id), "--store", store])
    assert again.exit_code == 2
    assert "cannot be resumed" in again.stderr
