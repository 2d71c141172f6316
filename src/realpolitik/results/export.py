"""Export a :class:`~realpolitik.results.table.ResultSet` as CSV, Parquet or JSON.

CSV and Parquet hold the tidy table only (Parquet keeps the metadata in the
file's key-value metadata under ``realpolitik``); JSON holds
``{"metadata": {...}, "rows": [{column: value}, ...]}``. Files are written
to a temporary name and moved into place, so a failed export never leaves a
half-written file.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from realpolitik.errors import InputError
from realpolitik.io.atomic import atomic_path
from realpolitik.results.table import ResultSet

Format = Literal["csv", "parquet", "json"]
FORMATS: tuple[str, ...] = ("csv", "parquet", "json")


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def json_document(result: ResultSet) -> dict[str, Any]:
    """The JSON export of a result set."""
    rows = [{k: _clean(v) for k, v in row.items()} for row in result.table.to_pylist()]
    return {"metadata": result.metadata, "rows": rows}


def _write(result: ResultSet, target: Path | None, fmt: str) -> None:
    if fmt == "csv":
        pa_csv.write_csv(result.table, str(target) if target else sys.stdout.buffer)
    elif fmt == "parquet":
        meta = {b"realpolitik": json.dumps(result.metadata, default=str).encode()}
        table = result.table.replace_schema_metadata(meta)
        pq.write_table(table, str(target) if target else pa.PythonFile(sys.stdout.buffer))
    else:
        text = json.dumps(json_document(result), indent=2, default=str, allow_nan=False)
        if target is None:
            sys.stdout.write(text + "\n")
        else:
            target.write_text(text + "\n", encoding="utf-8")


def export(result: ResultSet, path: str | Path | None, fmt: str) -> None:
    """Write ``result`` to ``path`` (None: standard output) in format ``fmt``.

    Raises:
        InputError: unknown format, or the file cannot be written.
    """
    if fmt not in FORMATS:
        raise InputError.one(
            f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}", field="format"
        )
    if path is None:
        _write(result, None, fmt)
        return
    target = Path(path)
    with atomic_path(target) as tmp:
        _write(result, tmp, fmt)
