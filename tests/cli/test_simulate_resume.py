"""A simulation killed halfway keeps its committed chunks; ``--resume`` finishes it exactly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.dynamics.api import simulate_dynamics
from realpolitik.errors import InputError
from realpolitik.io import load_scenario
from realpolitik.io.scenario_file import scenario_from_data
from realpolitik.rng import BLOCK
from realpolitik.sim import simulate
from realpolitik.store import Store
from tests.sim.scenarios import big_data, write

RUNS = 80 * BLOCK


def _committed(path: Path) -> int:
    """Blocks of run 1 committed so far (0 while the store is busy or the run not there)."""
    try:
        return len(Store(path, timeout=0.05).chunks(1))
    except InputError:
        return 0


@pytest.mark.slow
def test_kill_then_resume_gives_the_uninterrupted_result(tmp_path: Path) -> None:
    data = big_data(n=20, issues=2)
    scenario_file = write(tmp_path / "big.yaml", data)
    store = tmp_path / "kill.duckdb"
    args = [
        sys.executable,
        "-m",
        "realpolitik",
        "simulate",
        scenario_file,
        "--runs",
        str(RUNS),
        "--seed",
        "7",
        "--chunk",
        "1",
        "--commit-every",
        "0.05",
        "--store",
        str(store),
        "--json",
    ]
    env = {**os.environ, "REALPOLITIK_STORE_TIMEOUT": "60"}
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while proc.poll() is None and _committed(store) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the simulation ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL

    record = Store(store).get(1)
    assert record.status == "incomplete"
    done = Store(store).chunks(1)
    assert 0 < len(done) < RUNS // BLOCK

    result = CliRunner().invoke(app, ["simulate", "--resume", "1", "--store", str(store), "--json"])
    assert result.exit_code == 0, result.stderr
    resumed = json.loads(result.stdout)
    assert Store(store).get(1).complete

    ref = simulate(scenario_from_data(data, file="x"), "compromise", runs=RUNS, seed=7)
    assert resumed["issues"] == ref.to_json()["issues"]
    chunks = Store(store).chunks(1)
    assert sorted(chunks) == list(range(RUNS // BLOCK))
    stored = np.concatenate([chunks[k] for k in sorted(chunks)])
    np.testing.assert_array_equal(stored[:, 0], ref.outcomes["i0"][:, 0])
    np.testing.assert_array_equal(stored[:, 1], ref.outcomes["i1"][:, 0])


def _digests(path: Path) -> int:
    """Blocks of war run 1 committed so far (0 while the store is busy or the run not there)."""
    try:
        return len(Store(path, timeout=0.05).digests(1))
    except InputError:
        return 0


@pytest.mark.slow
def test_a_killed_war_resumes_to_the_uninterrupted_result(tmp_path: Path) -> None:
    runs = 24 * BLOCK
    store = tmp_path / "war.duckdb"
    args = [sys.executable, "-m", "realpolitik", "simulate", "minerals-deal-2025", "--runs"]
    args += [str(runs), "--seed", "11", "--chunk", "1", "--commit-every", "0.05"]
    args += ["--keep", "outcomes", "--store", str(store), "--json"]
    env = {**os.environ, "REALPOLITIK_STORE_TIMEOUT": "60"}
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while proc.poll() is None and _digests(store) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the simulation ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL

    assert Store(store).get(1).status == "incomplete"
    done = Store(store).digests(1)
    assert 0 < len(done) < runs // BLOCK
    kept = set(Store(store).rows(1).column("run").to_pylist())
    assert kept <= {k * BLOCK + i for k in done for i in range(BLOCK)}

    result = CliRunner().invoke(app, ["simulate", "--resume", "1", "--store", str(store), "--json"])
    assert result.exit_code == 0, result.stderr
    resumed = json.loads(result.stdout)
    assert resumed.pop("run_id") == 1
    assert resumed.pop("headline")["kind"] == "war"  # derived from the rest: the answer first
    ref = simulate_dynamics(
        load_scenario("minerals-deal-2025"), runs=runs, seed=11, keep="outcomes"
    )
    assert resumed == ref.to_json()
    assert Store(store).get(1).complete
    assert Store(store).digests(1) == {}
    assert ref.rows is not None
    assert Store(store).rows(1).num_rows == ref.rows.num_rows


def test_resume_checks_the_scenario_file(tmp_path: Path) -> None:
    data = big_data(n=5, issues=1)
    path = write(tmp_path / "a.yaml", data)
    store = Store()
    run_id = simulate(scenario_from_data(data, file="x"), runs=10, seed=1, store=store).run_id
    with store.db.transaction() as con:  # make it look interrupted
        con.execute("UPDATE runs SET status = 'incomplete' WHERE id = ?", [run_id])
        con.execute("DELETE FROM chunks WHERE run_id = ?", [run_id])
    data["actors"][0]["capability"] = 99
    other = write(tmp_path / "b.yaml", data)
    result = CliRunner().invoke(app, ["simulate", other, "--resume", str(run_id)])
    assert result.exit_code == 2
    assert "differs from the one run" in result.stderr
    result = CliRunner().invoke(app, ["simulate", path, "--resume", str(run_id), "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["runs"] == 10
