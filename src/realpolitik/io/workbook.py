"""Stakeholder tables from ``.xlsx`` workbooks and multi-issue CSV files.

A workbook is read sheet by sheet (``openpyxl``, the optional extra
``realpolitik[xlsx]``): each sheet is a stakeholder table in one of the layouts
of :mod:`realpolitik.io.multi_issue` — one issue per sheet (the issue is named
after the sheet), one long sheet with an ``Issue`` column, or one wide sheet
with ``<issue>:position`` columns. The header is the first row that names a
stakeholder column (a title above it is skipped); sheets without any
(notes, sources) are skipped with a notice. Cells are read as values (the
result Excel saved for a formula).

:func:`import_table` is the entry point for surfaces that hold bytes (an
upload): a file's content and name in, the scenario and its notices out.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from realpolitik.errors import InputError, Problem
from realpolitik.io.multi_build import Source, build_scenario
from realpolitik.io.multi_issue import StanceRow, Table, layout, read_table
from realpolitik.io.notices import ImportNotice, collect_notices, notify
from realpolitik.io.stakeholder import ROLES, normalise_header
from realpolitik.io.tables import Row, TableSyntaxError, read_rows, sniff_delimiter
from realpolitik.scenario import Scenario

XLSX_EXTRA = "pip install 'realpolitik[xlsx]'"

HEADER_SEARCH = 10
"""The header of a sheet is the first of its first non-blank rows naming a stakeholder column."""


@dataclass(frozen=True, kw_only=True)
class Imported:
    """A scenario read from a table, and what the reader decided on the way.

    Attributes:
        scenario: the scenario.
        notices: the import notices (scale chosen, bounds, skipped sheets), in order.
    """

    scenario: Scenario
    notices: tuple[ImportNotice, ...]


def _source(path: Path) -> Source:
    return Source(file=str(path), name=path.name, stem=path.stem)


def is_multi_issue(text: str) -> bool:
    """Whether a CSV stakeholder table is long (an issue column) or wide (issue prefixes)."""
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    try:
        rows = read_rows(first, sniff_delimiter(first))
    except TableSyntaxError:
        return False
    return bool(rows) and layout(rows[0]) != "single"


def read_multi_csv(path: Path, text: str) -> Scenario:
    """A long or wide stakeholder table (CSV) as a scenario with one issue per issue named.

    Raises:
        InputError: every problem, by line and column.
    """
    delimiter = sniff_delimiter(next((ln for ln in text.splitlines() if ln.strip()), ""))
    try:
        rows = [r for r in read_rows(text, delimiter) if not r.blank]
    except TableSyntaxError as exc:
        raise InputError.one(
            f"cannot split this row into cells ({exc.detail}); check its quotes",
            file=str(path),
            line=exc.line,
        ) from None
    table = Table(source=str(path), rows=rows, issue=path.stem, decimal_comma=delimiter == ";")
    return build_scenario(read_table(table), _source(path))


def read_workbook(path: Path, data: bytes | None = None) -> Scenario:
    """Every stakeholder sheet of an ``.xlsx`` workbook, as one scenario.

    Args:
        path: the workbook (named in messages; read unless ``data`` is given).
        data: its content, when already in memory.

    Raises:
        InputError: openpyxl missing, not a workbook, no stakeholder sheet, or
            every problem of the sheets, by sheet, row and column.
    """
    sheets = _sheets(path, path.read_bytes() if data is None else data)
    rows: list[StanceRow] = []
    problems: list[Problem] = []
    for table in sheets:
        try:
            rows += read_table(table)
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    return build_scenario(rows, _source(path))


def _load(path: Path, data: bytes) -> Any:
    try:
        import openpyxl
    except ImportError:
        raise InputError.one(
            f"reading .xlsx workbooks needs openpyxl, the optional extra [xlsx]: {XLSX_EXTRA} "
            "(or save each sheet as CSV)",
            file=str(path),
        ) from None
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError.one(
            f"not a readable .xlsx workbook ({type(exc).__name__}: {exc}); save it from your "
            "spreadsheet as 'Excel Workbook (.xlsx)'",
            file=str(path),
        ) from None


def _sheets(path: Path, data: bytes) -> list[Table]:
    book = _load(path, data)
    try:
        tables = [t for ws in book.worksheets if (t := _sheet(path, ws)) is not None]
    finally:
        book.close()
    if not tables:
        raise InputError.one(
            "no sheet holds a stakeholder table (a header row with Actor, Capability, "
            "Position and Salience)",
            file=str(path),
        )
    return tables


def _sheet(path: Path, ws: Any) -> Table | None:
    """A sheet as a table, or None (with a notice) when it holds no stakeholder columns."""
    source = f"{path}, sheet '{ws.title}'"
    rows = [r for r in _rows(ws.iter_rows(values_only=True)) if not r.blank]
    start = next((k for k, r in enumerate(rows[:HEADER_SEARCH]) if _looks_like_table(r)), None)
    if start is None:
        notify(
            f"no stakeholder columns in the first {HEADER_SEARCH} rows; sheet skipped", file=source
        )
        return None
    if start:
        notify(
            f"the header is row {rows[start].line}; the rows above it (a title?) are skipped",
            file=source,
        )
    return Table(source=source, rows=rows[start:], issue=str(ws.title), letters=True)


def _looks_like_table(header: Row) -> bool:
    if layout(header) != "single":
        return True
    words = {normalise_header(c) for c in header.cells}
    return any(words & w for w in ROLES.values())


def _rows(values: Iterable[tuple[Any, ...]]) -> list[Row]:
    return [Row(k, [_cell(v) for v in cells]) for k, cells in enumerate(values, start=1)]


def _cell(value: Any) -> str:
    """A cell's value as the text a CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def import_table(source: Path | bytes, *, filename: str | None = None) -> Imported:
    """Read a stakeholder table (CSV in any layout, a KTAB CSV, or ``.xlsx``), with its notices.

    Args:
        source: a path, or a file's content.
        filename: the file's name when ``source`` is bytes (its suffix picks the
            reader; its stem names a one-issue table's issue). Messages name it.

    Returns:
        The scenario and the notices (also given to any open
        :func:`~realpolitik.io.notices.collect_notices` block).

    Raises:
        InputError: every problem, naming the file, the sheet, the row and the column.
    """
    if isinstance(source, bytes):
        path, data = Path(filename or "table.csv"), source
    else:
        path, data = Path(source), Path(source).read_bytes()
    with collect_notices() as notices:
        scenario = _read(path, data)
    return Imported(scenario=scenario, notices=tuple(notices))


def _read(path: Path, data: bytes) -> Scenario:
    if path.suffix.lower() == ".xlsx":
        return read_workbook(path, data)
    from realpolitik.io.ktab import is_ktab_csv, read_ktab_csv
    from realpolitik.io.stakeholder import read_stakeholder_csv
    from realpolitik.io.text import decode_text

    text = decode_text(data, str(path))
    if is_ktab_csv(text):
        return read_ktab_csv(path, text)
    if is_multi_issue(text):
        return read_multi_csv(path, text)
    return read_stakeholder_csv(path, text)
