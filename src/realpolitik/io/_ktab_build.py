"""What KTAB's two readers share: the collected data, the checks, the scenario built from them."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from realpolitik.errors import InputError, Problem
from realpolitik.io.validation import clean_errors, dotted
from realpolitik.scenario import Actor, Issue, Metadata, Scenario, Stance

_ID_BAD = re.compile(r"[^A-Za-z0-9_.:#+-]+")


@dataclass
class ActorData:
    """One actor as read: its line, name, description, capability, positions and saliences."""

    line: int
    name: str
    desc: str
    cap: float
    pos: list[float]
    sal: list[float]


@dataclass
class Collected:
    """What a reader gathered, with the problems it found on the way."""

    file: str
    name: str = ""
    desc: str = ""
    dims: list[str] = field(default_factory=list)
    actors: list[ActorData] = field(default_factory=list)
    params: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, message: str, line: int | None, fld: str | None) -> None:
        """Record a problem at ``line`` (1-based, None: the whole file) and field ``fld``."""
        self.problems.append(Problem(message=message, file=self.file, line=line, field=fld))

    def number(self, text: str, line: int | None, fld: str) -> float | None:
        """A finite number, or None after recording a problem."""
        try:
            value = float(text.strip())
        except ValueError:
            self.problem(f"expected a number, got '{text.strip()}'", line, fld)
            return None
        if not math.isfinite(value):
            self.problem(f"expected a finite number, got '{text.strip()}'", line, fld)
            return None
        return value


def _check_actor(col: Collected, a: ActorData, labels: tuple[str, str, str]) -> None:
    cap_f, pos_f, sal_f = labels
    if not a.name:
        col.problem("the actor needs a name", a.line, "name")
    if a.cap <= 0:
        col.problem(f"capability must be positive, got {a.cap:g}", a.line, cap_f)
    for k, (p, s) in enumerate(zip(a.pos, a.sal, strict=True)):
        if not 0 <= p <= 100:
            col.problem(f"position {p:g} is outside [0, 100]", a.line, f"{pos_f}[{k}]")
        if not 0 <= s <= 100:
            col.problem(f"salience {s:g} is outside [0, 100]", a.line, f"{sal_f}[{k}]")
    total = sum(a.sal)
    if total > 100 + 1e-9:
        col.problem(
            f"saliences sum to {total:g}; KTAB allows at most 100 per actor (100% of attention)",
            a.line,
            sal_f,
        )
    elif total <= 0:
        col.problem("at least one salience must be positive", a.line, sal_f)


def _slug(text: str, fallback: str) -> str:
    slug = _ID_BAD.sub("_", text.strip()).strip("_.:#+-")[:64].rstrip("_.:#+-")
    return slug or fallback


def _unique_ids(names: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for k, name in enumerate(names):
        base = _slug(name, f"actor{k + 1}")
        slug, extra = base, 2
        while slug in seen:
            slug, extra = f"{base[:60]}_{extra}", extra + 1
        seen.add(slug)
        out.append(slug)
    return out


def build(col: Collected, path: Path) -> Scenario:
    """The scenario of a KTAB file: one issue on 0-100, one actor per row.

    Args:
        col: what the CSV or XML reader gathered.
        path: the file (its ``.xml`` suffix picks the XML field names in messages).

    Raises:
        InputError: every problem the reader and the actor checks found, by line.
    """
    xml = path.suffix.lower() == ".xml"
    labels = ("capability", "Position", "Salience") if xml else ("Power", "position", "salience")
    for a in col.actors:
        _check_actor(col, a, labels)
    if col.problems:
        raise InputError(sorted(col.problems, key=lambda p: p.line or 0))
    d = len(col.dims)
    issue_id = _slug(col.name, "issue")
    one = d == 1
    issue = Issue(
        id=issue_id,
        name=col.dims[0] if one else col.name,
        dimensions=None if one else col.dims,
        bounds=(0.0, 100.0),
    )
    ids = _unique_ids(a.name for a in col.actors)
    actors = [
        Actor(
            id=i,
            name=a.name,
            capability=a.cap,
            notes=a.desc,
            stances={
                issue_id: Stance(
                    position=a.pos[0] if one else a.pos, salience=a.sal[0] if one else a.sal
                )
            },
        )
        for i, a in zip(ids, col.actors, strict=True)
    ]
    meta = Metadata(
        title=col.name or path.stem,
        description=col.desc,
        sources=[f"KTAB {'XML' if xml else 'CSV'} file {path.name}"],
        assumptions=col.notes,
    )
    params: dict[str, dict[str, Any]] = {"smp": dict(col.params)} if col.params else {}
    try:
        return Scenario(
            metadata=meta, salience_scale=100, issues=[issue], actors=actors, model_params=params
        )
    except ValidationError as exc:  # what the checks above leave to the scenario's rules
        raise InputError(_located(col, path, loc, msg) for loc, msg in clean_errors(exc)) from None


def _located(col: Collected, path: Path, loc: tuple[str | int, ...], msg: str) -> Problem:
    """A scenario problem at the line of its actor."""
    k = loc[1] if loc[:1] == ("actors",) and len(loc) > 1 and isinstance(loc[1], int) else None
    line = col.actors[k].line if k is not None and k < len(col.actors) else None
    return Problem(message=msg, file=str(path), line=line, field=dotted(loc) or None)
