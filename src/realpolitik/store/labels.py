"""Run ids and the labels people give runs (names, notes, tags): checks and issuing."""

from __future__ import annotations

from typing import Any

from realpolitik.errors import InputError

MAX_TAG = 40
MAX_NAME = 200
MAX_NOTE = 10_000


def next_id(con: Any) -> int:
    """A new run id: one more than any id ever issued by this store (kept in ``meta``), so a
    deleted run's id never comes back and a bookmark never shows another run."""
    row = con.execute(
        "SELECT greatest(coalesce((SELECT max(id) FROM runs), 0), coalesce((SELECT "
        "CAST(value AS BIGINT) FROM meta WHERE key = 'last_id'), 0)) + 1"
    ).fetchone()
    run_id = int(row[0]) if row else 1
    con.execute("INSERT OR REPLACE INTO meta VALUES ('last_id', ?)", [str(run_id)])
    return run_id


def check_text(value: str, what: str, limit: int) -> str:
    """A name or note, stripped; InputError if too long or holding control characters."""
    text = value.strip()
    if len(text) > limit:
        raise InputError.one(f"the {what} is longer than {limit:,} characters", field=what)
    if any(not ch.isprintable() and ch not in "\n\t" for ch in text):
        raise InputError.one(f"the {what} holds control characters", field=what)
    return text


def check_tag(value: str) -> str:
    """A tag: one printable word without commas; InputError otherwise."""
    tag = value.strip()
    if not tag or len(tag) > MAX_TAG or any(ch.isspace() or ch == "," for ch in tag):
        raise InputError.one(
            f"'{value}' is not a tag: a tag is one word of 1 to {MAX_TAG} characters "
            "(no spaces or commas)",
            field="tag",
        )
    if not tag.isprintable():
        raise InputError.one(f"the tag '{value!r}' holds control characters", field="tag")
    return tag
