"""Read and write scenario files (YAML or JSON), reporting problems by line.

YAML is parsed with PyYAML's safe loader only. Validation errors from pydantic
(and the scenario's cross-field checks) are mapped back to the line of the
offending field, so that every problem reads ``file, line N, field 'x': ...``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from realpolitik.errors import InputError, Problem
from realpolitik.io.atomic import write_text_atomic
from realpolitik.io.options import deal_model_problems, model_params_problems
from realpolitik.io.text import MAX_BYTES, read_text
from realpolitik.io.validation import dotted, limited, validate_data
from realpolitik.scenario import Scenario
from realpolitik.scenario.models import Loc

__all__ = [
    "MAX_BYTES",
    "dump_scenario",
    "line_of",
    "load_scenario_file",
    "parse_yaml",
    "read_text",
    "save_scenario",
    "scenario_from_data",
    "scenario_to_data",
]


_BASE: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LOADER(_BASE):  # type: ignore[misc,valid-type]
    """PyYAML's safe loader, in C (libyaml) when available: same results, much faster.

    A date-like value that is not a date (``2025-13-01``) stays a string, so
    validation names its field and line instead of the loader failing.
    """


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_LOADER.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


MAX_ENTRIES = 100_000
"""Scenario files with more separators than this (commas, brackets, braces, lines) are
refused before parsing: building a million YAML nodes takes minutes, and no scenario
needs that many (1000 actors with stances on 20 issues have about 60,000)."""


def _entries_estimate(text: str) -> int:
    """An upper bound of half the number of YAML nodes, counted at C speed."""
    lines = max(text.count("\n"), text.count("\r"))
    return text.count(",") + text.count("[") + text.count("{") + lines


def parse_yaml(text: str, name: str) -> tuple[Any, yaml.Node | None]:
    """Parse YAML (or JSON, a subset) safely; return the data and its node tree."""
    entries = _entries_estimate(text)
    if entries > MAX_ENTRIES:
        raise InputError.one(
            f"too large for a scenario file: about {entries:,} entries (lines, commas and "
            f"brackets), more than the {MAX_ENTRIES:,} allowed; is this the right file?",
            file=name,
        )
    try:
        loader = _LOADER(text)
        try:
            node: yaml.Node | None = loader.get_single_node()
            data = None if node is None else loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise InputError.one(
            f"not valid YAML: {exc.problem}; check the indentation, colons and quotes there",
            file=name,
            line=line,
        ) from None
    except yaml.YAMLError as exc:
        raise InputError.one(f"not valid YAML: {exc}", file=name) from None
    except RecursionError:
        raise InputError.one("YAML nested too deeply", file=name) from None
    return data, node


def _entries(node: yaml.Node) -> Iterator[tuple[str | int, int, yaml.Node]]:
    """Children of a node as (key or index, line of the key or item, value node)."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield key.value, key.start_mark.line + 1, value
    elif isinstance(node, yaml.SequenceNode):
        for k, value in enumerate(node.value):
            yield k, value.start_mark.line + 1, value


def _child(node: yaml.Node, part: str | int) -> tuple[int, yaml.Node] | None:
    if isinstance(node, yaml.SequenceNode):
        if isinstance(part, int) and 0 <= part < len(node.value):
            child: yaml.Node = node.value[part]
            return child.start_mark.line + 1, child
        return None
    return next(((ln, v) for k, ln, v in _entries(node) if str(k) == str(part)), None)


def line_of(node: yaml.Node | None, loc: Iterable[str | int]) -> int | None:
    """The 1-based line of the field at ``loc``, or of its deepest ancestor in the file.

    A mapping entry is located at its key (``stances:`` rather than the block
    below it); a missing field at the mapping that lacks it.
    """
    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in loc:
        found = _child(node, part)
        if found is None:
            break
        line, node = found
    return line


def duplicate_keys(node: yaml.Node | None) -> list[Problem]:
    """Keys repeated in one YAML mapping (YAML would silently keep the last)."""
    out: list[Problem] = []
    stack: list[tuple[yaml.Node, Loc]] = [] if node is None else [(node, ())]
    seen_nodes: set[int] = set()
    while stack:
        current, loc = stack.pop()
        if id(current) in seen_nodes:
            continue
        seen_nodes.add(id(current))
        first: dict[str, int] = {}
        for key, line, child in _entries(current):
            if isinstance(current, yaml.MappingNode) and str(key) in first:
                out.append(
                    Problem(
                        message=f"key '{key}' appears twice in this mapping (also line "
                        f"{first[str(key)]}); only the last one would count, remove one",
                        line=line,
                        field=dotted((*loc, key)),
                    )
                )
            first.setdefault(str(key), line)
            stack.append((child, (*loc, key)))
    return sorted(out, key=lambda p: p.line or 0)


def scenario_from_data(data: Any, *, file: str, node: yaml.Node | None = None) -> Scenario:
    """Validate parsed data as a :class:`Scenario`, raising :class:`InputError`.

    Every problem is reported at once, each at the line of its field.
    """
    dups = [
        Problem(message=p.message, file=file, line=p.line, field=p.field)
        for p in duplicate_keys(node)
    ]
    if data is None:
        raise InputError.one(
            "the file is empty; a scenario file needs 'metadata', 'issues' and 'actors' "
            "(see docs/file-format.md)",
            file=file,
            line=1,
        )
    if not isinstance(data, dict):
        raise InputError.one(
            "a scenario file must be a mapping with 'metadata', 'issues' and 'actors', "
            f"not a {type(data).__name__}",
            file=file,
            line=1,
        )
    scenario, pairs = validate_data(data)
    pairs += model_params_problems(data)
    if scenario is not None:
        pairs += deal_model_problems(scenario)
    problems = dups + [_problem(loc, msg, file, node) for loc, msg in pairs]
    if problems or scenario is None:
        raise InputError(limited(sorted(problems, key=lambda p: p.line or 0)))
    return scenario


def _problem(loc: Loc, msg: str, file: str, node: yaml.Node | None) -> Problem:
    return Problem(message=msg, file=file, line=line_of(node, loc), field=dotted(loc) or None)


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


def save_scenario(scenario: Scenario, path: str | Path) -> None:
    """Write a scenario atomically: a half-written file never replaces a good one.

    JSON when the name ends in ``.json``, YAML otherwise.
    """
    path = Path(path)
    fmt = "json" if path.suffix.lower() == ".json" else "yaml"
    text = dump_scenario(scenario, fmt)
    write_text_atomic(path, text)
