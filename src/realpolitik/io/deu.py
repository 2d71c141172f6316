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
- a position without a salience, or an actor with positions but no capability,
  is dropped (with one notice), imputed or refused, as ``missing`` says
  (:mod:`realpolitik.io.deu_missing`);
- every other column (proposal and issue ids, type, council, procedure,
  voting rule, dates) is kept, as written, in ``Issue.attributes``: numbers
  as numbers when the whole column is numeric, else text.

Achen (2006) and Thomson et al. (2006) use these data to compare bargaining
models; the backtests do too.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from realpolitik.errors import InputError, Problem
from realpolitik.io.deu_layout import ACTOR_NAMES, Layout, layout_of, uncapped_actors
from realpolitik.io.deu_missing import Gaps, Missing, imputed_salience
from realpolitik.io.tables import Row, TableSyntaxError, parse_number, read_rows, typed_column
from realpolitik.io.validation import clean_errors, dotted, limited
from realpolitik.scenario import Scenario

SOURCE = "DEU III (Arregui & Perarnaud 2021), doi:10.34810/data53"


def read_deu(path: Path, text: str, *, missing: Missing = "drop") -> list[Scenario]:
    """Read a DEU table: one scenario per issue, in file order.

    Each scenario has one issue (bounds [0, 100], the reference point as
    ``status_quo``, the outcome as ``outcome``, the other columns as
    ``attributes``) and the actors involved in it, with saliences on 0-100.
    Actors carry ``attributes["role"]``: ``commission``, ``parliament`` or
    ``member_state``.

    Args:
        path: the file (named in messages).
        text: its content.
        missing: what to do with a position without a salience and an actor
            without a capability: ``"drop"`` them (one notice lists them),
            ``"impute"`` them, or ``"refuse"`` the file
            (:mod:`realpolitik.io.deu_missing`).

    Raises:
        InputError: every problem of the file at once, by line and column.
    """
    name = str(path)
    rows = _rows(text, name)
    layout = layout_of(rows[0], rows[1], name)
    body = rows[2:]
    if not body:
        raise InputError.one("no issue rows after the capability row (line 2)", file=name)
    gaps = Gaps(missing)
    layout = uncapped_actors(layout, body, gaps, name)
    columns = {c: typed_column([r.get(k) for r in body]) for c, k in layout.other.items()}
    problems = _duplicate_issue_ids(body, layout, name)
    scenarios: list[Scenario] = []
    for j, row in enumerate(body):
        attrs = {c: v[j] for c, v in columns.items() if v[j] != ""}
        found, scenario = _scenario(row, layout, attrs, path, gaps)
        problems += found
        if scenario is not None:
            scenarios.append(scenario)
    if problems:
        raise InputError(limited(problems))
    gaps.notify(name)
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


def _stances(row: Row, layout: Layout, name: str, gaps: Gaps) -> tuple[list[Problem], Stances]:
    problems: list[Problem] = []
    stances: Stances = {}
    unsalient: dict[str, float] = {}
    for code in layout.actors:
        pcol, scol = "p" + code, "s" + code
        position = _number(row, layout.position[code], pcol, name, problems)
        salience = _number(row, layout.salience[code], scol, name, problems)
        if position is not None and not row.get(layout.salience[code]):
            unsalient[code] = position
        if position is not None and salience is not None:
            stances[code] = (position, salience)
    if not unsalient:
        return problems, stances
    if gaps.policy == "refuse":
        return problems + [_no_salience(row, code, name) for code in unsalient], stances
    if gaps.policy == "drop":
        for code in unsalient:
            gaps.salience(row.line, code, None)
        return problems, stances
    value = imputed_salience([s for _, s in stances.values()])
    for code, position in unsalient.items():
        gaps.salience(row.line, code, value)
        stances[code] = (position, value)
    return problems, {a: stances[a] for a in layout.actors if a in stances}


def _no_salience(row: Row, code: str, name: str) -> Problem:
    return Problem(
        message=f"actor '{code}' has a position but no salience; give its salience in "
        f"'s{code}' (0-100), clear its position, or read the file with missing=drop or "
        "missing=impute",
        file=name,
        line=row.line,
        field="s" + code,
    )


def _has_position(row: Row, layout: Layout) -> bool:
    return any(row.get(k) for k in layout.position.values())


def _role(code: str) -> str:
    return {"com": "commission", "ep": "parliament"}.get(code, "member_state")


def _scenario(
    row: Row, layout: Layout, attrs: dict[str, str | float], path: Path, gaps: Gaps
) -> tuple[list[Problem], Scenario | None]:
    name = str(path)
    problems, stances = _stances(row, layout, name, gaps)
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
    if not stances and not problems and _has_position(row, layout):
        gaps.issues.append(issue_id)  # every position of the issue was dropped
        return [], None
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
