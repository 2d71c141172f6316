"""The ``digests`` table's rows: a war's block digests as numbers (see :meth:`Store.add_digests`).

Each block's digest (a float64 vector, :mod:`realpolitik.dynamics.persist`) is
stored one number per row (``run_id, block, format, pos, value``) rather than
as a blob: DuckDB rewrites the blobs of the last row group at every
checkpoint, so blobs would make each commit cost memory in proportion to all
the digests committed before; numbers are appended.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

import numpy as np

Vector = np.ndarray[Any, Any]


def digest_table(run_id: int, parts: list[tuple[int, int, Vector]]) -> dict[str, Vector]:
    """The rows of some blocks' digests (``(block, format, vector)``), one per number, as
    NumPy columns (DuckDB scans them without importing ``pyarrow.dataset``, some 50 MiB)."""

    def column(values: Iterable[Vector]) -> Vector:
        return np.concatenate(list(values))

    return {
        "run_id": np.full(sum(v.size for *_, v in parts), run_id, np.int64),
        "block": column(np.full(v.size, b, np.int32) for b, _, v in parts),
        "format": column(np.full(v.size, f, np.int32) for _, f, v in parts),
        "pos": column(np.arange(v.size, dtype=np.int32) for *_, v in parts),
        "value": column(v for *_, v in parts),
    }


def split_digests(table: dict[str, Vector]) -> dict[int, tuple[int, Vector]]:
    """Columns ``block, format, value`` ordered by block and position -> block: (format, vector)."""
    block = np.asarray(table["block"])
    fmt = np.asarray(table["format"])
    value = np.asarray(table["value"], dtype=np.float64)
    bounds = [*np.flatnonzero(np.r_[True, block[1:] != block[:-1]]), block.size]
    return {
        int(block[a]): (int(fmt[a]), value[a:b]) for a, b in itertools.pairwise(bounds) if a < b
    }
