"""Importers for KTAB's spatial-model inputs: its CSV tables and XML scenarios.

KTAB (KAPSARC Toolkit for Behavioral Analysis) reads, in ``SMPModel::csvRead``,
a CSV file whose first line holds the scenario's name, description, number of
actors and number of dimensions; the second line is a header; then one row per
actor: name, description, capability, then position and salience (0-100) per
dimension. Lines may end with a trailing comma. ``SMPModel::xmlRead`` reads the
same data from XML, with the model parameters. Both become one
:class:`~realpolitik.scenario.Scenario` with a single (possibly
multi-dimensional) issue on 0-100, saliences on 0-100 (``salience_scale: 100``)
and, from XML, the parameters in ``model_params["smp"]``.

Every problem is reported with the file, line and field; all problems of a
file are reported at once. XML with a document type or entity declarations is
refused (no entity expansion, no external resources).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from realpolitik.errors import InputError
from realpolitik.io._ktab_build import ActorData, Collected, build
from realpolitik.io._ktab_xml import XmlNode, parse_xml
from realpolitik.scenario import Scenario

MIN_ACTORS, MAX_ACTORS = 3, 250
"""KTAB's limits on the number of actors."""

PARAMETERS: dict[str, tuple[str, ...]] = {
    "VictoryProbModel": ("Linear", "Square", "Quartic", "Octic", "Binary"),
    "PCEModel": ("Conditional", "MarkovIncentive", "MarkovUniform"),
    "StateTransitions": ("Deterministic", "Stochastic"),
    "VotingRule": ("Binary", "PropBin", "Prop", "PropCbc", "Cubic", "ASymProsp"),
    "BigRAdjust": ("None", "OneThird", "Half", "TwoThirds", "Full"),
    "BigRRange": ("Min", "Mid", "Max"),
    "ThirdPartyCommit": ("NoCommit", "SemiCommit", "FullCommit"),
    "InterVecBrgn": ("S1P1", "S2P2", "S2PMax"),
    "BargnModel": ("InitOnlyInterp", "InitRcvrInterp", "PWCompInterp"),
}
"""KTAB's model parameters and the values each accepts (``<ModelParameters>`` in XML)."""

# ----------------------------------------------------------------------------- CSV


def _csv_rows(text: str) -> list[tuple[int, list[str]]]:
    """Rows with their 1-based line numbers, cells stripped, trailing empty cells dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.reader(io.StringIO(text), skipinitialspace=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    for cells in reader:
        stripped = [c.strip() for c in cells]
        while stripped and not stripped[-1]:
            stripped.pop()
        if stripped:
            rows.append((start, stripped))
        start = reader.line_num + 1
    return rows


def _count(cell: str) -> int | None:
    try:
        return int(cell.strip())
    except ValueError:
        return None


def is_ktab_csv(text: str) -> bool:
    """Whether a CSV file is in KTAB's format (first line: name, description, actors, dims)."""
    try:
        rows = _csv_rows(text[:20_000])
    except csv.Error:
        return False
    if not rows:
        return False
    first = rows[0][1]
    return len(first) >= 4 and _count(first[2]) is not None and _count(first[3]) is not None


def read_ktab_csv(path: Path, text: str) -> Scenario:
    """Read KTAB's CSV format (``SMPModel::csvRead``).

    Args:
        path: the file (for messages).
        text: its contents.

    Raises:
        InputError: every problem, with its line and field.
    """
    col = Collected(file=str(path))
    try:
        rows = _csv_rows(text)
    except csv.Error as exc:
        raise InputError.one(f"not a readable CSV file: {exc}", file=str(path)) from None
    if len(rows) < 2:
        raise InputError.one(
            "a KTAB CSV file needs a first line (name, description, number of actors, number "
            "of dimensions), a header line and one line per actor",
            file=str(path),
            line=1,
        )
    n, d = _csv_first_line(col, rows[0])
    if d is not None:
        _csv_header(col, rows[1], d)
        if n is not None:
            _csv_actors(col, rows[2:], n, d, rows[1][1])
    return build(col, path)


def _csv_first_line(col: Collected, row: tuple[int, list[str]]) -> tuple[int | None, int | None]:
    line, cells = row
    cells = cells + [""] * (4 - len(cells))
    col.name, col.desc = cells[0], cells[1]
    n, d = _count(cells[2]), _count(cells[3])
    if n is None:
        col.problem(
            f"the number of actors must be a whole number, got '{cells[2]}'",
            line,
            "number of actors",
        )
    elif not MIN_ACTORS <= n <= MAX_ACTORS:
        col.problem(
            f"KTAB needs {MIN_ACTORS} to {MAX_ACTORS} actors, got {n}", line, "number of actors"
        )
    if d is None or d < 1:
        col.problem(
            f"the number of dimensions must be a whole number >= 1, got '{cells[3]}'",
            line,
            "number of dimensions",
        )
        d = None
    return n, d


def _csv_header(col: Collected, row: tuple[int, list[str]], d: int) -> None:
    line, cells = row
    need = 3 + 2 * d
    if len(cells) < need:
        col.problem(
            f"the header needs {need} columns (Actor, Description, Power, then position and "
            f"salience for each of {d} dimensions), got {len(cells)}",
            line,
            "header",
        )
    col.dims = [
        cells[3 + 2 * k] if 3 + 2 * k < len(cells) and cells[3 + 2 * k] else f"Dim{k + 1}"
        for k in range(d)
    ]


def _csv_actors(
    col: Collected, rows: list[tuple[int, list[str]]], n: int, d: int, header: list[str]
) -> None:
    if len(rows) != n:
        line = rows[-1][0] if rows else None
        col.problem(
            f"the first line announces {n} actors but the file has {len(rows)} actor rows",
            line,
            "number of actors",
        )
    names = header + [""] * (3 + 2 * d - len(header))
    for line, cells in rows:
        if len(cells) < 3 + 2 * d:
            col.problem(
                f"expected {3 + 2 * d} values (name, description, power, then position "
                f"and salience per dimension), got {len(cells)}",
                line,
                None,
            )
            continue
        values = [
            col.number(cells[k], line, names[k] or f"column {k + 1}") for k in range(2, 3 + 2 * d)
        ]
        if any(v is None for v in values):
            continue
        nums = [float(v) for v in values if v is not None]
        col.actors.append(
            ActorData(
                line=line, name=cells[0], desc=cells[1], cap=nums[0], pos=nums[1::2], sal=nums[2::2]
            )
        )


# ----------------------------------------------------------------------------- XML


def read_ktab_xml(path: Path, text: str) -> Scenario:
    """Read a KTAB XML scenario (``SMPModel::xmlRead``), with its model parameters.

    Args:
        path: the file (for messages).
        text: its contents.

    Raises:
        InputError: every problem, with its line and element.
    """
    col = Collected(file=str(path))
    root = parse_xml(text, str(path))
    if root.tag != "Scenario":
        raise InputError.one(
            f"the root element must be <Scenario>, got <{root.tag}>",
            file=str(path),
            line=root.line,
            field=root.tag,
        )
    col.name = _text(col, root, "name")
    col.desc = _text(col, root, "desc", required=False)
    seed = root.child("prngSeed")
    if seed is not None and seed.text.strip():
        col.notes.append(f"KTAB prngSeed {seed.text.strip()} (realpolitik draws from --seed)")
    _xml_params(col, root.child("ModelParameters"))
    dims = root.child("Dimensions")
    col.dims = [e.text.strip() for e in dims.children("dName")] if dims is not None else []
    if not col.dims:
        col.problem("at least one <dName> is needed in <Dimensions>", root.line, "Dimensions")
    actors = root.child("Actors")
    for k, el in enumerate(actors.children("Actor") if actors is not None else []):
        _xml_actor(col, el, k)
    if not MIN_ACTORS <= len(col.actors) <= MAX_ACTORS:
        col.problem(
            f"KTAB needs {MIN_ACTORS} to {MAX_ACTORS} actors, found {len(col.actors)}",
            actors.line if actors is not None else root.line,
            "Actors",
        )
    _xml_ideals(col, root.child("IdealAdjustment"))
    return build(col, path)


def _text(col: Collected, parent: XmlNode, tag: str, required: bool = True) -> str:
    el = parent.child(tag)
    if el is None:
        if required:
            col.problem(f"<{parent.tag}> needs a <{tag}> element", parent.line, tag)
        return ""
    return el.text.strip()


def _xml_params(col: Collected, el: XmlNode | None) -> None:
    if el is None:
        return
    for child in el.children():
        allowed = PARAMETERS.get(child.tag)
        where = f"ModelParameters.{child.tag}"
        if allowed is None:
            col.problem(
                f"unknown model parameter; known: {', '.join(PARAMETERS)}", child.line, where
            )
            continue
        match = {a.lower(): a for a in allowed}.get(child.text.strip().lower())
        if match is None:
            col.problem(
                f"'{child.text.strip()}' is not one of {', '.join(allowed)}", child.line, where
            )
        else:
            col.params[child.tag] = match


def _xml_actor(col: Collected, el: XmlNode, k: int) -> None:
    where = f"Actors.Actor[{k}]"
    name = _text(col, el, "name")
    desc = _text(col, el, "description", required=False)
    cap_el = el.child("capability")
    cap = None
    if cap_el is None:
        col.problem("<Actor> needs a <capability>", el.line, f"{where}.capability")
    else:
        cap = col.number(cap_el.text, cap_el.line, f"{where}.capability")
    pos = _xml_vector(col, el, "Position", "dCoord", where)
    sal = _xml_vector(col, el, "Salience", "dSal", where)
    if cap is not None and pos is not None and sal is not None:
        col.actors.append(ActorData(line=el.line, name=name, desc=desc, cap=cap, pos=pos, sal=sal))


def _xml_vector(col: Collected, el: XmlNode, tag: str, item: str, where: str) -> list[float] | None:
    vec = el.child(tag)
    if vec is None:
        col.problem(f"<Actor> needs a <{tag}>", el.line, f"{where}.{tag}")
        return None
    values = [col.number(e.text, e.line, f"{where}.{tag}.{item}") for e in vec.children(item)]
    if len(values) != len(col.dims):
        col.problem(
            f"expected {len(col.dims)} <{item}> (one per dimension), got {len(values)}",
            vec.line,
            f"{where}.{tag}",
        )
        return None
    return None if any(v is None for v in values) else [float(v) for v in values if v is not None]


def _xml_ideals(col: Collected, el: XmlNode | None) -> None:
    """Only the identity accommodation (ideals follow positions) is supported."""
    if el is None:
        return
    for pair in el.children("iaPair"):
        who = _text(col, pair, "adjustingIdeal")
        ref = _text(col, pair, "referencePos")
        adj = pair.child("adjust")
        value = col.number(adj.text, adj.line, "IdealAdjustment.iaPair.adjust") if adj else None
        if value is not None and (who != ref or value != 1.0):
            col.problem(
                "only the identity ideal adjustment (each actor's ideal follows its own "
                "position, adjust 1.0) is supported",
                pair.line,
                "IdealAdjustment.iaPair",
            )
