"""Edit a scenario file's text in place: comments, key order and layout kept.

The web app's table editor changes a few cells; writing the whole scenario
anew would drop every comment and restyle the file. Instead the old and the
new scenario are compared as plain data (:func:`scenario_to_data`) and only
the values that differ are written into the original text, parsed and
re-emitted with ruamel.yaml's round-trip mode (which keeps comments, key
order, flow or block style and quoting of everything untouched).

Lists of mappings with an ``id`` (issues, actors, levers ...) are matched by
id, so reordering nothing moves nothing. A change the text's structure cannot
take (e.g. the text is not a mapping) gives None: the caller then writes the
scenario anew.
"""

from __future__ import annotations

import difflib
import io
import itertools
from collections.abc import Iterator
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from realpolitik.io.scenario_file import scenario_to_data
from realpolitik.scenario import Scenario

Path_ = tuple[str | int, ...]
Change = tuple[Path_, Any]
DELETE = object()
"""Marks a key removed in the new data."""


def _yaml(text: str = "") -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap a long line the user wrote
    offset = _dash_offset(text)
    y.indent(mapping=2, sequence=offset + 2, offset=offset)
    return y


def _dash_offset(text: str) -> int:
    """How far the file indents a block list's dashes under its key (0 or 2, usually)."""
    lines = text.splitlines()
    for above, line in itertools.pairwise(lines):
        key, item = above.rstrip(), line.lstrip()
        if key.endswith(":") and item.startswith("- "):
            return max(0, (len(line) - len(item)) - (len(above) - len(above.lstrip())))
    return 2


def _plain(value: Any) -> Any:
    """Whole floats as integers (a cell typed ``62`` is written ``62``, not ``62.0``)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def changes(old: Any, new: Any, path: Path_ = ()) -> Iterator[Change]:
    """Every place where ``new`` differs from ``old``: ``(path, value or DELETE)``."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in new:
            if key not in old:
                yield (*path, key), new[key]
            else:
                yield from changes(old[key], new[key], (*path, key))
        for key in old:
            if key not in new:
                yield (*path, key), DELETE
        return
    if _by_id(old) and _by_id(new) and [o["id"] for o in old] == [n["id"] for n in new]:
        for o, n in zip(old, new, strict=True):
            yield from changes(o, n, (*path, f"id={o['id']}"))
        return
    if old != new:
        yield path, new


def _by_id(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, dict) and "id" in v for v in value)


def _child(node: Any, step: str | int) -> Any:
    if isinstance(step, str) and step.startswith("id=") and isinstance(node, CommentedSeq):
        return next(item for item in node if str(item.get("id")) == step[3:])
    return node[step]


def _apply(tree: Any, path: Path_, value: Any) -> None:
    node = tree
    for step in path[:-1]:
        node = _child(node, step)
    last = path[-1]
    if value is DELETE:
        del node[last]
    else:
        node[last] = _plain(value)


def edit_text(text: str, old: Scenario, new: Scenario) -> str | None:
    """``text`` (the file of ``old``) with only what ``new`` changed written into it.

    Returns:
        The edited text, or None when the text cannot be edited in place.
    """
    try:
        tree = _yaml().load(text)
    except YAMLError:
        return None
    if not isinstance(tree, CommentedMap):
        return None
    try:
        for path, value in changes(scenario_to_data(old), scenario_to_data(new)):
            _apply(tree, path, value)
    except (KeyError, IndexError, StopIteration, TypeError, AttributeError):
        return None
    out = io.StringIO()
    _yaml(text).dump(tree, out)
    return out.getvalue()


def text_diff(before: str, after: str, name: str) -> str:
    """A unified diff of two versions of a file, for people to read before saving."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"{name} (saved)",
        tofile=f"{name} (after your edit)",
        n=1,
    )
    return "".join(lines)
