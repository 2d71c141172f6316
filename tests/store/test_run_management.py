"""Managing stored runs: names, notes, tags, deletion to a bin, undo, purge, ids never
reused, and the migration of a store written before these existed (schema 1)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.errors import InputError
from realpolitik.forecast import forecast
from realpolitik.results.document import run_document
from realpolitik.results.summary_csv import summary_csv
from realpolitik.store import Store, open_store, record_run
from tests.sim.scenarios import deal

runner = CliRunner()


def _record(store: Store) -> int:
    fc = forecast(deal(), model="compromise")
    return record_run(store, fc, run_document(fc), 0.1)


def test_ids_are_never_reused_after_a_delete_or_purge() -> None:
    store = open_store()
    first, second = _record(store), _record(store)
    store.delete(second)
    store.purge()
    assert _record(store) == second + 1  # not max(id) + 1 = 2
    store.purge([first])
    assert _record(store) == second + 2


def test_delete_moves_to_a_bin_and_restore_undoes_it() -> None:
    store = open_store()
    run_id = _record(store)
    store.delete(run_id)
    assert store.list() == []
    assert [r.id for r in store.list(deleted=True)] == [run_id]
    with pytest.raises(InputError, match="runs restore"):
        store.get(run_id)
    assert store.restore(run_id).summary is not None
    assert [r.id for r in store.list()] == [run_id]
    with pytest.raises(InputError, match="is not deleted"):
        store.restore(run_id)


def test_rename_note_and_tags() -> None:
    store = open_store()
    run_id = _record(store)
    rec = store.label(run_id, name="  Baseline ", note="first try\nwith defaults", tags=["b", "a"])
    assert (rec.label, rec.note, rec.tags) == ("Baseline", "first try\nwith defaults", ("a", "b"))
    rec = store.label(run_id, name="", tags=[])
    assert (rec.name, rec.label, rec.tags, rec.note) == (None, deal().metadata.title, (), rec.note)
    with pytest.raises(InputError, match="not a tag"):
        store.label(run_id, tags=["two words"])
    with pytest.raises(InputError, match="control characters"):
        store.label(run_id, name="a\x1bb")


OLD_RUNS = """CREATE TABLE runs (
    id BIGINT PRIMARY KEY, kind VARCHAR NOT NULL, status VARCHAR NOT NULL,
    created TIMESTAMP NOT NULL, finished TIMESTAMP, elapsed DOUBLE,
    scenario_title VARCHAR, scenario_hash VARCHAR, scenario VARCHAR,
    model VARCHAR, params VARCHAR, seed BIGINT, runs BIGINT,
    settings VARCHAR, version VARCHAR, summary VARCHAR)"""
"""The runs table as schema 1 (realpolitik before run management) wrote it."""


def test_a_schema_1_store_is_migrated_and_keeps_its_runs(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("INSERT INTO meta VALUES ('schema', '1')")
    con.execute(OLD_RUNS)
    con.execute(
        "INSERT INTO runs VALUES (7, 'run', 'complete', now(), now(), 0.5, 'old', 'h', '{}', "
        "'compromise', '{}', NULL, 1, '{}', '0.1', '{\"forecast\": {\"x\": 1.5}}')"
    )
    con.close()
    store = open_store(path)
    [old] = store.list()
    assert (old.id, old.label, old.tags, old.deleted) == (7, "old", (), False)
    assert _record(store) == 8
    con = duckdb.connect(str(path))
    assert con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == ("2",)
    con.close()


def test_summary_csv_has_one_row_per_number() -> None:
    text = summary_csv({"forecast": {"a": 1.5, "b": [1, 2]}, "events": {"x": {"p": None}}})
    assert text.splitlines() == [
        "field,value",
        "forecast.a,1.5",
        "forecast.b[0],1",
        "forecast.b[1],2",
        "events.x.p,",
    ]


def _cli(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout + result.stderr


def test_cli_delete_asks_refuses_without_a_terminal_and_restores() -> None:
    run_id = _record(open_store())
    code, text = _cli("runs", "delete", str(run_id))  # CliRunner's stdin is no terminal
    assert code == 2
    assert "--yes" in text
    assert [r.id for r in open_store().list()] == [run_id]
    code, text = _cli("runs", "delete", str(run_id), "--yes")
    assert code == 0
    assert f"runs restore {run_id}" in text
    assert open_store().list() == []
    code, text = _cli("runs", "list", "--deleted")
    assert code == 0
    assert f"│  {run_id} │" in text or f"│ {run_id} │" in text
    assert _cli("runs", "restore", str(run_id))[0] == 0
    assert [r.id for r in open_store().list()] == [run_id]


def test_cli_rename_note_tag_list_and_summary_export(tmp_path: Path) -> None:
    run_id = str(_record(open_store()))
    assert _cli("runs", "rename", run_id, "Baseline")[0] == 0
    assert _cli("runs", "note", run_id, "defaults")[0] == 0
    assert _cli("runs", "tag", run_id, "ec", "base")[0] == 0
    code, text = _cli("runs", "list", "--json")
    [row] = __import__("json").loads(text)
    assert (row["name"], row["note"], row["tags"]) == ("Baseline", "defaults", ["base", "ec"])
    assert _cli("runs", "tag", run_id, "ec", "--remove")[0] == 0
    assert open_store().get(int(run_id)).tags == ("base",)
    target = tmp_path / "summary.csv"
    assert _cli("runs", "export", run_id, "--summary", "-o", str(target))[0] == 0
    assert target.read_text().startswith("field,value\n")
    code, text = _cli("runs", "tag", run_id, "no good")
    assert code == 2
    assert "not a tag" in text
