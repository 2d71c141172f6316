"""The results store: records, tables, exports, and two processes on one file."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from realpolitik.app import forecast as record_forecast
from realpolitik.cli import app
from realpolitik.errors import InputError
from realpolitik.results.export import export
from realpolitik.sim import simulate
from realpolitik.store import Store, open_store
from tests.sim.scenarios import deal


def test_default_path_comes_from_the_environment(tmp_path: Path) -> None:
    assert open_store().path == tmp_path / "store.duckdb"  # set by tests/conftest.py
    assert open_store(tmp_path / "x.duckdb").path == tmp_path / "x.duckdb"


def test_empty_store_lists_nothing_and_creates_no_file() -> None:
    store = open_store()
    assert store.list() == []
    assert not store.path.exists()


def test_record_a_deterministic_run() -> None:
    store = open_store()
    result = record_forecast(deal(), "median_voter", sink=store)
    run_id, doc = result.run_id, result.to_json()
    assert run_id is not None
    record = store.get(run_id)
    assert record.kind == "run"
    assert record.complete
    assert record.model == "median_voter"
    assert record.summary == doc
    assert record.elapsed == pytest.approx(result.elapsed)
    assert record.scenario_title == "Test deal"
    assert store.scenario(run_id) == deal()
    rows = store.result_set(run_id).table.to_pylist()
    forecasts = [r for r in rows if r["variable"] == "forecast"]
    assert [r["value"] for r in forecasts] == [doc["forecast"]["deal"]]
    positions = {r["actor"]: r["value"] for r in rows if r["variable"] == "position"}
    assert positions == doc["trajectory"][0]["positions"]


def test_ids_increase_and_purge_removes_everything() -> None:
    store = open_store()
    a = simulate(deal(), runs=100, seed=1, store=store, keep="outcomes").run_id
    b = simulate(deal(), runs=100, seed=2, store=store).run_id
    assert (a, b) == (1, 2)
    store.delete(1)
    assert [r.id for r in store.list()] == [2]
    assert store.rows(1).num_rows > 0  # in the bin, restorable
    assert store.purge() == (1,)
    assert store.rows(1).num_rows == 0
    assert store.chunks(2)
    with pytest.raises(InputError, match="no run 1"):
        store.get(1)


@pytest.mark.parametrize("fmt", ["csv", "parquet", "json"])
def test_export_round_trips(tmp_path: Path, fmt: str) -> None:
    store = open_store()
    res = simulate(deal(), runs=300, seed=4, store=store)
    target = tmp_path / f"out.{fmt}"
    export(store.result_set(res.run_id or 0), target, fmt)
    if fmt == "csv":
        table = pa_csv.read_csv(target)
    elif fmt == "parquet":
        table = pq.read_table(target)
        meta = json.loads(table.schema.metadata[b"realpolitik"])
        assert meta["seed"] == 4
    else:
        doc = json.loads(target.read_text())
        assert doc["metadata"]["id"] == res.run_id
        values = [r["value"] for r in doc["rows"]]
        np.testing.assert_array_equal(values, res.outcomes["deal"][:, 0])
        return
    np.testing.assert_array_equal(table.column("value").to_numpy(), res.outcomes["deal"][:, 0])
    assert table.column("run").to_pylist() == list(range(300))


def test_unknown_export_format_is_an_input_error(tmp_path: Path) -> None:
    store = open_store()
    res = simulate(deal(), runs=10, seed=4, store=store)
    with pytest.raises(InputError, match="unknown format"):
        export(store.result_set(res.run_id or 0), tmp_path / "x", "xlsx")


def test_a_file_that_is_not_a_store_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "notes.duckdb"
    bad.write_text("not a database\n" * 100)
    with pytest.raises(InputError, match="cannot open the results store"):
        Store(bad).list()
    with pytest.raises(InputError, match="does not exist"):
        simulate(deal(), runs=10, store=Store(tmp_path / "missing" / "x.duckdb"))


HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""


def _holder(path: Path, seconds: float) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_a_store_locked_by_another_process_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "busy.duckdb"
    holder = _holder(path, 5)
    try:
        with pytest.raises(InputError, match=r"in use by process \d+"):
            simulate(deal(), runs=10, store=Store(path, timeout=0.3))
    finally:
        holder.kill()
        holder.wait()


def test_a_writer_waits_for_a_short_lock(tmp_path: Path) -> None:
    path = tmp_path / "busy.duckdb"
    holder = _holder(path, 0.5)
    start = time.monotonic()
    res = simulate(deal(), runs=10, seed=1, store=Store(path, timeout=30))
    holder.wait()
    assert time.monotonic() - start > 0.3
    assert Store(path).get(res.run_id or 0).complete


SIM = """
import sys
from realpolitik.sim import simulate
from realpolitik.store import Store
from tests.sim.scenarios import deal
simulate(deal(), runs=3000, seed=int(sys.argv[2]), chunk_blocks=1, store=Store(sys.argv[1]))
"""


@pytest.mark.slow
def test_two_processes_writing_at_once_both_succeed(tmp_path: Path) -> None:
    path = tmp_path / "shared.duckdb"
    root = Path(__file__).parents[2]
    procs = [
        subprocess.Popen([sys.executable, "-c", SIM, str(path), str(seed)], cwd=root)
        for seed in (1, 2)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    records = Store(path).list()
    assert sorted(r.seed for r in records) == [1, 2]
    assert all(r.complete for r in records)
    ref = simulate(deal(), runs=3000, seed=2)
    stored = Store(path).chunks(next(r.id for r in records if r.seed == 2))
    np.testing.assert_array_equal(
        np.concatenate([stored[k] for k in sorted(stored)]), ref.outcomes["deal"]
    )


def test_listing_leaves_the_summaries_in_the_store() -> None:
    """``list()`` does not read the (large) summaries; ``get`` and ``list(summaries=True)`` do."""
    store = open_store()
    run_id = simulate(deal(), runs=100, seed=1, store=store).run_id or 0
    (listed,) = store.list()
    assert listed.summary is None
    assert listed.complete
    assert listed.settings == store.get(run_id).settings
    full = store.get(run_id).summary
    assert full is not None
    assert full["issues"]["deal"]["mean"] > 0
    assert store.list(summaries=True)[0].summary == full


def test_cli_runs_list_last_and_json_without_summaries() -> None:
    store = open_store()
    for seed in (1, 2, 3):
        simulate(deal(), runs=50, seed=seed, store=store)
    runner = CliRunner()
    result = runner.invoke(app, ["runs", "list", "--last", "2"])
    assert result.exit_code == 0, result.output
    assert "the last 2 of 3 stored run(s)" in result.stdout
    assert [line.split()[1] for line in result.stdout.splitlines() if "simulate" in line] == [
        "2",
        "3",
    ]
    result = runner.invoke(app, ["runs", "list", "--json", "--last", "1"])
    assert result.exit_code == 0, result.output
    (only,) = json.loads(result.stdout)
    assert only["id"] == 3
    assert only["seed"] == 3
    assert "summary" not in only


def test_cli_runs_list_says_when_there_is_no_store_yet(tmp_path: Path) -> None:
    missing = tmp_path / "typo.duckdb"
    result = CliRunner().invoke(app, ["runs", "list", "--store", str(missing)])
    assert result.exit_code == 0, result.output
    assert "no results store at" in result.stdout
    assert "typo.duckdb" in result.stdout
    assert not missing.exists()
