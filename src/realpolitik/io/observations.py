"""Read observations (what happened after a scenario's as-of date) and attach them to a scenario.

Two forms, the same content (:mod:`realpolitik.scenario.observations`):

- a CSV with the columns ``date, kind, subject, value, sd`` (and, kept as
  text, ``scale_note`` or ``unit``, ``source_url`` or ``source``, ``note``);
- a YAML or JSON file with an ``observations`` list (a scenario file with
  that block, or a file holding only it).

Every problem is reported at once with the file, the row (CSV) or line
(YAML) and the field; an unknown subject names the known ones.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from realpolitik.errors import InputError, Problem
from realpolitik.scenario import Scenario
from realpolitik.scenario.observations import Observation, observation_problems

COLUMNS = ("date", "kind", "subject", "value", "sd")
TEXT = {"scale_note": "unit", "unit": "unit", "source_url": "source", "source": "source",
        "note": "note"}
BUNDLED = Path(__file__).resolve().parents[1] / "data" / "observations"


def bundled_observations(name: str) -> Path | None:
    """The observations shipped for bundled scenario ``name`` (None if there are none)."""
    path = BUNDLED / f"{name}.csv"
    return path if path.is_file() else None


def with_observations(scenario: Scenario, path: str | Path) -> Scenario:
    """``scenario`` with the observations of ``path`` (replacing any it had), all checked.

    Raises:
        InputError: every problem of the file, by row or line and field.
    """
    p = Path(path)
    if not p.is_file():
        found = bundled_observations(str(path))
        if found is None:
            raise InputError.one(f"no such file: {path}", field="--observations")
        p = found
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError.one(f"cannot read it: {exc}", file=str(p)) from exc
    items, lines = _csv(text, p) if p.suffix.lower() in (".csv", ".txt") else _mapping(text, p)
    observations, kept, problems = _parse(items, lines, p)
    out = scenario.model_copy(update={"observations": observations})
    problems += [
        Problem(
            message=msg,
            file=str(p),
            line=kept[int(loc[1])] if len(loc) > 1 else None,
            field=str(loc[-1]) if len(loc) > 2 else "observations",
        )
        for loc, msg in observation_problems(out)
    ]
    if problems:
        raise InputError(sorted(problems, key=lambda q: q.line or 0))
    return out


def _csv(text: str, path: Path) -> tuple[list[dict[str, Any]], list[int]]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InputError.one(
            f"missing column(s) {', '.join(missing)}; an observations CSV has the columns "
            f"{', '.join(COLUMNS)}",
            file=str(path), line=1,
        )
    items, lines = [], []
    for k, raw in enumerate(reader):
        row = {(key or "").strip().lower(): (v or "").strip() for key, v in raw.items()}
        if not any(row.values()):
            continue
        item: dict[str, Any] = {c: row[c] for c in ("date", "kind", "subject")}
        for c in ("value", "sd"):
            if row[c]:
                item[c] = row[c]
        for col, name in TEXT.items():
            if row.get(col):
                item[name] = row[col]
        items.append(item)
        lines.append(k + 2)
    return items, lines


def _mapping(text: str, path: Path) -> tuple[list[dict[str, Any]], list[int]]:
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputError.one(f"not valid YAML or JSON: {exc}", file=str(path), line=line) from exc
    if not isinstance(data, dict) or not isinstance(data.get("observations"), list):
        raise InputError.one(
            "no 'observations' list in this file (a CSV needs the .csv extension)",
            file=str(path), field="observations",
        )
    lines = [0] * len(data["observations"])
    assert isinstance(node, yaml.MappingNode)
    for key, value in node.value:
        if key.value == "observations" and isinstance(value, yaml.SequenceNode):
            lines = [item.start_mark.line + 1 for item in value.value]
    items = [x if isinstance(x, dict) else {"date": x} for x in data["observations"]]
    return items, lines


def _parse(
    items: list[dict[str, Any]], lines: list[int], path: Path
) -> tuple[list[Observation], list[int], list[Problem]]:
    """The valid observations, their lines, and the problems of the others."""
    observations, kept, problems = [], [], []
    for item, line in zip(items, lines, strict=True):
        try:
            observations.append(Observation.model_validate(item))
            kept.append(line)
        except ValidationError as exc:
            for e in exc.errors():
                field = ".".join(str(x) for x in e["loc"]) or _field(item)
                msg = str(e["msg"]).removeprefix("Value error, ")
                problems.append(Problem(message=msg, file=str(path), line=line, field=field))
    return observations, kept, problems


def _field(item: dict[str, Any]) -> str:
    """The field a whole-row rule is about: ``sd`` for a measure, else ``value``."""
    return "sd" if item.get("kind") == "measure" and "value" in item else "value"
