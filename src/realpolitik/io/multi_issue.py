"""Stakeholder tables with several issues: long, wide, or one table per issue.

Three layouts of the expected-utility literature's table (see
:mod:`realpolitik.io.stakeholder` for the header words and ``docs/file-format.md``):

- **long**: one row per actor and issue, with an ``Issue`` column;
  the capability may be left empty on an actor's later rows;
- **wide**: one row per actor, a ``Capability`` column, and per issue a pair of
  columns named ``<issue>:position`` and ``<issue>:salience``; an actor with
  both cells of an issue empty takes no part in it;
- **one issue per table** (a CSV file, or a workbook sheet), the issue named
  after the file or the sheet.

Tables come from CSV text or from workbook sheets (:mod:`realpolitik.io.xlsx`);
each is a :class:`Table` whose messages name the file, the sheet, the row and
the column. Records of every table are joined by actor name into one scenario.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from realpolitik.errors import InputError, Problem
from realpolitik.io.stakeholder import ROLES, normalise_header
from realpolitik.io.tables import Row, parse_number, typed_column

ISSUE_WORDS = frozenset({"issue", "issues", "issueid", "issuename", "topic", "question"})
"""Header words of the issue column of a long table (normalised)."""

SEPARATOR = ":"
"""Between the issue and the role in a wide table's header: ``security:position``."""


@dataclass(frozen=True, kw_only=True)
class Table:
    """One table to read: its rows (header first) and how to name its places.

    Attributes:
        source: the file, and the sheet for a workbook (``book.xlsx, sheet 'trade'``).
        rows: the non-blank rows, header first, each with its line or row number.
        issue: the issue of a one-issue table (the file's stem or the sheet's name).
        letters: name columns by spreadsheet letter (``C (Position)``).
        decimal_comma: read ``0,5`` as 0.5 (CSV separated by semicolons).
    """

    source: str
    rows: list[Row]
    issue: str
    letters: bool = False
    decimal_comma: bool = False

    def column(self, k: int) -> str:
        """How messages name column ``k``: its header, with its letter in a workbook."""
        title = self.rows[0].get(k)
        if not self.letters:
            return title or f"column {k + 1}"
        return f"{column_letter(k)} ({title})" if title else f"column {column_letter(k)}"

    def problem(self, message: str, line: int | None, k: int | None = None) -> Problem:
        """A problem at ``line`` (and column ``k``) of this table."""
        return Problem(
            message=message,
            file=self.source,
            line=line,
            field=None if k is None else self.column(k),
        )


def column_letter(k: int) -> str:
    """``0 -> 'A'``, ``26 -> 'AA'``: a spreadsheet's name of the 0-based column ``k``."""
    out = ""
    k += 1
    while k:
        k, rest = divmod(k - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


@dataclass(frozen=True, kw_only=True)
class StanceRow:
    """One actor's stance on one issue, as read, with where it was read."""

    table: Table
    line: int
    actor: str
    issue: str
    capability: float | None
    position: float
    salience: float
    capability_col: int | None = None
    attributes: dict[str, str | float] = field(default_factory=dict)


def _role(cell: str) -> str | None:
    word = normalise_header(cell)
    if word in ISSUE_WORDS:
        return "issue"
    return next((r for r, words in ROLES.items() if word in words), None)


def wide_column(cell: str) -> tuple[str, str] | None:
    """``'Security: Position'`` -> ``('Security', 'position')``; None if not a wide column."""
    issue, sep, rest = cell.rpartition(SEPARATOR)
    role = _role(rest) if sep else None
    if not issue.strip() or role not in ("position", "salience"):
        return None
    return issue.strip(), role


def layout(header: Row) -> str:
    """``long``, ``wide`` or ``single``: which layout a header row announces."""
    if any(_role(c) == "issue" for c in header.cells):
        return "long"
    if any(wide_column(c) for c in header.cells):
        return "wide"
    return "single"


def read_table(table: Table) -> list[StanceRow]:
    """Every stance of one table, whatever its layout.

    Raises:
        InputError: every problem of the table at once (at most the first 20 or so).
    """
    if len(table.rows) < 2:
        line = table.rows[0].line if table.rows else 1
        raise InputError([table.problem("no actor rows under the header", line)])
    kind = layout(table.rows[0])
    if kind == "wide":
        return _read_wide(table)
    return _read_long(table, with_issue=kind == "long")


def _roles(table: Table, wanted: Sequence[str]) -> tuple[dict[str, int], list[Problem]]:
    """Column of each wanted role, and the problems (missing or repeated) of the header."""
    header = table.rows[0]
    index: dict[str, int] = {}
    problems: list[Problem] = []
    for k, cell in enumerate(header.cells):
        role = _role(cell)
        if role is None or role not in wanted:
            continue
        if role in index:
            first = table.column(index[role])
            problems.append(
                table.problem(f"two columns give the {role}: {first} and this one", header.line, k)
            )
        index[role] = index.get(role, k)
    for role in wanted:
        if role not in index:
            words = ", ".join(sorted(ISSUE_WORDS if role == "issue" else ROLES[role]))
            problems.append(
                Problem(
                    message=f"no {role} column; name one column with one of: {words}",
                    file=table.source,
                    line=header.line,
                    field=role,
                )
            )
    return index, problems


def _number(table: Table, row: Row, k: int, role: str, problems: list[Problem]) -> float | None:
    """The number in a cell, or None (and a problem) when it is empty or not a number."""
    cell = row.get(k)
    if not cell:
        problems.append(table.problem(f"the {role} is empty; give a {role}", row.line, k))
        return None
    try:
        value = parse_number(cell, decimal_comma=table.decimal_comma)
    except ValueError as exc:
        problems.append(table.problem(str(exc), row.line, k))
        return None
    wrong = _out_of_range(role, value)
    if wrong:
        problems.append(table.problem(wrong, row.line, k))
        return None
    return value


def _out_of_range(role: str, value: float) -> str | None:
    """What is wrong with a capability or salience value (None: nothing)."""
    if role == "capability" and value <= 0:
        return (
            f"capability must be greater than 0, got {value:g}; give every actor a positive "
            "capability (only ratios between actors matter)"
        )
    if role == "salience" and not 0 <= value <= 100:
        return f"salience {value:g} is outside [0, 1] and [0, 100]; give saliences on 0-1 or 0-100"
    return None


def _extras(table: Table, used: Iterable[int]) -> dict[int, list[str | float]]:
    """The other named columns (kept as attributes), typed column by column."""
    header, body = table.rows[0], table.rows[1:]
    skip = set(used)
    return {
        k: typed_column([r.get(k) for r in body])
        for k, title in enumerate(header.cells)
        if title and k not in skip
    }


def _attributes(
    table: Table, extras: dict[int, list[str | float]], j: int
) -> dict[str, str | float]:
    return {table.rows[0].cells[k]: col[j] for k, col in extras.items() if col[j] != ""}


def _read_long(table: Table, *, with_issue: bool) -> list[StanceRow]:
    wanted = ["name", "capability", "position", "salience"] + (["issue"] if with_issue else [])
    index, problems = _roles(table, wanted)
    if problems:
        raise InputError(problems)
    extras = _extras(table, index.values())
    out: list[StanceRow] = []
    for j, row in enumerate(table.rows[1:]):
        before = len(problems)
        name = _text(table, row, index["name"], "actor's name", problems)
        issue = _text(table, row, index["issue"], "issue", problems) if with_issue else table.issue
        cap = None
        if row.get(index["capability"]) or not with_issue:
            cap = _number(table, row, index["capability"], "capability", problems)
        pos = _number(table, row, index["position"], "position", problems)
        sal = _number(table, row, index["salience"], "salience", problems)
        if len(problems) == before and pos is not None and sal is not None:
            out.append(
                StanceRow(
                    table=table,
                    line=row.line,
                    actor=name,
                    issue=issue,
                    capability=cap,
                    capability_col=index["capability"],
                    position=pos,
                    salience=sal,
                    attributes=_attributes(table, extras, j),
                )
            )
    if problems:
        raise InputError(problems)
    return out


def _text(table: Table, row: Row, k: int, what: str, problems: list[Problem]) -> str:
    cell = row.get(k)
    if not cell:
        problems.append(table.problem(f"the {what} is empty; fill it in", row.line, k))
    return cell


def _wide_issues(table: Table) -> tuple[dict[str, dict[str, int]], list[Problem]]:
    """Per issue (in header order), the column of its position and of its salience."""
    header = table.rows[0]
    issues: dict[str, dict[str, int]] = {}
    problems: list[Problem] = []
    for k, cell in enumerate(header.cells):
        parsed = wide_column(cell)
        if parsed is None:
            continue
        issue, role = parsed
        if role in issues.setdefault(issue, {}):
            problems.append(
                table.problem(f"two columns give the {role} on '{issue}'", header.line, k)
            )
        issues[issue].setdefault(role, k)
    for issue, cols in issues.items():
        for role in ("position", "salience"):
            if role not in cols:
                other = next(iter(cols.values()))
                problems.append(
                    table.problem(
                        f"issue '{issue}' has no {role} column; add one named "
                        f"'{issue}{SEPARATOR}{role}'",
                        header.line,
                        other,
                    )
                )
    return issues, problems


def _read_wide(table: Table) -> list[StanceRow]:
    index, problems = _roles(table, ["name", "capability"])
    issues, more = _wide_issues(table)
    problems += more
    if problems:
        raise InputError(problems)
    used = [*index.values(), *(k for cols in issues.values() for k in cols.values())]
    extras = _extras(table, used)
    out: list[StanceRow] = []
    for j, row in enumerate(table.rows[1:]):
        name = _text(table, row, index["name"], "actor's name", problems)
        cap = _number(table, row, index["capability"], "capability", problems)
        taken = [i for i, c in issues.items() if row.get(c["position"]) or row.get(c["salience"])]
        if not taken:
            problems.append(
                table.problem(
                    "the actor has no position and salience on any issue; fill in one pair",
                    row.line,
                )
            )
        for issue in taken:  # an actor with both cells empty takes no part in that issue
            cols = issues[issue]
            pos = _number(table, row, cols["position"], "position", problems)
            sal = _number(table, row, cols["salience"], "salience", problems)
            if pos is None or sal is None or not name:
                continue
            out.append(
                StanceRow(
                    table=table,
                    line=row.line,
                    actor=name,
                    issue=issue,
                    capability=cap,
                    capability_col=index["capability"],
                    position=pos,
                    salience=sal,
                    attributes=_attributes(table, extras, j),
                )
            )
    if problems:
        raise InputError(problems)
    return out
