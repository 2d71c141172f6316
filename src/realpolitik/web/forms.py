"""The scenario table form: cells <-> scenario data, and problems placed beside their cells.

The table shows one row per actor: its capability, then its position and
salience on each issue. A cell holds a number (``60``), a distribution
(``60 ± 10``, ``uniform(40, 70)``) or, on a multi-dimensional issue, one
value per dimension separated by commas (``10, 30``). An empty position and
salience mean "no stance on this issue".
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from realpolitik.errors import Problem
from realpolitik.io.scenario_file import scenario_to_data
from realpolitik.scenario import Scenario
from realpolitik.scenario.uncertain import Distribution

_FIELD = re.compile(r"^actors\[(\d+)\](?:\.(capability)|\.stances\.([^.]+)(?:\.(\w+))?)?")


def cell_name(kind: str, actor: int, issue: str | None = None) -> str:
    """The form field of a cell: ``cap-0``, ``pos-1-budget``, ``sal-1-budget``."""
    return f"{kind}-{actor}" if issue is None else f"{kind}-{actor}-{issue}"


@dataclass(frozen=True, kw_only=True)
class TableForm:
    """The editable table of a scenario: cell values and the problems beside them.

    Attributes:
        actors: actor labels, in file order.
        issues: ``(id, label)`` of each issue.
        values: cell name -> text shown in the cell.
        errors: cell name -> messages to show beside it.
        general: problems that belong to no cell.
    """

    actors: list[str]
    issues: list[tuple[str, str]]
    values: dict[str, str]
    errors: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)


def table_form(scenario: Scenario) -> TableForm:
    """The table of a valid scenario, every cell filled from it."""
    values: dict[str, str] = {}
    for k, actor in enumerate(scenario.actors):
        values[cell_name("cap", k)] = cell_text(actor.capability)
        for issue in scenario.issues:
            stance = actor.stances.get(issue.id)
            if stance is not None:
                values[cell_name("pos", k, issue.id)] = cell_text(stance.position)
                values[cell_name("sal", k, issue.id)] = cell_text(stance.salience)
    return TableForm(
        actors=[a.label for a in scenario.actors],
        issues=[(i.id, i.name or i.id) for i in scenario.issues],
        values=values,
    )


def cell_text(value: Any) -> str:
    """A value as cell text, exactly (saving an unchanged table changes nothing)."""
    if isinstance(value, list | tuple):
        return ", ".join(cell_text(v) for v in value)
    if isinstance(value, Distribution):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def parse_cell(text: str) -> Any:
    """A cell's text as file data: a number, a distribution's text, or a list of them."""
    text = text.strip()
    if "(" not in text and "," in text:
        return [_scalar(part) for part in text.split(",")]
    return _scalar(text)


def _scalar(text: str) -> Any:
    text = text.strip()
    try:
        return float(text)
    except ValueError:
        return text


def apply_form(scenario: Scenario, form: Mapping[str, str]) -> dict[str, Any]:
    """The scenario's data with the table's cells put in (not yet validated)."""
    data = copy.deepcopy(scenario_to_data(scenario))
    for k, actor in enumerate(data["actors"]):
        cap = form.get(cell_name("cap", k))
        if cap is not None:
            actor["capability"] = parse_cell(cap)
        stances = actor.setdefault("stances", {})
        for issue in scenario.issues:
            pos = form.get(cell_name("pos", k, issue.id))
            sal = form.get(cell_name("sal", k, issue.id))
            if pos is None and sal is None:
                continue
            _set_stance(stances, issue.id, pos or "", sal or "")
    return data


def _set_stance(stances: dict[str, Any], issue_id: str, pos: str, sal: str) -> None:
    if not pos.strip() and not sal.strip():
        stances.pop(issue_id, None)
        return
    stance = stances.setdefault(issue_id, {})
    stance["position"] = parse_cell(pos)
    stance["salience"] = parse_cell(sal)


def with_problems(
    scenario: Scenario, form: Mapping[str, str], problems: list[Problem]
) -> TableForm:
    """The table as the user filled it, each problem beside its cell."""
    base = table_form(scenario)
    values = {**base.values, **{k: v for k, v in form.items() if k in _cells(base)}}
    errors: dict[str, list[str]] = {}
    general: list[str] = []
    for p in problems:
        cell = problem_cell(p.field)
        if cell is not None and cell in _cells(base):
            errors.setdefault(cell, []).append(p.message)
        else:
            general.append(str(p))
    return TableForm(
        actors=base.actors, issues=base.issues, values=values, errors=errors, general=general
    )


def _cells(form: TableForm) -> set[str]:
    names = {cell_name("cap", k) for k in range(len(form.actors))}
    for k in range(len(form.actors)):
        for issue_id, _ in form.issues:
            names |= {cell_name("pos", k, issue_id), cell_name("sal", k, issue_id)}
    return names


def problem_cell(field_path: str | None) -> str | None:
    """The cell a problem's field belongs to (``actors[1].stances.b.salience`` -> ``sal-1-b``)."""
    m = _FIELD.match(field_path or "")
    if m is None:
        return None
    actor, cap, issue, part = m.groups()
    if cap:
        return cell_name("cap", int(actor))
    if issue:
        kind = "sal" if part == "salience" else "pos"
        return cell_name(kind, int(actor), issue)
    return None
