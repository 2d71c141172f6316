"""The results database file: where it is, its tables, and safe short transactions.

The store is one embedded DuckDB file: ``--store PATH``, else the environment
variable ``REALPOLITIK_STORE``, else ``./realpolitik.duckdb``.

Every write is one short transaction on a connection opened for it and
closed after it, so several processes can share a store: DuckDB locks the
file while a connection is open (the threads of one process take turns to
write), and a process that finds it locked waits
(up to ``REALPOLITIK_STORE_TIMEOUT`` seconds, default 60) and then stops with a
clear error. A long simulation therefore never holds the file between two
commits, and ``realpolitik runs list`` works while it runs. Committed
transactions survive a killed process (DuckDB's write-ahead log); an
interrupted one leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from realpolitik.errors import InputError, ResumableError

ENV_PATH = "REALPOLITIK_STORE"
ENV_TIMEOUT = "REALPOLITIK_STORE_TIMEOUT"
DEFAULT_PATH = "realpolitik.duckdb"
SCHEMA_VERSION = "2"
"""2 added run names, notes, tags, soft deletion and the highest id ever issued (``meta``)."""

_DDL = (
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    """CREATE TABLE IF NOT EXISTS runs (
        id BIGINT PRIMARY KEY, kind VARCHAR NOT NULL, status VARCHAR NOT NULL,
        created TIMESTAMP NOT NULL, finished TIMESTAMP, elapsed DOUBLE,
        scenario_title VARCHAR, scenario_hash VARCHAR, scenario VARCHAR,
        model VARCHAR, params VARCHAR, seed BIGINT, runs BIGINT,
        settings VARCHAR, version VARCHAR, summary VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS chunks (
        run_id BIGINT NOT NULL, block INTEGER NOT NULL, n INTEGER NOT NULL, data BLOB)""",
    """CREATE TABLE IF NOT EXISTS digests (
        run_id BIGINT NOT NULL, block INTEGER NOT NULL, format INTEGER NOT NULL,
        pos INTEGER NOT NULL, value DOUBLE NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS results (
        run_id BIGINT NOT NULL, run BIGINT, step INTEGER, actor VARCHAR, issue VARCHAR,
        dimension INTEGER, variable VARCHAR, value DOUBLE)""",
    """CREATE TABLE IF NOT EXISTS trials (
        run_id BIGINT NOT NULL, number INTEGER NOT NULL, record VARCHAR NOT NULL,
        study VARCHAR NOT NULL)""",
)
_MIGRATIONS = (  # schema 1 -> 2; idempotent, so a store of any version ends up at the latest
    "ALTER TABLE runs ADD COLUMN IF NOT EXISTS name VARCHAR",
    "ALTER TABLE runs ADD COLUMN IF NOT EXISTS note VARCHAR",
    "ALTER TABLE runs ADD COLUMN IF NOT EXISTS tags VARCHAR",
    "ALTER TABLE runs ADD COLUMN IF NOT EXISTS deleted_at TIMESTAMP",
    """INSERT OR REPLACE INTO meta SELECT 'last_id', CAST(greatest(
        coalesce((SELECT max(id) FROM runs), 0),
        coalesce((SELECT max(CAST(value AS BIGINT)) FROM meta WHERE key = 'last_id'), 0))
        AS VARCHAR)""",
)
_LOCKED = re.compile(r"\block\b|conflicting", re.IGNORECASE)  # not "block" (corruption)
_PID = re.compile(r"PID (\d+)")
_FULL = re.compile(r"no space left|file too large|disk is full|disk quota", re.IGNORECASE)
_READ_ONLY = re.compile(r"read-only file system|permission denied|access is denied", re.IGNORECASE)
_DAMAGED = re.compile(
    r"corrupt|could not read enough bytes|checksum|invalidated|"
    r"serializ|unsupported.*version",
    re.IGNORECASE,
)


_LOCKS: dict[str, threading.RLock] = {}
_LOCKS_GUARD = threading.Lock()
_CONNECTING = threading.Lock()
"""Connections are opened one at a time in this process. DuckDB shares one database
between the connections of a process; with two threads connecting at once, about one
write in 5000 then failed to ``register`` its NumPy columns (a war's digests) with
"Table Function with name pandas_scan does not exist", failing the job (a web page
reading the store while a war ran: tests/web/test_api.py waited 60 s for a block)."""


def _thread_lock(path: Path) -> threading.RLock:
    """One lock per store file in this process: its writes run one at a time.

    Across processes DuckDB's file lock already does this; within a process,
    connections share one database, and concurrent writes conflict (two threads
    creating the tables of a new store, or taking the same new run id).
    """
    key = os.path.realpath(path)
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(key, threading.RLock())


def store_path(path: str | Path | None = None) -> Path:
    """The store's file: ``path``, else ``$REALPOLITIK_STORE``, else ``./realpolitik.duckdb``."""
    if path is not None:
        return Path(path)
    return Path(os.environ.get(ENV_PATH) or DEFAULT_PATH)


def _timeout() -> float:
    try:
        return float(os.environ.get(ENV_TIMEOUT, "60"))
    except ValueError:
        return 60.0


class Database:
    """A store file, opened for one transaction at a time."""

    def __init__(self, path: Path, timeout: float | None = None) -> None:
        self.path = path
        self.timeout = _timeout() if timeout is None else timeout
        self._ready = False

    def exists(self) -> bool:
        """Whether the file exists yet."""
        return self.path.exists()

    def _connect(self) -> duckdb.DuckDBPyConnection:
        if not self.path.parent.exists():
            raise InputError.one(
                f"the folder {self.path.parent} does not exist; create it or choose another "
                "store path",
                file=str(self.path),
            )
        deadline = time.monotonic() + self.timeout
        pause = 0.02
        while True:
            try:
                with _CONNECTING:
                    return duckdb.connect(str(self.path))
            except duckdb.Error as exc:
                text = str(exc)
                if not _LOCKED.search(text):
                    raise self.failure(exc) or InputError.one(
                        f"cannot open the results store: {text.splitlines()[0]}; is it a "
                        "realpolitik store (a DuckDB file)? Choose another store file",
                        file=str(self.path),
                    ) from None
                if time.monotonic() >= deadline:
                    raise self._busy(text) from None
            time.sleep(pause)
            pause = min(pause * 2, 0.25)

    def _busy(self, text: str) -> InputError:
        pid = _PID.search(text)
        who = f"process {pid[1]}" if pid else "another process"
        return ResumableError.one(
            f"the results store is in use by {who} and stayed locked for {self.timeout:g} s; "
            f"wait for it to finish, raise {ENV_TIMEOUT}, or use another --store",
            file=str(self.path),
        )

    def failure(self, exc: duckdb.Error) -> InputError | None:
        """The store's environment failed (full disk, read-only, damaged file): a message for
        people; None for any other error (a bug, shown as such)."""
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if _FULL.search(text):
            message = (
                f"the disk holding the results store is full ({text}); free some space or "
                "choose another --store. What was committed before is kept (`realpolitik runs "
                "list`); an interrupted simulation finishes with `realpolitik simulate --resume ID`"
            )
        elif _READ_ONLY.search(text):
            message = (
                f"the results store cannot be written here ({text}); choose a writable --store "
                "path or fix the permissions"
            )
        elif _DAMAGED.search(text):
            message = (
                f"the results store is damaged and cannot be read ({text}); move the file aside "
                "(or restore a backup) and use a new --store"
            )
        else:
            return None
        return ResumableError.one(message, file=str(self.path))

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection inside one transaction: committed on success, rolled back on error.

        Write transactions on one store take turns within a process (reads do
        not wait for them). A full disk, a read-only file or a damaged store
        raises :class:`InputError` (see :meth:`failure`); nothing of the
        transaction is kept.
        """
        lock = _thread_lock(self.path)
        with lock if write else contextlib.nullcontext():
            con = self._connect()
            try:
                self._prepare(con, lock)
                try:
                    yield con
                except BaseException:
                    with contextlib.suppress(duckdb.Error):  # a failed commit may have ended it
                        con.execute("ROLLBACK")
                    raise
                con.execute("COMMIT")
            except duckdb.Error as exc:
                failure = self.failure(exc)
                if failure is None:
                    raise
                raise failure from exc
            finally:
                con.close()

    def _migrate(self, con: duckdb.DuckDBPyConnection) -> None:
        """Bring a store of an older schema to :data:`SCHEMA_VERSION` (nothing is lost)."""
        row = con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is not None and row[0] == SCHEMA_VERSION:
            return
        if row is not None and int(row[0]) > int(SCHEMA_VERSION):
            raise InputError.one(
                f"this results store was written by a newer realpolitik (schema {row[0]}); "
                "upgrade realpolitik or use another --store",
                file=str(self.path),
            )
        for ddl in _MIGRATIONS:
            con.execute(ddl)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", [SCHEMA_VERSION])

    def _prepare(self, con: duckdb.DuckDBPyConnection, lock: threading.RLock) -> None:
        """Create the tables if needed (one thread at a time), then begin the transaction."""
        if not self._ready:
            with lock:
                for ddl in _DDL:
                    con.execute(ddl)
                self._migrate(con)

            self._ready = True
        con.execute("BEGIN TRANSACTION")
