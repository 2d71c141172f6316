"""Write a file so that a half-written one never remains, whatever fails."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from realpolitik.errors import InputError


@contextlib.contextmanager
def atomic_path(path: Path, what: str = "the file") -> Iterator[Path]:
    """A temporary path beside ``path`` to write; it replaces ``path`` when the block ends.

    Missing folders are created. If writing fails the temporary file is
    removed, and an ``OSError`` becomes an :class:`InputError` naming ``path``
    (never the temporary file, which the user does not know about).
    """
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        yield tmp
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            reason = (exc.strerror or str(exc)).replace(str(tmp), str(path))
            raise InputError.one(f"cannot write {what}: {reason}", file=str(path)) from None
        raise


def write_text_atomic(path: Path, text: str, what: str = "the file") -> Path:
    """Write UTF-8 text atomically (see :func:`atomic_path`); return ``path``."""
    with atomic_path(path, what) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return path
