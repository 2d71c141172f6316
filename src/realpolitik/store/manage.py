"""Keeping runs in order: names, notes and tags; deletion to a bin, restore, purge.

A mixin of :class:`realpolitik.store.runs.Store` (its SQL on the ``runs`` table's
``name``, ``note``, ``tags`` and ``deleted_at`` columns, schema 2 of
:mod:`realpolitik.store.db`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol

from realpolitik.errors import InputError
from realpolitik.store.db import Database
from realpolitik.store.labels import MAX_NAME, MAX_NOTE, check_tag, check_text

if TYPE_CHECKING:
    from realpolitik.store.runs import RunRecord


class _Host(Protocol):
    """What the mixin needs of the store."""

    db: Database

    def get(self, run_id: int, deleted: bool = False) -> RunRecord: ...

    def list(self, summaries: bool = False, deleted: bool = False) -> list[RunRecord]: ...


class RunManagement:
    """Rename, annotate, tag, delete (restorably), restore and purge runs."""

    def delete(self: _Host, run_id: int) -> None:
        """Move a run to the bin: hidden from lists and lookups until :meth:`restore`
        brings it back or :meth:`purge` removes it for good. Its id is never issued again."""
        self.get(run_id)
        with self.db.transaction() as con:
            con.execute("UPDATE runs SET deleted_at = ? WHERE id = ?", [dt.datetime.now(), run_id])

    def restore(self: _Host, run_id: int) -> RunRecord:
        """Take a run out of the bin (InputError if it is not there)."""
        if not self.get(run_id, deleted=True).deleted:
            raise InputError.one(f"run {run_id} is not deleted", field="ID")
        with self.db.transaction() as con:
            con.execute("UPDATE runs SET deleted_at = NULL WHERE id = ?", [run_id])
        return self.get(run_id)

    def purge(self: _Host, run_ids: Iterable[int] | None = None) -> tuple[int, ...]:
        """Remove runs and everything stored with them for good: the given ones (in the bin
        or not), else every run in the bin. Returns the ids removed."""
        ids = (
            [self.get(i, deleted=True).id for i in run_ids]
            if run_ids is not None
            else [r.id for r in self.list(deleted=True)]
        )
        if ids:
            with self.db.transaction() as con:
                for table in ("chunks", "digests", "results", "trials", "runs"):
                    key = "id" if table == "runs" else "run_id"
                    con.executemany(f"DELETE FROM {table} WHERE {key} = ?", [[i] for i in ids])
        return tuple(ids)

    def label(
        self: _Host,
        run_id: int,
        *,
        name: str | None = None,
        note: str | None = None,
        tags: Iterable[str] | None = None,
    ) -> RunRecord:
        """Rename, annotate or tag a run (None leaves a field as it is; "" or no tags clears
        it). Tags are kept sorted and unique."""
        self.get(run_id)
        updates: dict[str, Any] = {}
        if name is not None:
            updates["name"] = check_text(name, "name", MAX_NAME) or None
        if note is not None:
            updates["note"] = check_text(note, "note", MAX_NOTE) or None
        if tags is not None:
            clean = sorted({check_tag(t) for t in tags})
            updates["tags"] = json.dumps(clean) if clean else None
        if updates:
            sets = ", ".join(f"{k} = ?" for k in updates)
            with self.db.transaction() as con:
                con.execute(f"UPDATE runs SET {sets} WHERE id = ?", [*updates.values(), run_id])
        return self.get(run_id)
