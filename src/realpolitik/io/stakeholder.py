"""Import the stakeholder table used across the expected-utility literature.

One row per actor with its name, capability, position and salience on one
issue, as in Bueno de Mesquita (1994), Scholz et al. (2011) and the public
replications (see ``tests/data/reference/bdm/cases``). What the reader accepts:

- header words: ``Actor``/``Stakeholder``/``Name``; ``Capability``/
  ``Resources``/``Influence``/``Clout``/``Power``; ``Position``;
  ``Salience``/``Importance``/``Priority`` (case, spaces and a parenthesised
  suffix such as ``(0-100)`` ignored); other columns are kept as
  ``Actor.attributes``;
- comma, semicolon or tab delimiters (with a semicolon, ``0,5`` reads as 0.5);
- CR, LF or CRLF line endings;
- saliences on 0-1 or 0-100 (detected, with a notice);
- repeated actor names (renamed ``#2``, ``#3`` with a warning).

The file holds one issue, whose id is the file's name and whose bounds follow
:func:`natural_bounds`. Every problem found is reported at once, by line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from realpolitik.errors import InputError, Problem
from realpolitik.io.notices import notify
from realpolitik.io.tables import (
    Row,
    TableSyntaxError,
    parse_number,
    read_rows,
    slugify,
    sniff_delimiter,
    typed_column,
    unique,
)
from realpolitik.io.validation import limited, problems_by_row
from realpolitik.scenario import Scenario

ROLES: dict[str, frozenset[str]] = {
    "name": frozenset(
        {
            "actor",
            "actors",
            "stakeholder",
            "stakeholders",
            "name",
            "actorname",
            "player",
            "party",
            "group",
            "country",
        }
    ),
    "capability": frozenset(
        {
            "capability",
            "capabilities",
            "resources",
            "resource",
            "influence",
            "clout",
            "power",
            "potential",
            "strength",
            "weight",
        }
    ),
    "position": frozenset({"position", "positions", "pos", "stance"}),
    "salience": frozenset(
        {"salience", "saliences", "saliency", "importance", "priority", "interest"}
    ),
}
"""Header words recognised for each required column (normalised: lower case, letters only)."""

MAX_RENAME_NOTICES = 10
"""Renamed duplicates announced one by one; the rest are counted in one notice."""

NATURAL_SCALES: tuple[tuple[float, float], ...] = ((0.0, 1.0), (0.0, 10.0), (0.0, 100.0))
"""Scales an issue is assumed to be on when every position fits in one of them."""


def normalise_header(cell: str) -> str:
    """``'Salience (0-100)'`` -> ``'salience'``: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", re.sub(r"\(.*?\)", "", cell.lower()))


@dataclass(frozen=True)
class Columns:
    """Where each required column is, and the other (named) columns."""

    index: dict[str, int]
    header: list[str]
    extras: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Record:
    """One actor row, parsed."""

    line: int
    name: str
    capability: float
    position: float
    salience: float
    attributes: dict[str, str | float]


def read_stakeholder_csv(path: Path, text: str) -> Scenario:
    """Read a stakeholder table as a one-issue scenario.

    Args:
        path: the file (its stem names the issue; it is named in messages).
        text: its content.

    Returns:
        A scenario with one issue and one actor per row.

    Raises:
        InputError: every problem of the file at once, by line and column.
    """
    name = str(path)
    rows = _rows(text, name)
    columns = _columns(rows[0], rows[1:], name)
    records = _records(rows[1:], columns, name, decimal_comma=_delimiter(text) == ";")
    scale = _salience_scale(records, columns, name)
    return _scenario(path, records, scale)


def _delimiter(text: str) -> str:
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    return sniff_delimiter(first)


def _rows(text: str, name: str) -> list[Row]:
    if not text.strip():
        raise InputError.one(
            "the file is empty; expected a header row (Actor, Capability, Position, "
            "Salience) and one row per actor",
            file=name,
            line=1,
        )
    try:
        rows = [r for r in read_rows(text, _delimiter(text)) if not r.blank]
    except TableSyntaxError as exc:
        raise InputError.one(
            f"cannot split this row into cells ({exc.detail}); check its quotes",
            file=name,
            line=exc.line,
        ) from None
    if len(rows) < 2:
        raise InputError.one(
            "no actor rows under the header; add one row per actor", file=name, line=rows[0].line
        )
    return rows


def _columns(header: Row, body: Sequence[Row], name: str) -> Columns:
    """Map header cells to roles; every unrecognised named column becomes an attribute."""
    index: dict[str, int] = {}
    problems: list[Problem] = []
    for k, cell in enumerate(header.cells):
        word = normalise_header(cell)
        role = next((r for r, words in ROLES.items() if word in words), None)
        if role is None:
            continue
        if role in index:
            first = header.cells[index[role]]
            problems.append(
                Problem(
                    message=f"two columns give the {role}: '{first}' and '{cell}'; keep one "
                    "(or rename the other, and it is kept as an attribute)",
                    file=name,
                    line=header.line,
                    field=cell,
                )
            )
            continue
        index[role] = k
    for role, words in ROLES.items():
        if role not in index:
            problems.append(
                Problem(
                    message=f"no {role} column; the header has {_quoted(header.cells)}. Name one "
                    f"column with one of: {', '.join(sorted(words))}",
                    file=name,
                    line=header.line,
                    field=role,
                )
            )
    if problems:
        raise InputError(problems)
    used = set(index.values())
    extras = _extra_columns(header, body, used)
    return Columns(index=index, header=header.cells, extras=extras)


def _quoted(cells: Sequence[str], limit: int = 8) -> str:
    shown = [f"'{c[:40]}'" for c in cells if c]
    more = f" and {len(shown) - limit} more" if len(shown) > limit else ""
    return ", ".join(shown[:limit]) + more if shown else "no named column"


def _extra_columns(header: Row, body: Sequence[Row], used: set[int]) -> dict[int, str]:
    """Columns kept as attributes: named ones, and unnamed ones that hold values."""
    keep: dict[int, str] = {}
    for k, title in enumerate(header.cells):
        if k not in used and (title or any(r.get(k) for r in body)):
            keep[k] = title or f"column {k + 1}"
    titles = unique(keep.values())
    return dict(zip(keep, titles, strict=True))


def _records(
    rows: Sequence[Row], columns: Columns, name: str, *, decimal_comma: bool
) -> list[Record]:
    problems: list[Problem] = []
    extras = {k: typed_column([r.get(k) for r in rows]) for k in columns.extras}
    records: list[Record] = []
    for j, row in enumerate(rows):
        before = len(problems)
        values: dict[str, float] = {}
        for role in ("capability", "position", "salience"):
            k = columns.index[role]
            try:
                values[role] = _cell_number(row.get(k), role, decimal_comma=decimal_comma)
            except ValueError as exc:
                problems.append(
                    Problem(message=str(exc), file=name, line=row.line, field=columns.header[k])
                )
        problems += _row_problems(row, columns, values, name)
        if len(problems) == before:
            attrs = {t: extras[k][j] for k, t in columns.extras.items() if extras[k][j] != ""}
            records.append(
                Record(row.line, row.get(columns.index["name"]), **values, attributes=attrs)
            )
    if problems:
        raise InputError(limited(problems))
    return records


def _cell_number(cell: str, role: str, *, decimal_comma: bool) -> float:
    if not cell:
        raise ValueError(f"the {role} is empty; give every actor a {role}")
    return parse_number(cell, decimal_comma=decimal_comma)


def _row_problems(row: Row, columns: Columns, values: dict[str, float], name: str) -> list[Problem]:
    out: list[Problem] = []

    def add(message: str, role: str) -> None:
        out.append(
            Problem(
                message=message, file=name, line=row.line, field=columns.header[columns.index[role]]
            )
        )

    if not row.get(columns.index["name"]):
        add("the actor's name is empty; give every actor a name", "name")
    if values.get("capability", 1.0) <= 0:
        add(
            f"capability must be greater than 0, got {values['capability']:g}; give every "
            "actor a positive capability (only ratios between actors matter)",
            "capability",
        )
    if not 0 <= values.get("salience", 0.0) <= 100:
        add(
            f"salience {values['salience']:g} is outside [0, 1] and [0, 100]; give saliences "
            "on 0-1 or on 0-100",
            "salience",
        )
    width = len(columns.header)
    if any(row.cells[width:]):
        out.append(
            Problem(
                message=f"the row has {len(row.cells)} cells but the header has {width}; remove "
                "the stray delimiter (write decimals with a point, or quote the cell)",
                file=name,
                line=row.line,
                field=f"column {width + 1}",
            )
        )
    return out


def _salience_scale(records: Sequence[Record], columns: Columns, name: str) -> int:
    """1 when every salience is at most 1, else 100; say so in a notice."""
    col = columns.header[columns.index["salience"]]
    top = max(records, key=lambda r: r.salience)
    if top.salience <= 1:
        notify("saliences read on 0-1 (none is above 1)", file=name, field=col)
        return 1
    notify(
        f"saliences read on 0-100 (the largest is {top.salience:g}, line {top.line}); the "
        "models divide them by 100",
        file=name,
        field=col,
    )
    small = next((r for r in records if 0 < r.salience < 1), None)
    if small is not None:
        notify(
            f"salience {small.salience:g} is below 1 while others reach {top.salience:g}: "
            "it is read on 0-100 like the rest; check it is not on 0-1",
            file=name,
            line=small.line,
            field=col,
            severity="warning",
        )
    return 100


def natural_bounds(positions: Sequence[float]) -> tuple[tuple[float, float], str]:
    """Bounds of an imported issue, and a sentence saying how they were chosen.

    The rule: the first of [0, 1], [0, 10], [0, 100] that holds every position;
    else the smallest and largest position (widened by 1 on each side when all
    positions are equal).
    """
    lo, hi = min(positions), max(positions)
    for a, b in NATURAL_SCALES:
        if a <= lo and hi <= b:
            return (a, b), (
                f"bounds [{a:g}, {b:g}]: the first of [0, 1], [0, 10], [0, 100] that holds "
                f"every position ({lo:g} to {hi:g}); edit them if the scale is wider"
            )
    if lo == hi:
        return (lo - 1, hi + 1), f"bounds [{lo - 1:g}, {hi + 1:g}]: every position is {lo:g}"
    return (lo, hi), f"bounds [{lo:g}, {hi:g}]: the smallest and largest position"


def _scenario(path: Path, records: Sequence[Record], scale: int) -> Scenario:
    name = str(path)
    names = _unique_names(records, name)
    ids = unique(slugify(n, fallback=f"actor{k + 1}") for k, n in enumerate(names))
    issue_id = slugify(path.stem, fallback="issue")
    bounds, rule = natural_bounds([r.position for r in records])
    notify(rule, file=name)
    issue = {
        "id": issue_id,
        "name": path.stem,
        "bounds": bounds,
        "notes": f"Imported from the stakeholder table {path.name}. {rule}.",
    }
    actors = [
        {
            "id": i,
            "name": n,
            "capability": r.capability,
            "attributes": r.attributes,
            "stances": {issue_id: {"position": r.position, "salience": r.salience}},
        }
        for i, n, r in zip(ids, names, records, strict=True)
    ]
    meta = {
        "title": path.stem,
        "description": f"Stakeholder table {path.name}",
        "sources": [path.name],
    }
    data = {"metadata": meta, "salience_scale": scale, "issues": [issue], "actors": actors}
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        lines = [r.line for r in records]
        raise InputError(problems_by_row(exc, file=name, lines=lines)) from None


def _unique_names(records: Sequence[Record], name: str) -> list[str]:
    """Names made unique (``#2``, ``#3``), with a warning for each rename."""
    names = unique(r.name for r in records)
    first: dict[str, int] = {}
    renamed = 0
    for record, new in zip(records, names, strict=True):
        first.setdefault(record.name, record.line)
        if new == record.name:
            continue
        renamed += 1
        if renamed <= MAX_RENAME_NOTICES:
            notify(
                f"actor name '{record.name}' repeats line {first[record.name]}; renamed '{new}'",
                file=name,
                line=record.line,
                severity="warning",
            )
    if renamed > MAX_RENAME_NOTICES:
        notify(
            f"{renamed - MAX_RENAME_NOTICES} more repeated actor names renamed the same way",
            file=name,
            severity="warning",
        )
    return names
