"""One process, many threads, one store: what the web app does under load.

Found by the load test (``benchmarks/load_web.py``): each request opens the
store afresh, and two threads creating the tables of a new store at once
(``CREATE TABLE IF NOT EXISTS``, the schema row) made DuckDB fail one of them
with a write-write conflict — a 500 for a page, and a lost result when it was
the job recording a simulation. Two threads starting runs at once could also
take the same new run id. Transactions on one store now take turns within a
process (across processes DuckDB's file lock already does that).
"""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pytest

from realpolitik.app import forecast as record
from realpolitik.store import Store
from tests.sim.scenarios import deal

READERS = 4
WRITERS = 4
WRITES = 2
STORES = 3


def _race(path: Path) -> list[BaseException]:
    """Readers and writers all open a store that has no tables yet; the errors they meet."""
    duckdb.connect(str(path)).close()  # a DuckDB file, tables not created yet
    errors: list[BaseException] = []
    start = threading.Barrier(READERS + WRITERS)

    def read() -> None:
        start.wait()
        try:
            Store(path).list()  # a new Store, as each web request makes
        except BaseException as exc:
            errors.append(exc)

    def write() -> None:
        start.wait()
        try:
            for _ in range(WRITES):
                record(deal(), "median_voter", sink=Store(path))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(READERS)]
    threads += [threading.Thread(target=write) for _ in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_threads_sharing_a_new_store(tmp_path: Path) -> None:
    for k in range(STORES):
        path = tmp_path / f"new{k}.duckdb"
        errors = _race(path)
        assert not errors, errors[:3]
        runs = Store(path).list()
        assert sorted(r.id for r in runs) == list(range(1, WRITERS * WRITES + 1))
        assert all(r.complete for r in runs)


def test_threads_open_their_connections_one_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two threads connecting at once sometimes got a database without the Python client's
    table functions: a war's commit then failed ("pandas_scan does not exist")."""
    import time

    from realpolitik.store import db

    path = tmp_path / "s.duckdb"
    duckdb.connect(str(path)).close()
    real = duckdb.connect
    inside: list[int] = []
    most = [0]

    def slow_connect(path: str) -> duckdb.DuckDBPyConnection:
        inside.append(1)
        most[0] = max(most[0], len(inside))
        time.sleep(0.02)  # wide enough for the other threads to arrive
        try:
            return real(path)
        finally:
            inside.pop()

    monkeypatch.setattr(db.duckdb, "connect", slow_connect)
    start = threading.Barrier(4)

    def read() -> None:
        start.wait()
        Store(path).list()

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most[0] == 1
