"""Validation problems for people: one message per field, all of them at once.

pydantic reports a bad value in a union field (a number, a distribution or a
list of them) once per branch it tried, and skips the scenario's cross-field
checks when any field is wrong. :func:`validate_data` fixes both: it merges
the branches into one sentence, and runs the cross-field checks on the parts
that are valid, so a file with several problems reports all of them.
"""

from __future__ import annotations

import difflib
import math
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from realpolitik.errors import Problem
from realpolitik.io.tables import parse_number
from realpolitik.scenario import Actor, Issue, Metadata, Scenario, ScenarioProblems, Stance
from realpolitik.scenario.models import Loc, semantic_problems

Pair = tuple[Loc, str]

_SCALAR_TAGS = {"float", "int", "str", "bool", "Distribution"}
_NUMERIC_KEYS = {"position", "salience", "capability", "risk", "status_quo", "outcome", "bounds"}
_NUMBER_HINT = "a number (e.g. 60) or a distribution (e.g. '60 ± 10', 'uniform(40, 70)')"


def dotted(loc: Loc) -> str:
    """``('actors', 2, 'capability')`` -> ``actors[2].capability``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _is_tag(part: str | int) -> bool:
    return isinstance(part, str) and (part in _SCALAR_TAGS or "[" in part)


def clean_errors(exc: ValidationError) -> list[Pair]:
    """Every problem of a validation error as ``(loc, message)``, one per field."""
    plain: list[Pair] = []
    branches: dict[Loc, list[tuple[str, Loc, Mapping[str, Any]]]] = {}
    for err in exc.errors():
        cause = (err.get("ctx") or {}).get("error")
        if isinstance(cause, ScenarioProblems):
            plain += cause.problems
            continue
        loc: Loc = tuple(err["loc"])
        cut = next((k for k, part in enumerate(loc) if _is_tag(part)), None)
        if cut is None:
            plain.append((loc, message(err, loc)))
        else:
            branches.setdefault(loc[:cut], []).append((str(loc[cut]), loc[cut + 1 :], err))
    for prefix, errs in branches.items():
        plain += _merge_union(prefix, errs)
    return plain


def _merge_union(prefix: Loc, errs: list[tuple[str, Loc, Mapping[str, Any]]]) -> list[Pair]:
    """One problem for a value that matched no branch of a union (or one per bad list item)."""
    items: dict[Loc, list[Mapping[str, Any]]] = {}
    for tag, rest, err in errs:
        if tag.startswith("list[") and rest and isinstance(rest[0], int):
            items.setdefault((*prefix, rest[0]), []).append(err)
    if items:
        return [(loc, _scalar_message(group, in_list=False)) for loc, group in items.items()]
    has_list = any(tag.startswith("list[") for tag, _, _ in errs)
    return [(prefix, _scalar_message([e for _, _, e in errs], in_list=has_list))]


def _scalar_message(errs: list[Mapping[str, Any]], *, in_list: bool) -> str:
    for err in errs:
        if err["type"] == "value_error":
            return _strip_value_error(str(err["msg"]))
    if any(err["type"] == "finite_number" for err in errs):
        return "must be a finite number (not NaN or infinity)"
    tail = ", or a list of them with one per dimension" if in_list else ""
    return f"expected {_NUMBER_HINT}{tail}"


def _strip_value_error(msg: str) -> str:
    return re.sub(r"^Value error, ", "", msg)


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The pydantic model that validates the mapping at ``loc`` of a scenario, if any."""
    tp: Any = Scenario
    for part in loc:
        tp = _step(tp, part)
        if tp is None:
            return None
    return _as_model(tp)


def _as_model(tp: Any) -> type[BaseModel] | None:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return tp
    if typing.get_origin(tp) in (typing.Union, types.UnionType):  # the model branch
        for arg in typing.get_args(tp):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                return arg
    return None


def _step(tp: Any, part: str | int) -> Any:
    model = _as_model(tp)
    if model is not None:
        field = model.model_fields.get(str(part))
        return None if field is None else field.annotation
    for branch in (tp, *typing.get_args(tp)):
        origin, args = typing.get_origin(branch), typing.get_args(branch)
        if origin is list and isinstance(part, int) and args:
            return args[0]
        if origin is dict and isinstance(part, str) and len(args) == 2:
            return args[1]
    return None


def message(err: Mapping[str, Any], loc: Loc) -> str:
    """A sentence for one pydantic error, saying what to do."""
    kind = err["type"]
    if kind == "extra_forbidden":
        return _unknown_key(loc)
    if kind == "missing":
        return f"required field '{loc[-1]}' is missing; add it" if loc else "required"
    if kind == "finite_number":
        return "must be a finite number (not NaN or infinity)"
    if kind == "string_pattern_mismatch":
        return (
            f"'{err.get('input')}' is not a valid id: use letters, digits and _ . : # + - "
            "only, starting with a letter or digit (no spaces)"
        )
    if kind == "value_error":
        return _strip_value_error(str(err["msg"]))
    if str(err.get("msg", "")).lower().startswith("keys should be strings") and loc:
        return (
            f"'{loc[-1]}' is read as a key: a decimal comma? write numbers with a decimal "
            f"point (e.g. 20.5); in {{...}} a comma separates the fields"
        )
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        return f"'{err.get('input')}' is not a date: write it as YYYY-MM-DD, e.g. 2025-02-28"
    msg = str(err["msg"])
    return msg[0].lower() + msg[1:] if msg else str(kind)


def _unknown_key(loc: Loc) -> str:
    key = str(loc[-1]) if loc else "?"
    model = _model_at(loc[:-1])
    if model is None:
        return "unknown key; check its spelling against `realpolitik schema`"
    allowed = list(model.model_fields)
    close = difflib.get_close_matches(key, allowed, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"unknown key '{key}'; {hint}allowed here: {', '.join(allowed)}"


def non_finite(data: Any) -> list[Pair]:
    """NaN and infinity anywhere a number is expected (YAML ``.nan``, ``.inf``, ``"nan"``).

    Walks the data without recursion and visits a shared (aliased) container
    once, so deep or alias-heavy YAML costs no more than its size.
    """
    out: list[Pair] = []
    stack: list[tuple[Any, Loc]] = [(data, ())]
    visited: set[int] = set()
    while stack:
        value, loc = stack.pop()
        if isinstance(value, Mapping | list):
            if id(value) in visited:
                continue
            visited.add(id(value))
            items = value.items() if isinstance(value, Mapping) else enumerate(value)
            stack += [(v, (*loc, k if isinstance(k, int) else str(k))) for k, v in items]
        elif _is_non_finite(value, numeric=any(p in _NUMERIC_KEYS for p in loc)):
            out.append((loc, f"must be a finite number (not NaN or infinity), got {value!r}"))
    return out[::-1]


def _is_non_finite(value: Any, *, numeric: bool) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, str) and numeric:
        try:
            parse_number(value)
        except ValueError as exc:
            return "finite" in str(exc)
    return False


def validate_data(data: Mapping[str, Any]) -> tuple[Scenario | None, list[Pair]]:
    """A scenario from parsed data, and every problem found (then the scenario is None)."""
    found = non_finite(data)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        found += clean_errors(exc)
        cross_field_only = all(
            isinstance((e.get("ctx") or {}).get("error"), ScenarioProblems) for e in exc.errors()
        )
        if not cross_field_only:
            found += partial_semantic_problems(data)
        return None, _first_per_field(found)
    return (None, found) if found else (scenario, [])


def _first_per_field(pairs: list[Pair]) -> list[Pair]:
    seen: set[Loc] = set()
    out: list[Pair] = []
    for loc, msg in pairs:
        if loc not in seen:
            seen.add(loc)
            out.append((loc, msg))
    return out


def _try(model: type[BaseModel], data: Any, **fallback: Any) -> Any:
    """``data`` validated as ``model``, ignoring unknown keys; None when invalid.

    When that fails, the fields of ``fallback`` are replaced by its values and
    validation is tried again (their problems are already reported).
    """
    if not isinstance(data, Mapping):
        return None
    known = {k: v for k, v in data.items() if k in model.model_fields}
    for attempt in (known, {**known, **fallback}):
        try:
            return model.model_validate(attempt)
        except ValidationError:
            continue
    return None


def partial_semantic_problems(data: Mapping[str, Any]) -> list[Pair]:
    """The scenario's cross-field checks, run on the issues, actors and stances that are valid.

    Used when some fields are invalid (pydantic then skips the cross-field
    checks), so that e.g. a capability of 0 is reported together with a
    misspelt key. Problems that only come from leaving invalid parts out are
    dropped. The dynamic blocks (war, levers, deals, events) are checked once
    the fields are valid.
    """
    raw_issues = _list(data.get("issues"))
    raw_actors = _list(data.get("actors"))
    issue_fallback: dict[str, Any] = {
        "name": "", "unit": "", "low": "", "high": "", "notes": "", "ranges": {},
        "attributes": {}, "status_quo": None, "outcome": None,
    }  # fmt: skip
    issues = [
        (k, i)
        for k, d in enumerate(raw_issues)
        if (i := _try(Issue, d, **issue_fallback)) is not None
    ]
    actors = [(k, a) for k, d in enumerate(raw_actors) if (a := _valid_actor(d)) is not None]
    scale = data.get("salience_scale", 1)
    sc = Scenario.model_construct(
        metadata=Metadata.model_construct(title="-"),
        issues=[i for _, i in issues],
        actors=[a for _, a in actors],
        salience_scale=scale if scale in (1, 100) else 100,
    )
    index = {"issues": [k for k, _ in issues], "actors": [k for k, _ in actors]}
    context = _Context(
        raw_actors=raw_actors,
        raw_issue_ids={d.get("id") for d in raw_issues if isinstance(d, Mapping)},
        valid_ids={i.id for _, i in issues},
        referenced={key for d in raw_actors for key in _stance_keys(d)},
    )
    out: list[Pair] = []
    for loc, msg in semantic_problems(sc):
        kind = str(loc[0])
        if kind not in index or len(loc) < 2 or not isinstance(loc[1], int):
            continue  # only issues and actors are rebuilt here (not the dynamic blocks)
        orig: Loc = (kind, index[kind][loc[1]], *loc[2:])
        if not context.spurious(orig, msg, sc):
            out.append((orig, _renumber(msg, index)))
    return out


@dataclass(frozen=True)
class _Context:
    """What the raw data says, to tell real problems from artefacts of leaving parts out."""

    raw_actors: list[Any]
    raw_issue_ids: set[Any]
    valid_ids: set[str]
    referenced: set[str]

    def spurious(self, loc: Loc, msg: str, sc: Scenario) -> bool:
        """True for a problem caused only by an invalid part having been left out."""
        kind, k = loc[0], int(loc[1])
        if kind == "actors" and loc[2:] == ("stances",):
            return bool(_stance_keys(self.raw_actors[k]))
        if kind == "actors" and len(loc) == 4 and loc[3] not in self.valid_ids:
            return loc[3] in self.raw_issue_ids
        if kind == "issues" and "no actor has a stance" in msg:
            return any(f"'{i.id}'" in msg and i.id in self.referenced for i in sc.issues)
        return False


def _renumber(msg: str, index: dict[str, list[int]]) -> str:
    def sub(m: re.Match[str]) -> str:
        return f"{m.group(1)}[{index[m.group(1)][int(m.group(2))]}]"

    return re.sub(r"\b(actors|issues)\[(\d+)\]", sub, msg)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _stance_keys(actor: Any) -> list[str]:
    stances = actor.get("stances") if isinstance(actor, Mapping) else None
    return [str(k) for k in stances] if isinstance(stances, Mapping) else []


def _valid_actor(data: Any) -> Actor | None:
    if not isinstance(data, Mapping):
        return None
    stances = data.get("stances")
    good = {}
    if isinstance(stances, Mapping):
        good = {
            str(k): s
            for k, v in stances.items()
            if (s := _try(Stance, v, salience=0.0, source="")) is not None
        }
    fallback: dict[str, Any] = {
        "capability": 1.0, "risk": None, "name": "", "notes": "", "attributes": {},
    }  # fmt: skip
    actor = _try(Actor, {**data, "stances": {}}, **fallback)
    return None if actor is None else actor.model_copy(update={"stances": good})


MAX_PROBLEMS = 100
"""Problems listed one by one; beyond, one line counts the rest."""


def limited(problems: list[Problem]) -> list[Problem]:
    """The first :data:`MAX_PROBLEMS` problems, and one that counts the others."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    rest = len(problems) - MAX_PROBLEMS
    more = Problem(
        message=f"... and {rest} more problems; fix the ones above and load the file again",
        file=problems[0].file,
    )
    return [*problems[:MAX_PROBLEMS], more]


def problems_by_row(exc: ValidationError, *, file: str, lines: list[int]) -> list[Problem]:
    """Problems of a scenario built from a table, located at the row of each actor.

    Args:
        exc: the validation error.
        file: the table's file name.
        lines: the line of each actor, in actor order.
    """
    out: list[Problem] = []
    for loc, msg in clean_errors(exc):
        line = None
        if len(loc) >= 2 and loc[0] == "actors" and isinstance(loc[1], int):
            line = lines[loc[1]]
        out.append(Problem(message=msg, file=file, line=line, field=dotted(loc) or None))
    return out
