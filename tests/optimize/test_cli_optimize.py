"""``realpolitik optimize`` as a person uses it: JSON shape, clear errors, resume after a kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.dynamics.optimize import Request, optimize_strategies
from realpolitik.errors import InputError
from realpolitik.results.schemas import validate_document
from realpolitik.store import Store
from realpolitik.store.trials import load_trials
from tests.dynamics.helpers import EXAMPLE, example_data, scenario

FAST = ["--runs", "512", "--robust-draws", "8"]


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["optimize", *args])
    return result.exit_code, result.stdout, result.stderr


def test_json_has_the_documented_shape() -> None:
    code, stdout, stderr = _invoke(
        str(EXAMPLE),
        "--holder",
        "broker",
        "--objective",
        "settlement_by:2025-12",
        "--objective",
        "cost",
        "--trials",
        "10",
        "--seed",
        "1",
        "--json",
        *FAST,
    )
    assert code == 0, stderr
    validate_document("optimize", stdout)  # docs/schemas/optimize.json
    doc = json.loads(stdout)
    assert doc["holder"] == "broker"
    assert [o["name"] for o in doc["objectives"]] == ["settlement_by:2025-12", "cost"]
    for s in doc["front"]:
        assert set(s) >= {"levers", "objectives", "fresh"}
        for name in ("settlement_by:2025-12", "cost"):
            assert set(s["objectives"][name]) == {"value", "stderr"}
            assert set(s["fresh"][name]) == {"value", "stderr"}
    assert set(doc["baseline"]) >= {"levers", "objectives", "fresh"}
    assert Store().get(doc["run_id"]).kind == "optimize"


def test_a_constraint_no_strategy_meets_is_a_clear_message() -> None:
    code, stdout, stderr = _invoke(
        str(EXAMPLE),
        "--holder",
        "broker",
        "--objective",
        "settlement",
        "--constraint",
        "cost<=-1",
        "--trials",
        "4",
        *FAST,
    )
    assert code == 2
    assert "no strategy tried meets the constraints: cost<=-1" in stderr
    assert "Traceback" not in stderr + stdout


def test_bad_options_name_the_option() -> None:
    cases = [
        (["--holder", "nobody"], "'nobody' is not an actor"),
        (["--holder", "broker", "--objective", "speed"], "unknown objective 'speed'"),
        (["--holder", "broker", "--objective", "settlement_by:1999-01"], "not a month of"),
        (["--holder", "broker", "--lever", "ally_aid"], "'broker' holds no lever 'ally_aid'"),
        (["--holder", "broker", "--lever", "broker_aid:size=3..1"], "0 <= LO <= HI"),
        (["--holder", "broker", "--constraint", "cost<<3"], "NAME<=NUMBER"),
        ([], "--holder ID"),
    ]
    for extra, message in cases:
        code, _, stderr = _invoke(str(EXAMPLE), "--trials", "2", *FAST, *extra)
        assert code == 2, (extra, stderr)
        assert message in stderr, (extra, stderr)
        assert "Traceback" not in stderr
    assert not Path(os.environ["REALPOLITIK_STORE"]).exists() or not Store().list()


def _trials(path: Path) -> int:
    try:
        return len(load_trials(Store(path, timeout=0.05), 1)[0])
    except InputError:
        return 0


@pytest.mark.slow
def test_kill_then_resume_gives_the_uninterrupted_result(tmp_path: Path) -> None:
    store = tmp_path / "kill.duckdb"
    options = [
        "--holder",
        "broker",
        "--objective",
        "settlement_by:2025-12",
        "--objective",
        "cost",
        "--trials",
        "40",
        "--batch",
        "2",
        "--seed",
        "5",
        "--runs",
        "1024",
        "--robust-draws",
        "8",
    ]
    args = [
        sys.executable,
        "-m",
        "realpolitik",
        "optimize",
        str(EXAMPLE),
        *options,
        "--store",
        str(store),
        "--json",
    ]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while proc.poll() is None and _trials(store) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the search ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert Store(store).get(1).status == "incomplete"
    done = _trials(store)
    assert 0 < done < 40

    code, stdout, stderr = _invoke("--resume", "1", "--store", str(store), "--json")
    assert code == 0, stderr
    resumed = json.loads(stdout)
    assert Store(store).get(1).complete
    req = Request(
        holder="broker",
        objectives=("settlement_by:2025-12", "cost"),
        trials=40,
        batch=2,
        seed=5,
        runs=1024,
        robust_draws=8,
    )
    ref = optimize_strategies(scenario(example_data()), req).to_json()
    resumed.pop("run_id")
    assert resumed == ref
