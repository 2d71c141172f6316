"""Shared pieces of the table importers: rows with line numbers, numbers, ids.

Used by :mod:`realpolitik.io.stakeholder` and :mod:`realpolitik.io.deu`.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

DELIMITERS = (",", ";", "\t")
"""Delimiters a table may use, by order of preference on a tie."""

_ID_BAD = re.compile(r"[^A-Za-z0-9_.:#+-]+")
_NON_FINITE = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}


@dataclass(frozen=True)
class Row:
    """One row of a table: its 1-based line in the file and its cells (stripped)."""

    line: int
    cells: list[str]

    def get(self, index: int) -> str:
        """The cell at ``index``, or ``""`` if the row is shorter."""
        return self.cells[index] if index < len(self.cells) else ""

    @property
    def blank(self) -> bool:
        """True when every cell is empty."""
        return not any(self.cells)


def sniff_delimiter(header: str) -> str:
    """The delimiter of a table, from its header line: the most frequent of , ; and tab."""
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def read_rows(text: str, delimiter: str) -> list[Row]:
    """Split text into rows, whatever the line endings (CR, LF or CRLF).

    Quoted cells may hold the delimiter (and newlines); each row keeps the line
    it starts on, so that messages point at the right line.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    rows: list[Row] = []
    start = 1
    try:
        for cells in reader:
            rows.append(Row(start, [c.strip() for c in cells]))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise TableSyntaxError(start, str(exc)) from None
    return rows


class TableSyntaxError(ValueError):
    """A row the CSV reader cannot split (an unclosed quote, for instance)."""

    def __init__(self, line: int, detail: str) -> None:
        self.line = line
        self.detail = detail
        super().__init__(f"line {line}: {detail}")


def parse_number(cell: str, *, decimal_comma: bool = False) -> float:
    """A finite number from a cell.

    Args:
        cell: the stripped text of the cell.
        decimal_comma: accept ``0,5`` for ``0.5`` (tables separated by semicolons).

    Raises:
        ValueError: with a sentence saying what is wrong with the cell.
    """
    text = cell.replace(" ", "")
    if decimal_comma and text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if text.lower() in _NON_FINITE:
        raise ValueError(f"'{cell}' is not a finite number; write a number such as 0.5")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"'{cell}' is not a number; write a number such as 0.5") from None
    if not math.isfinite(value):
        raise ValueError(f"'{cell}' is not a finite number; write a number such as 0.5")
    return value


def slugify(text: str, fallback: str = "x") -> str:
    """An id (letters, digits, ``_ . : # + -``; at most 60, leaving room for ``#2``).

    Accents are dropped (``Société`` -> ``Societe``) and runs of other
    characters become ``_`` (``Community Gov't`` -> ``Community_Gov_t``).
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _ID_BAD.sub("_", ascii_text).strip("_.:#+-")
    return slug[:60].rstrip("_.:#+-") or fallback


def unique(names: Iterable[str]) -> list[str]:
    """Names made unique by appending ``#2``, ``#3`` to repeats, in order."""
    out: list[str] = []
    seen: set[str] = set()
    last: dict[str, int] = {}
    for name in names:
        candidate, k = name, last.get(name, 1)
        while candidate in seen:
            k += 1
            candidate = f"{name}#{k}"
        last[name] = k
        seen.add(candidate)
        out.append(candidate)
    return out


def typed_column(cells: list[str]) -> list[str | float]:
    """A column as numbers when every non-empty cell is a finite number, else as text."""
    try:
        return [parse_number(c) if c else c for c in cells]
    except ValueError:
        return list(cells)
