"""Import the DEU data set: real EU decisions with known outcomes, one scenario per issue.

The *Decision-making in the European Union* data (Thomson et al. 2006, The
European Union Decides; DEU III, Arregui & Perarnaud 2021,
doi:10.34810/data53) as a tab-separated table:

- line 1: the header; line 2: a capability proxy per actor, in the position
  columns; then one line per issue;
- ``p<xx>`` / ``s<xx>``: position and salience (both 0-100) of actor ``xx``
  (``com`` Commission, ``ep`` Parliament, then member states); an empty
  position means the actor is not involved in the issue;
- ``rp``: the reference point (status quo) where known; ``out``: the outcome;
- every other column (proposal and issue ids, type, council, procedure,
  voting rule, dates) is kept, as written, in ``Issue.attributes``: numbers
  as numbers when the whole column is numeric, else text.

Achen (2006) and Thomson et al. (2006) use these data to compare bargaining
models; the backtests do too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from realpolitik.errors import InputError, Problem
from realpolitik.io.tables import Row, TableSyntaxError, parse_number, read_rows, typed_column
from realpolitik.io.validation import clean_errors, dotted, limited
from realpolitik.scenario import Scenario

SOURCE = "DEU III (Arregui & Perarnaud 2021), doi:10.34810/data53"

ACTOR_NAMES: dict[str, str] = {
    "com": "European Commission", "ep": "European Parliament", "at": "Austria",
    "be": "Belgium", "bu": "Bulgaria", "cr": "Croatia", "cy": "Cyprus",
    "cz": "Czech Republic", "dk": "Denmark", "ee": "Estonia", "fi": "Finland",
    "fr": "France", "de": "Germany", "el": "Greece", "hu": "Hungary", "ie": "Ireland",
    "it": "Italy", "lv": "Latvia", "lt": "Lithuania", "lu": "Luxembourg", "mt": "Malta",
    "nl": "Netherlands", "pl": "Poland", "pt": "Portugal", "ro": "Romania",
    "si": "Slovenia", "sk": "Slovakia", "es": "Spain", "se": "Sweden",
    "uk": "United Kingdom",
}  # fmt: skip
"""Names of the DEU actor codes."""

REQUIRED = ("isnr", "rp", "out")
"""Columns every DEU table must have: issue id, reference point, outcome."""


@dataclass(frozen=True)
class Layout:
    """Where things are in a DEU table."""

    header: list[str]
    actors: list[str]
    capability: dict[str, float]
    position: dict[str, int]
    salience: dict[str, int]
    other: dict[str, int]


def read_deu(path: Path, text: str) -> list[Scenario]:
    """Read a DEU table: one scenario per issue, in file order.

    Each scenario has one issue (bounds [0, 100], the reference point as
    ``status_quo``, the outcome as ``outcome``, the other columns as
    ``attributes``) and the actors involved in it, with saliences on 0-100.
    Actors carry ``attributes["role"]``: ``commission``, ``parliament`` or
    ``member_state``.

    Args:
        path: the file (named in messages).
        text: its content.

    Raises:
        InputError: every problem of the file at once, by line and column.
    """
    name = str(path)
    rows = _rows(text, name)
    layout = _layout(rows[0], rows[1], name)
    body = rows[2:]
    if not body:
        raise InputError.one("no issue rows after the capability row (line 2)", file=name)
    columns = {c: typed_column([r.get(k) for r in body]) for c, k in layout.other.items()}
    problems = _duplicate_issue_ids(body, layout, name)
    scenarios: list[Scenario] = []
    for j, row in enumerate(body):
        attrs = {c: v[j] for c, v in columns.items() if v[j] != ""}
        found, scenario = _scenario(row, layout, attrs, path)
        problems += found
        if scenario is not None:
            scenarios.append(scenario)
    if problems:
        raise InputError(limited(problems))
    return scenarios


def _rows(text: str, name: str) -> list[Row]:
    if not text.strip():
        raise InputError.one(
            "the file is empty; expected a DEU table (header, capability row, one row per issue)",
            file=name,
            line=1,
        )
    try:
        rows = read_rows(text, "\t")
    except TableSyntaxError as exc:
        raise InputError.one(
            f"cannot split this row into cells ({exc.detail})", file=name, line=exc.line
        ) from None
    rows = [r for k, r in enumerate(rows) if k < 2 or not r.blank]
    if len(rows) < 2 or len(rows[0].cells) < 2:
        raise InputError.one(
            "not a DEU table: expected tab-separated columns (isnr, p<xx>, s<xx>, rp, out) "
            "and a capability row on line 2",
            file=name,
            line=1,
        )
    return rows


def _layout(header: Row, caps: Row, name: str) -> Layout:
    """Find the actors (position columns with a capability on line 2) and the rest."""
    cols = header.cells
    problems = [
        Problem(message=f"column '{c}' appears twice; keep one", file=name, line=1, field=c)
        for k, c in enumerate(cols)
        if c and c in cols[:k]
    ]
    problems += [
        Problem(
            message=f"no '{c}' column; the DEU format needs {', '.join(REQUIRED)}",
            file=name,
            line=1,
            field=c,
        )
        for c in REQUIRED
        if c not in cols
    ]
    index = {c: k for k, c in reversed(list(enumerate(cols)))}
    actors = [c[1:] for k, c in enumerate(cols) if c.startswith("p") and caps.get(k)]
    capability: dict[str, float] = {}
    for code in actors:
        k = index["p" + code]
        try:
            capability[code] = parse_number(caps.get(k))
        except ValueError as exc:
            problems.append(
                Problem(message=f"capability: {exc}", file=name, line=caps.line, field=cols[k])
            )
            continue
        if capability[code] <= 0:
            problems.append(
                Problem(
                    message=f"capability must be greater than 0, got {capability[code]:g}",
                    file=name,
                    line=caps.line,
                    field=cols[k],
                )
            )
        if "s" + code not in index:
            problems.append(
                Problem(
                    message=f"position column 'p{code}' has no salience column 's{code}'; add it",
                    file=name,
                    line=1,
                    field="s" + code,
                )
            )
    if not actors:
        problems.append(
            Problem(
                message="no actor: line 2 must give a capability under each position column p<xx>",
                file=name,
                line=caps.line,
            )
        )
    if problems:
        raise InputError(limited(problems))
    used = {index["p" + a] for a in actors} | {index["s" + a] for a in actors}
    used |= {index["rp"], index["out"]}
    other = {c: k for k, c in enumerate(cols) if k not in used and c}
    return Layout(
        header=cols,
        actors=actors,
        capability=capability,
        position={a: index["p" + a] for a in actors},
        salience={a: index["s" + a] for a in actors},
        other=other,
    )


def _duplicate_issue_ids(body: Sequence[Row], layout: Layout, name: str) -> list[Problem]:
    k = layout.other["isnr"]
    first: dict[str, int] = {}
    out: list[Problem] = []
    for row in body:
        issue_id = row.get(k)
        if issue_id in first:
            out.append(
                Problem(
                    message=f"issue id '{issue_id}' repeats line {first[issue_id]}; "
                    "ids must be unique",
                    file=name,
                    line=row.line,
                    field="isnr",
                )
            )
        first.setdefault(issue_id, row.line)
    return out


def _number(row: Row, k: int, column: str, name: str, problems: list[Problem]) -> float | None:
    cell = row.get(k)
    if not cell:
        return None
    try:
        value = parse_number(cell)
    except ValueError as exc:
        problems.append(Problem(message=str(exc), file=name, line=row.line, field=column))
        return None
    if not 0 <= value <= 100:
        problems.append(
            Problem(
                message=f"{value:g} is outside [0, 100], the DEU scale; give a value from 0 to 100",
                file=name,
                line=row.line,
                field=column,
            )
        )
        return None
    return value


Stances = dict[str, tuple[float, float]]


def _stances(row: Row, layout: Layout, name: str) -> tuple[list[Problem], Stances]:
    problems: list[Problem] = []
    stances: Stances = {}
    for code in layout.actors:
        pcol, scol = "p" + code, "s" + code
        position = _number(row, layout.position[code], pcol, name, problems)
        salience = _number(row, layout.salience[code], scol, name, problems)
        if row.get(layout.position[code]) and not row.get(layout.salience[code]):
            problems.append(
                Problem(
                    message=f"actor '{code}' has a position but no salience; give its salience "
                    f"in '{scol}' (0-100) or clear its position",
                    file=name,
                    line=row.line,
                    field=scol,
                )
            )
        if position is not None and salience is not None:
            stances[code] = (position, salience)
    return problems, stances


def _role(code: str) -> str:
    return {"com": "commission", "ep": "parliament"}.get(code, "member_state")


def _scenario(
    row: Row, layout: Layout, attrs: dict[str, str | float], path: Path
) -> tuple[list[Problem], Scenario | None]:
    name = str(path)
    problems, stances = _stances(row, layout, name)
    sq = _number(row, layout.header.index("rp"), "rp", name, problems)
    out = _number(row, layout.header.index("out"), "out", name, problems)
    issue_id = row.get(layout.other["isnr"])
    if not issue_id:
        problems.append(
            Problem(
                message="the issue id is empty; give every issue an id",
                file=name,
                line=row.line,
                field="isnr",
            )
        )
    if not stances and not problems:
        problems.append(
            Problem(
                message="no actor has a position on this issue; give at least one p<xx> a value",
                file=name,
                line=row.line,
            )
        )
    if problems:
        return problems, None
    data = _data(issue_id, row, layout, attrs, stances, sq, out, path)
    try:
        return [], Scenario.model_validate(data)
    except ValidationError as exc:
        return [
            Problem(message=msg, file=name, line=row.line, field=dotted(loc))
            for loc, msg in clean_errors(exc)
        ], None


def _data(
    issue_id: str,
    row: Row,
    layout: Layout,
    attrs: dict[str, str | float],
    stances: dict[str, tuple[float, float]],
    sq: float | None,
    out: float | None,
    path: Path,
) -> dict[str, object]:
    label = f"{attrs.get('prname', '')} {issue_id}".strip()
    summary = ", ".join(str(attrs[c]) for c in ("type", "council", "proc", "counvte") if c in attrs)
    issue = {
        "id": issue_id,
        "name": label,
        "bounds": (0.0, 100.0),
        "status_quo": sq,
        "outcome": out,
        "notes": f"DEU issue {issue_id} ({summary}), {path.name} line {row.line}. "
        "The other DEU columns are in attributes.",
        "attributes": attrs,
    }
    actors = [
        {
            "id": code,
            "name": ACTOR_NAMES.get(code, code),
            "capability": layout.capability[code],
            "attributes": {"role": _role(code)},
            "stances": {issue_id: {"position": p, "salience": s}},
        }
        for code, (p, s) in stances.items()
    ]
    meta = {
        "title": f"DEU {label}",
        "description": f"EU decision {issue_id}: {summary}",
        "sources": [SOURCE, f"{path.name}, line {row.line}"],
    }
    return {"metadata": meta, "salience_scale": 100, "issues": [issue], "actors": actors}
