"""Runs in the results store: record, list, show, load, delete.

Tables (see :mod:`realpolitik.store.db`):

- ``runs``: one row per run of ``run``, ``simulate``, ``sensitivity`` (and later
  ``backtest``): kind, status (``incomplete`` until it finishes, then
  ``complete``), scenario content (JSON) and hash, model, parameters, seed,
  number of runs, settings (backend, workers ...), package version, timing
  and the summary (JSON).
- ``chunks``: the forecasts of every completed block of a simulation
  (``float64`` little-endian, ``(n runs, issue dimensions)``), committed as the
  simulation goes; they make a simulation resumable and its summary exact.
- ``digests``: the summary digests of every completed block of a simulated
  war (:mod:`realpolitik.dynamics.persist`; one number per row with its block,
  position and format: :mod:`realpolitik.store.digests`), committed as it
  goes; they make it resumable and are dropped when it finishes.
- ``trials``: the trials of a strategy search (``optimize``), one JSON record
  each with the study's state after it (:mod:`realpolitik.store.trials`):
  they make the search resumable and are kept with the run.
- ``results``: the tidy long table (:mod:`realpolitik.results.table`), written
  on request (per-run outcomes, or whole trajectories).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from realpolitik.errors import InputError
from realpolitik.io.scenario_file import scenario_from_data, scenario_to_data
from realpolitik.results.document import scenario_hash
from realpolitik.results.table import SCHEMA, ResultSet, indices_table, outcome_rows
from realpolitik.rng import BLOCK
from realpolitik.scenario import Scenario
from realpolitik.store.db import Database, store_path
from realpolitik.store.digests import digest_table, split_digests
from realpolitik.store.labels import next_id
from realpolitik.store.manage import RunManagement

COLUMNS = (
    "id, kind, status, created, finished, elapsed, scenario_title, scenario_hash, model, "
    "params, seed, runs, settings, version, name, note, tags, deleted_at, summary"
)


def _version() -> str:
    from realpolitik._version import __version__

    return str(__version__)


@dataclass(frozen=True, kw_only=True)
class RunRecord:
    """One run as stored (without its scenario text and tables)."""

    id: int
    kind: str
    status: str
    created: dt.datetime
    finished: dt.datetime | None
    elapsed: float | None
    scenario_title: str
    scenario_hash: str
    model: str | None
    params: dict[str, Any]
    seed: int | None
    runs: int | None
    settings: dict[str, Any]
    version: str
    summary: dict[str, Any] | None
    name: str | None = None
    note: str | None = None
    tags: tuple[str, ...] = ()
    deleted_at: dt.datetime | None = None

    @property
    def label(self) -> str:
        """The run's name if it has one, else its scenario's title."""
        return self.name or self.scenario_title

    @property
    def deleted(self) -> bool:
        """Whether the run is in the bin (``runs restore`` brings it back)."""
        return self.deleted_at is not None

    @property
    def complete(self) -> bool:
        """Whether the run finished."""
        return self.status == "complete"

    def to_json(self) -> dict[str, Any]:
        """The record as JSON-ready data."""
        out = {k: getattr(self, k) for k in COLUMNS.split(", ")}
        out["created"] = self.created.isoformat(timespec="seconds")
        out["finished"] = self.finished.isoformat(timespec="seconds") if self.finished else None
        out["tags"] = list(self.tags)
        out["deleted_at"] = (
            self.deleted_at.isoformat(timespec="seconds") if self.deleted_at else None
        )
        return out


def _record(row: tuple[Any, ...]) -> RunRecord:
    values = dict(zip(COLUMNS.split(", "), row, strict=True))
    for key in ("params", "settings", "summary"):
        values[key] = json.loads(values[key]) if values[key] is not None else None
    values["params"] = values["params"] or {}
    values["settings"] = values["settings"] or {}
    values["tags"] = tuple(json.loads(values["tags"])) if values["tags"] else ()
    return RunRecord(**values)


class Store(RunManagement):
    """The results store (a DuckDB file); see the module docstring for its tables."""

    def __init__(self, path: str | Path | None = None, timeout: float | None = None) -> None:
        self.db = Database(store_path(path), timeout)

    @property
    def path(self) -> Path:
        """The store's file."""
        return self.db.path

    def start(
        self,
        *,
        kind: str,
        scenario: Scenario,
        model: str | None,
        params: Mapping[str, Any],
        seed: int | None,
        runs: int | None,
        settings: Mapping[str, Any],
        status: str = "incomplete",
    ) -> int:
        """Add a run (``incomplete`` by default) and return its id."""
        with self.db.transaction() as con:
            return self._insert_run(
                con,
                kind=kind,
                scenario=scenario,
                model=model,
                params=params,
                seed=seed,
                runs=runs,
                settings=settings,
                status=status,
            )

    @staticmethod
    def _insert_run(
        con: Any,
        *,
        kind: str,
        scenario: Scenario,
        model: str | None,
        params: Mapping[str, Any],
        seed: int | None,
        runs: int | None,
        settings: Mapping[str, Any],
        status: str,
    ) -> int:
        run_id = next_id(con)
        con.execute(
            f"INSERT INTO runs ({COLUMNS}, scenario) VALUES "
            "(?, ?, ?, ?, NULL, 0.0, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, NULL, ?)",
            [
                run_id,
                kind,
                status,
                dt.datetime.now(),
                scenario.metadata.title,
                scenario_hash(scenario),
                model,
                json.dumps(dict(params)),
                seed,
                runs,
                json.dumps(dict(settings)),
                _version(),
                json.dumps(scenario_to_data(scenario), ensure_ascii=False),
            ],
        )
        return run_id

    def add_chunks(
        self,
        run_id: int,
        chunks: Iterable[tuple[int, np.ndarray[Any, Any]]],
        rows: pa.Table | None = None,
        elapsed: float = 0.0,
    ) -> None:
        """Commit the outcomes of some blocks (``(block index, (n, D) array)``) at once."""
        data = [
            (run_id, block, int(arr.shape[0]), np.ascontiguousarray(arr, "<f8").tobytes())
            for block, arr in chunks
        ]
        with self.db.transaction() as con:
            if data:
                con.executemany("INSERT INTO chunks VALUES (?, ?, ?, ?)", data)
            if rows is not None and rows.num_rows:
                self._insert_rows(con, run_id, rows)
            con.execute("UPDATE runs SET elapsed = elapsed + ? WHERE id = ?", [elapsed, run_id])

    def add_digests(
        self,
        run_id: int,
        digests: Iterable[tuple[int, int, np.ndarray[Any, Any]]],
        rows: pa.Table | None = None,
        elapsed: float = 0.0,
    ) -> None:
        """Commit the digests of some blocks of a war (``(block index, format, float64
        vector)``), their per-run rows and the time spent, at once (one row per number:
        :mod:`realpolitik.store.digests`)."""
        parts = [(block, fmt, np.asarray(v, "<f8")) for block, fmt, v in digests]
        with self.db.transaction() as con:
            if parts:
                table = digest_table(run_id, parts)
                con.register("incoming_digests", table)
                try:
                    con.execute("INSERT INTO digests SELECT * FROM incoming_digests")
                finally:
                    con.unregister("incoming_digests")
            if rows is not None and rows.num_rows:
                self._insert_rows(con, run_id, rows)
            con.execute("UPDATE runs SET elapsed = elapsed + ? WHERE id = ?", [elapsed, run_id])

    def digests(self, run_id: int) -> dict[int, tuple[int, np.ndarray[Any, Any]]]:
        """The committed digests of a war: block index -> (format, float64 vector)."""
        self.get(run_id)
        with self.db.transaction(write=False) as con:
            columns = con.execute(
                "SELECT block, format, value FROM digests WHERE run_id = ? ORDER BY block, pos",
                [run_id],
            ).fetchnumpy()
        return split_digests(columns)

    @staticmethod
    def _insert_rows(con: Any, run_id: int, rows: pa.Table) -> None:
        con.register("incoming_rows", rows)
        try:
            con.execute(
                "INSERT INTO results SELECT ?, run, step, actor, issue, dimension, variable, value "
                "FROM incoming_rows",
                [run_id],
            )
        finally:
            con.unregister("incoming_rows")

    def finish(self, run_id: int, summary: Mapping[str, Any], elapsed: float = 0.0) -> None:
        """Mark a run complete with its summary (its digests, if any, are dropped)."""
        with self.db.transaction() as con:
            self._finish(con, run_id, summary, elapsed)

    @staticmethod
    def _finish(con: Any, run_id: int, summary: Mapping[str, Any], elapsed: float) -> None:
        con.execute("DELETE FROM digests WHERE run_id = ?", [run_id])  # only for resuming
        con.execute(
            "UPDATE runs SET status = 'complete', finished = ?, elapsed = elapsed + ?, "
            "summary = ? WHERE id = ?",
            [dt.datetime.now(), elapsed, json.dumps(summary, allow_nan=False), run_id],
        )

    def record(
        self,
        *,
        kind: str,
        scenario: Scenario,
        model: str | None,
        params: Mapping[str, Any],
        seed: int | None,
        summary: Mapping[str, Any],
        elapsed: float,
        runs: int | None = None,
        settings: Mapping[str, Any] | None = None,
        rows: pa.Table | None = None,
    ) -> int:
        """Record a finished run in one transaction (deterministic runs, sensitivity analyses):
        all of it is stored, or nothing (a full disk leaves no incomplete run behind)."""
        with self.db.transaction() as con:
            run_id = self._insert_run(
                con,
                kind=kind,
                scenario=scenario,
                model=model,
                params=params,
                seed=seed,
                runs=runs,
                settings=settings or {},
                status="incomplete",
            )
            if rows is not None and rows.num_rows:
                self._insert_rows(con, run_id, rows)
            self._finish(con, run_id, summary, elapsed)
        return run_id

    def list(self, summaries: bool = False, deleted: bool = False) -> list[RunRecord]:
        """Every run, oldest first (those in the bin only with ``deleted``, and then only them).

        Summaries (a dynamic simulation's is tens of kilobytes of JSON) are
        neither read nor parsed unless ``summaries`` is true: the records'
        ``summary`` is then None; :meth:`get` reads one run's.
        """
        if not self.db.exists():
            return []
        columns = COLUMNS if summaries else COLUMNS.replace(", summary", ", NULL")
        where = "deleted_at IS NOT NULL" if deleted else "deleted_at IS NULL"
        with self.db.transaction(write=False) as con:
            rows = con.execute(f"SELECT {columns} FROM runs WHERE {where} ORDER BY id").fetchall()
        return [_record(r) for r in rows]

    def to_resume(self, run_id: int, kind: str, what: str) -> RunRecord:
        """Run ``run_id`` if it is an incomplete ``kind`` run (one ``--resume`` can finish).

        Raises:
            InputError: no such run, another kind (``what`` names the expected one),
                or already complete.
        """
        record = self.get(run_id)
        if record.kind != kind:
            raise InputError.one(f"run {run_id} is a '{record.kind}', not {what}", field="run_id")
        if record.complete:
            raise InputError.one(
                f"run {run_id} is already complete",
                field="run_id",
            )
        return record

    def get(self, run_id: int, deleted: bool = False) -> RunRecord:
        """One run (InputError if there is none with this id, or it is in the bin and
        ``deleted`` is false)."""
        if self.db.exists():
            with self.db.transaction(write=False) as con:
                row = con.execute(f"SELECT {COLUMNS} FROM runs WHERE id = ?", [run_id]).fetchone()
            if row is not None:
                record = _record(row)
                if record.deleted and not deleted:
                    raise InputError.one(
                        f"run {run_id} was deleted; `realpolitik runs restore {run_id}` "
                        "brings it back",
                        field="ID",
                    )
                return record
        raise InputError.one(
            f"there is no run {run_id} in the results store",
            field="run_id",
        )

    def scenario(self, run_id: int) -> Scenario:
        """The scenario a run was made with, as stored."""
        self.get(run_id)
        with self.db.transaction(write=False) as con:
            row = con.execute("SELECT scenario FROM runs WHERE id = ?", [run_id]).fetchone()
        assert row is not None
        return scenario_from_data(json.loads(row[0]), file=f"{self.path} (run {run_id})")

    def chunks(self, run_id: int) -> dict[int, np.ndarray[Any, Any]]:
        """The committed blocks of a simulation: block index -> ``(n, D)`` outcomes."""
        width = int(self.get(run_id).settings.get("width", 1))
        with self.db.transaction(write=False) as con:
            rows = con.execute(
                "SELECT block, n, data FROM chunks WHERE run_id = ? ORDER BY block", [run_id]
            ).fetchall()
        return {
            int(b): np.frombuffer(data, dtype="<f8").reshape(int(n), width) for b, n, data in rows
        }

    def rows(self, run_id: int) -> pa.Table:
        """The run's tidy table (empty when none was kept)."""
        with self.db.transaction(write=False) as con:
            rel = con.sql(
                "SELECT run, step, actor, issue, dimension, variable, value FROM results "
                f"WHERE run_id = {int(run_id)} ORDER BY run, issue, step, actor NULLS FIRST, "
                "variable, dimension"
            )
            table = _arrow(rel)
        return table.cast(SCHEMA)

    def result_set(self, run_id: int) -> ResultSet:
        """The run's tidy table with its metadata.

        A simulation stored without per-run rows gives its per-run outcomes (from
        the committed blocks); a sensitivity analysis gives its indices; a war
        simulated without ``--keep`` has none to give (InputError).
        """
        record = self.get(run_id)
        if record.kind == "sensitivity":
            table = indices_table((record.summary or {}).get("outcomes", {}))
        else:
            table = self.rows(run_id)
            if table.num_rows == 0 and record.kind == "simulate":
                table = self._outcomes(record)
            if table.num_rows == 0 and record.kind == "dynamics" and record.complete:
                raise InputError.one(
                    f"run {run_id} simulated a war without keeping per-run rows: its summary is "
                    f"in the run's summary; run it again keeping the per-run outcomes (keep: "
                    "outcomes or trajectories) to export them",
                    field="run_id",
                )
        return ResultSet(table=table, metadata=record.to_json())

    def _outcomes(self, record: RunRecord) -> pa.Table:
        dims: dict[str, int] = record.settings.get("dims", {})
        parts = []
        for block, arr in self.chunks(record.id).items():
            runs = np.arange(block * BLOCK, block * BLOCK + arr.shape[0], dtype=np.int64)
            start = 0
            for issue_id, d in dims.items():
                parts.append(outcome_rows(issue_id, runs, arr[:, start : start + d]))
                start += d
        return pa.concat_tables(parts) if parts else SCHEMA.empty_table()


def _arrow(rel: Any) -> pa.Table:
    """A relation's Arrow table: ``to_arrow_table`` in duckdb 2, ``arrow`` in duckdb 1."""
    name = "to_arrow_table" if hasattr(rel, "to_arrow_table") else "arrow"
    table: pa.Table = getattr(rel, name)()
    return table


def open_store(path: str | Path | None = None) -> Store:
    """The store at ``path`` (else ``$REALPOLITIK_STORE``, else ``./realpolitik.duckdb``)."""
    return Store(path)
