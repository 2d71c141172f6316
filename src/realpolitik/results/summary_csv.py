"""A run's summary (its result document) as a two-column CSV table: field path, value.

Every number of the summary gets one row, its field written as a path
(``events.settlement.probability``, ``issues.delay.quantiles.0.05``), so a
spreadsheet opens any run's summary, whatever its kind.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from typing import Any


def summary_rows(doc: Mapping[str, Any] | None, prefix: str = "") -> Iterator[tuple[str, str]]:
    """``(field path, value)`` for every leaf of a result document, in document order."""
    for key, value in (doc or {}).items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, Mapping):
            yield from summary_rows(value, path)
        elif isinstance(value, list):
            for k, item in enumerate(value):
                if isinstance(item, Mapping):
                    yield from summary_rows(item, f"{path}[{k}]")
                else:
                    yield f"{path}[{k}]", _cell(item)
        else:
            yield path, _cell(value)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(round(value, 12))
    return str(value)


def summary_csv(doc: Mapping[str, Any] | None) -> str:
    """The document as CSV text with the header ``field,value``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["field", "value"])
    writer.writerows(summary_rows(doc))
    return buffer.getvalue()
