"""The trials of a strategy search, stored beside its run (``trials`` table).

Each finished batch of trials is committed in one transaction, with the
study's system attributes after it, so a search killed at any moment
resumes from its last finished batch (:func:`realpolitik.app.optimize.resume_optimize`).
The records are plain JSON (:class:`realpolitik.dynamics.optimize.TrialRecord`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

from realpolitik.store.runs import Store


def _json(value: Any) -> str:
    def fix(v: Any) -> Any:
        if isinstance(v, float) and not math.isfinite(v):
            return {"__float__": repr(v)}
        if isinstance(v, dict):
            return {k: fix(x) for k, x in v.items()}
        if isinstance(v, list | tuple):
            return [fix(x) for x in v]
        return v

    return json.dumps(fix(value), allow_nan=False)


def _load(text: str) -> Any:
    def hook(d: dict[str, Any]) -> Any:
        return float(d["__float__"]) if set(d) == {"__float__"} else d

    return json.loads(text, object_hook=hook)


def add_trials(
    store: Store, run_id: int, records: Sequence[dict[str, Any]], study: dict[str, Any]
) -> None:
    """Commit a batch of trial records and the study's state after it."""
    state = _json(study)
    with store.db.transaction() as con:
        for rec in records:
            con.execute(
                "INSERT INTO trials VALUES (?, ?, ?, ?)",
                [run_id, int(rec["number"]), _json(rec), state],
            )


def load_trials(store: Store, run_id: int) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The trial records of a run, in order, and the study's state after the last one."""
    if not store.db.exists():
        return [], {}
    with store.db.transaction(write=False) as con:
        rows = con.execute(
            "SELECT record, study FROM trials WHERE run_id = ? ORDER BY number", [run_id]
        ).fetchall()
    if not rows:
        return [], {}
    return [_load(r[0]) for r in rows], _load(rows[-1][1])
