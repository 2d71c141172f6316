"""Read and write scenario files (YAML or JSON), reporting problems by line.

YAML is parsed with PyYAML's safe loader only. Validation errors from pydantic
(and the scenario's cross-field checks) are mapped back to the line of the
offending field, so that every problem reads ``file, line N, field 'x': ...``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from realpolitik.errors import InputError, Problem
from realpolitik.scenario import Scenario, ScenarioProblems
from realpolitik.scenario.models import Loc

MAX_BYTES = 20_000_000
"""Scenario files larger than this are refused before parsing."""


def read_text(path: Path) -> str:
    """Read a text file as UTF-8 (BOM tolerated), with people-friendly errors."""
    name = str(path)
    if not path.exists():
        raise InputError.one("file not found", file=name)
    if path.is_dir():
        raise InputError.one("is a folder, not a file", file=name)
    if path.stat().st_size > MAX_BYTES:
        raise InputError.one(f"file is larger than {MAX_BYTES // 1_000_000} MB", file=name)
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.one(
            f"not UTF-8 text (byte {exc.start}); save the file as UTF-8", file=name
        ) from None
    except OSError as exc:
        raise InputError.one(f"cannot read the file: {exc.strerror}", file=name) from None


def parse_yaml(text: str, name: str) -> tuple[Any, yaml.Node | None]:
    """Parse YAML (or JSON, a subset) safely; return the data and its node tree."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise InputError.one(f"not valid YAML: {exc.problem}", file=name, line=line) from None
    except yaml.YAMLError as exc:
        raise InputError.one(f"not valid YAML: {exc}", file=name) from None
    except RecursionError:
        raise InputError.one("YAML nested too deeply", file=name) from None
    return data, node


def line_of(node: yaml.Node | None, loc: Iterable[str | int]) -> int | None:
    """The 1-based line of the deepest node found along ``loc``."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in loc:
        child = _child(node, part)
        if child is None:
            break
        node = child
        line = node.start_mark.line + 1
    return line


def _child(node: yaml.Node, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        child: yaml.Node = node.value[part]
        return child
    return None


def dotted(loc: Iterable[str | int]) -> str:
    """``('actors', 2, 'capability')`` -> ``actors[2].capability``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def problems_from_validation(
    exc: ValidationError, *, file: str, node: yaml.Node | None = None
) -> list[Problem]:
    """Turn a pydantic error (and the scenario's cross-field problems) into Problems."""
    out: list[Problem] = []
    for err in exc.errors():
        cause = (err.get("ctx") or {}).get("error")
        if isinstance(cause, ScenarioProblems):
            out += [_problem(loc, msg, file, node) for loc, msg in cause.problems]
            continue
        loc = tuple(p for p in err["loc"] if not _is_union_tag(p))
        out.append(_problem(loc, _message(err), file, node))
    return out


def _is_union_tag(part: str | int) -> bool:
    return isinstance(part, str) and (part in {"float", "list[float]", "str"} or "[" in part)


def _problem(loc: Loc, msg: str, file: str, node: yaml.Node | None) -> Problem:
    return Problem(message=msg, file=file, line=line_of(node, loc), field=dotted(loc) or None)


def _message(err: Mapping[str, Any]) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        return "unknown key; check its spelling against `realpolitik schema`"
    if kind == "missing":
        return "required field is missing"
    if kind == "finite_number":
        return "must be a finite number (not NaN or infinity)"
    msg = str(err["msg"])
    return msg[0].lower() + msg[1:] if msg else kind


def scenario_from_data(data: Any, *, file: str, node: yaml.Node | None = None) -> Scenario:
    """Validate parsed data as a :class:`Scenario`, raising :class:`InputError`."""
    if not isinstance(data, dict):
        raise InputError.one(
            "a scenario file must be a mapping with 'metadata', 'issues' and 'actors'",
            file=file,
            line=1,
        )
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise InputError(problems_from_validation(exc, file=file, node=node)) from None


def load_scenario_file(path: Path) -> Scenario:
    """Load a YAML or JSON scenario file."""
    text = read_text(path)
    data, node = parse_yaml(text, str(path))
    return scenario_from_data(data, file=str(path), node=node)


def scenario_to_data(scenario: Scenario) -> dict[str, Any]:
    """Plain data for a scenario, without defaults that carry no information."""
    data: dict[str, Any] = scenario.model_dump(mode="json", exclude_defaults=True)
    data = {"format": scenario.format, **data}
    return data


def dump_scenario(scenario: Scenario, fmt: str = "yaml") -> str:
    """Serialise a scenario as YAML (default) or JSON text."""
    data = scenario_to_data(scenario)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def save_scenario(scenario: Scenario, path: Path) -> None:
    """Write a scenario atomically: a half-written file never replaces a good one."""
    fmt = "json" if path.suffix.lower() == ".json" else "yaml"
    text = dump_scenario(scenario, fmt)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError.one(f"cannot write the file: {exc.strerror}", file=str(path)) from None
