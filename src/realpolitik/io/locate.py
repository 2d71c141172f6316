"""Place a model's objections to a scenario in the scenario's file.

Models see arrays, not files: they name what they refuse by actor and issue id
(``actors.<actor id>.stances.<issue id>.salience``, ``issues.<issue id>``), and
options by their place in ``model_params`` (``model_params.eum.rounds``).
:func:`locate` turns those into the file's own terms: the file, the field's
path as the validator writes it (``actors[2].stances.trade.salience``) and, for
a YAML or JSON scenario file, its line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import yaml

from realpolitik.errors import InputError, Problem
from realpolitik.io.scenario_file import line_of, parse_yaml, read_text
from realpolitik.io.validation import dotted
from realpolitik.scenario import Scenario
from realpolitik.scenario.models import Loc

SCENARIO_SUFFIXES = {".yaml", ".yml", ".json"}


def locate(problems: Iterable[Problem], scenario: Scenario, path: str | Path) -> list[Problem]:
    """The problems, each scenario field given the file, its path in the file and its line.

    Problems that already name a file, or whose field is not an actor's or an
    issue's (a model option, say), are returned unchanged.
    """
    node = _node(Path(path))
    out = []
    for p in problems:
        loc = None if p.file else _loc(p.field or "", scenario)
        if loc is None:
            out.append(p)
            continue
        out.append(replace(p, file=str(path), line=line_of(node, loc), field=dotted(loc)))
    return out


def _node(path: Path) -> yaml.Node | None:
    """The YAML node tree of a scenario file, or None for other formats."""
    if path.suffix.lower() not in SCENARIO_SUFFIXES or not path.is_file():
        return None
    try:
        return parse_yaml(read_text(path), str(path))[1]
    except (InputError, OSError):  # the file changed since it was loaded
        return None


def _split_id(text: str, ids: Iterable[str]) -> tuple[str, str] | None:
    """``"<id>.rest"`` -> ``(id, "rest")`` for the longest known id (ids may contain dots)."""
    for item in sorted(ids, key=len, reverse=True):
        if text == item or text.startswith(f"{item}."):
            return item, text[len(item) + 1 :]
    return None


def _loc(field: str, scenario: Scenario) -> Loc | None:
    """``actors.<id>.stances.<issue>.salience`` -> ``("actors", 2, "stances", "<issue>", ...)``."""
    kind, _, rest = field.partition(".")
    if kind == "model_params":
        model, _, key = rest.partition(".")
        return ("model_params", model, key) if key else ("model_params", model)
    if kind not in ("actors", "issues"):
        return None
    ids = [a.id for a in scenario.actors] if kind == "actors" else [i.id for i in scenario.issues]
    index = {item_id: k for k, item_id in enumerate(ids)}
    found = _split_id(rest, index)
    if found is None:
        return None
    item_id, tail = found
    loc: Loc = (kind, index[item_id])
    if tail.startswith("stances."):
        stance = _split_id(tail.removeprefix("stances."), (i.id for i in scenario.issues))
        if stance is None:
            return None
        loc = (*loc, "stances", stance[0])
        tail = stance[1]
    return (*loc, *tail.split(".")) if tail else loc
