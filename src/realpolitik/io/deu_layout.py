"""Where things are in a DEU table: the actors, their capabilities and columns (line 1 and 2).

See :mod:`realpolitik.io.deu` for the format; actors without a capability on
line 2 are handled as :mod:`realpolitik.io.deu_missing` says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from realpolitik.errors import InputError, Problem
from realpolitik.io.deu_missing import Gaps, imputed_capability
from realpolitik.io.tables import Row, parse_number
from realpolitik.io.validation import limited

ACTOR_NAMES: dict[str, str] = {
    "com": "European Commission", "ep": "European Parliament", "at": "Austria",
    "be": "Belgium", "bu": "Bulgaria", "cr": "Croatia", "cy": "Cyprus",
    "cz": "Czech Republic", "dk": "Denmark", "ee": "Estonia", "fi": "Finland",
    "fr": "France", "de": "Germany", "el": "Greece", "hu": "Hungary", "ie": "Ireland",
    "it": "Italy", "lv": "Latvia", "lt": "Lithuania", "lu": "Luxembourg", "mt": "Malta",
    "nl": "Netherlands", "pl": "Poland", "pt": "Portugal", "ro": "Romania",
    "si": "Slovenia", "sk": "Slovakia", "es": "Spain", "se": "Sweden",
    "uk": "United Kingdom",
}  # fmt: skip
"""Names of the DEU actor codes."""

REQUIRED = ("isnr", "rp", "out")
"""Columns every DEU table must have: issue id, reference point, outcome."""


@dataclass(frozen=True)
class Layout:
    """Where things are in a DEU table."""

    header: list[str]
    actors: list[str]
    capability: dict[str, float]
    position: dict[str, int]
    salience: dict[str, int]
    other: dict[str, int]
    uncapped: list[str]
    """Actors with a position and a salience column but no capability on line 2."""


def layout_of(header: Row, caps: Row, name: str) -> Layout:
    """Find the actors (position columns with a capability on line 2) and the rest."""
    cols = header.cells
    problems = [
        Problem(message=f"column '{c}' appears twice; keep one", file=name, line=1, field=c)
        for k, c in enumerate(cols)
        if c and c in cols[:k]
    ]
    problems += [
        Problem(
            message=f"no '{c}' column; the DEU format needs {', '.join(REQUIRED)}",
            file=name,
            line=1,
            field=c,
        )
        for c in REQUIRED
        if c not in cols
    ]
    index = {c: k for k, c in reversed(list(enumerate(cols)))}
    actors = [c[1:] for k, c in enumerate(cols) if c.startswith("p") and caps.get(k)]
    capability: dict[str, float] = {}
    for code in actors:
        k = index["p" + code]
        try:
            capability[code] = parse_number(caps.get(k))
        except ValueError as exc:
            problems.append(
                Problem(message=f"capability: {exc}", file=name, line=caps.line, field=cols[k])
            )
            continue
        if capability[code] <= 0:
            problems.append(
                Problem(
                    message=f"capability must be greater than 0, got {capability[code]:g}",
                    file=name,
                    line=caps.line,
                    field=cols[k],
                )
            )
        if "s" + code not in index:
            problems.append(
                Problem(
                    message=f"position column 'p{code}' has no salience column 's{code}'; add it",
                    file=name,
                    line=1,
                    field="s" + code,
                )
            )
    if not actors:
        problems.append(
            Problem(
                message="no actor: line 2 must give a capability under each position column p<xx>",
                file=name,
                line=caps.line,
            )
        )
    if problems:
        raise InputError(limited(problems))
    uncapped = [c for c in _codes(cols) if c not in capability]
    used = {index["p" + a] for a in actors} | {index["s" + a] for a in actors}
    used |= {index["p" + a] for a in uncapped} | {index["s" + a] for a in uncapped}
    used |= {index["rp"], index["out"]}
    other = {c: k for k, c in enumerate(cols) if k not in used and c}
    return Layout(
        header=cols,
        actors=actors,
        capability=capability,
        position={a: index["p" + a] for a in actors},
        salience={a: index["s" + a] for a in actors},
        other=other,
        uncapped=uncapped,
    )


def uncapped_actors(layout: Layout, body: Sequence[Row], gaps: Gaps, name: str) -> Layout:
    """Apply the policy to actors with positions but no capability on line 2."""
    first = {c: _first_position(body, layout.header.index("p" + c)) for c in layout.uncapped}
    used = [(code, line) for code, line in first.items() if line is not None]
    if not used:
        return layout
    if gaps.policy == "refuse":
        raise InputError(
            [
                Problem(
                    message=f"actor '{code}' has a position (line {line}) but no capability "
                    "on line 2; give one, or read the file with missing=drop or missing=impute",
                    file=name,
                    line=2,
                    field="p" + code,
                )
                for code, line in used
            ]
        )
    codes = [code for code, _ in used]
    if gaps.policy == "drop":
        gaps.capabilities += [f"p{c} ({ACTOR_NAMES.get(c, c)})" for c in codes]
        return layout
    value = imputed_capability(list(layout.capability.values()))
    gaps.capabilities += [f"p{c} ({ACTOR_NAMES.get(c, c)}) = {value:g}" for c in codes]
    index = {c: k for k, c in enumerate(layout.header)}
    actors = [a for a in _codes(layout.header) if a in layout.actors or a in codes]
    return replace(
        layout,
        actors=actors,
        capability={a: layout.capability.get(a, value) for a in actors},
        position={a: index["p" + a] for a in actors},
        salience={a: index["s" + a] for a in actors},
    )


def _codes(header: Sequence[str]) -> list[str]:
    return [c[1:] for c in header if c.startswith("p") and "s" + c[1:] in header]


def _first_position(body: Sequence[Row], k: int) -> int | None:
    return next((row.line for row in body if row.get(k)), None)
