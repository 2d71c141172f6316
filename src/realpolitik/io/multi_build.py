"""Join the stances read from stakeholder tables into one scenario.

Actors are matched by name (as written) across rows, tables and sheets, and
keep the order in which they first appear; so do issues. An actor's
capability is given once or repeated with the same value; an actor has at most
one stance per issue. The salience scale (0-1 or 0-100) and each issue's
bounds are chosen as for a one-issue table (see
:func:`realpolitik.io.stakeholder.natural_bounds`), each with a notice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from realpolitik.errors import InputError, Problem
from realpolitik.io.multi_issue import StanceRow
from realpolitik.io.notices import notify
from realpolitik.io.stakeholder import natural_bounds
from realpolitik.io.tables import slugify, unique
from realpolitik.io.validation import limited, problems_by_row
from realpolitik.scenario import Scenario


@dataclass(frozen=True, kw_only=True)
class Source:
    """What the tables came from: the file's name and stem, named in the scenario."""

    file: str
    name: str
    stem: str


def build_scenario(rows: Sequence[StanceRow], source: Source) -> Scenario:
    """One scenario from the stances of every table.

    Raises:
        InputError: conflicting capabilities, a repeated stance, or what the
            scenario's validation finds, each at its row (values are checked as
            they are read, by :mod:`realpolitik.io.multi_issue`).
    """
    problems = _repeats(rows)
    capability, more = _capabilities(rows)
    problems += more
    if problems:
        raise InputError(limited(problems))
    issues = _issues(rows, source)
    scale = _salience_scale(rows)
    actors = _actors(rows, capability, {label: i["id"] for label, i in issues.items()})
    data = {
        "metadata": {
            "title": source.stem,
            "description": f"Stakeholder tables of {source.name}",
            "sources": [source.name],
        },
        "salience_scale": scale,
        "issues": list(issues.values()),
        "actors": actors,
    }
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        firsts = _first_rows(rows)
        lines = [r.line for r in firsts.values()]
        raise InputError(problems_by_row(exc, file=source.file, lines=lines)) from None


def _first_rows(rows: Sequence[StanceRow]) -> dict[str, StanceRow]:
    first: dict[str, StanceRow] = {}
    for r in rows:
        first.setdefault(r.actor, r)
    return first


def _where(r: StanceRow) -> str:
    return f"{r.table.source}, line {r.line}"


def _repeats(rows: Sequence[StanceRow]) -> list[Problem]:
    seen: dict[tuple[str, str], StanceRow] = {}
    out = []
    for r in rows:
        key = (r.actor, r.issue)
        if key in seen:
            out.append(
                r.table.problem(
                    f"'{r.actor}' already has a stance on '{r.issue}' ({_where(seen[key])}); "
                    "give one row per actor and issue",
                    r.line,
                )
            )
        seen.setdefault(key, r)
    return out


def _capabilities(rows: Sequence[StanceRow]) -> tuple[dict[str, float], list[Problem]]:
    """Each actor's capability: given once, or repeated with the same value."""
    found: dict[str, StanceRow] = {}
    out: list[Problem] = []
    for r in rows:
        if r.capability is None:
            continue
        first = found.setdefault(r.actor, r)
        if first.capability != r.capability:
            out.append(
                r.table.problem(
                    f"'{r.actor}' has capability {r.capability:g} here but "
                    f"{first.capability:g} at {_where(first)}; give one capability per actor",
                    r.line,
                    r.capability_col,
                )
            )
    for name, r in _first_rows(rows).items():
        if name not in found:
            out.append(
                r.table.problem(
                    f"'{name}' has no capability on any row; give it on one",
                    r.line,
                    r.capability_col,
                )
            )
    return {k: v.capability for k, v in found.items() if v.capability is not None}, out


def _issues(rows: Sequence[StanceRow], source: Source) -> dict[str, dict[str, Any]]:
    """Each issue (by its label), with its id and bounds, in order of appearance."""
    labels = list(dict.fromkeys(r.issue for r in rows))
    ids = unique(slugify(label, fallback=f"issue{k + 1}") for k, label in enumerate(labels))
    out = {}
    for label, issue_id in zip(labels, ids, strict=True):
        positions = [r.position for r in rows if r.issue == label]
        bounds, rule = natural_bounds(positions)
        notify(f"issue '{label}': {rule}", file=source.file)
        out[label] = {
            "id": issue_id,
            "name": label,
            "bounds": bounds,
            "notes": f"Imported from {source.name}. {rule}.",
        }
    return out


def _salience_scale(rows: Sequence[StanceRow]) -> int:
    top = max(rows, key=lambda r: r.salience)
    if top.salience <= 1:
        notify("saliences read on 0-1 (none is above 1)", file=top.table.source)
        return 1
    notify(
        f"saliences read on 0-100 (the largest is {top.salience:g}, line {top.line}); the "
        "models divide them by 100",
        file=top.table.source,
    )
    small = next((r for r in rows if 0 < r.salience < 1), None)
    if small is not None:
        notify(
            f"salience {small.salience:g} is below 1 while others reach {top.salience:g}: "
            "it is read on 0-100 like the rest; check it is not on 0-1",
            file=small.table.source,
            line=small.line,
            severity="warning",
        )
    return 100


def _actors(
    rows: Sequence[StanceRow], capability: dict[str, float], issue_ids: dict[str, str]
) -> list[dict[str, Any]]:
    firsts = _first_rows(rows)
    ids = unique(slugify(n, fallback=f"actor{k + 1}") for k, n in enumerate(firsts))
    actors: dict[str, dict[str, Any]] = {}
    for name, actor_id in zip(firsts, ids, strict=True):
        actors[name] = {
            "id": actor_id,
            "name": name,
            "capability": capability[name],
            "attributes": {},
            "stances": {},
        }
    for r in rows:
        a = actors[r.actor]
        a["stances"][issue_ids[r.issue]] = {"position": r.position, "salience": r.salience}
        for key, value in r.attributes.items():
            a["attributes"].setdefault(key, value)
    return list(actors.values())
