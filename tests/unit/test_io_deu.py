"""The DEU importer: the real table, and small made-up tables in the same layout."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pytest

from realpolitik.errors import InputError
from realpolitik.io import load_scenarios
from realpolitik.io.deu import read_deu
from realpolitik.io.text import read_text
from realpolitik.scenario import Scenario
from tests.conftest import reference_path

DEU = reference_path("deu/deu-1996-2000.tsv")


@cache
def real() -> tuple[Scenario, ...]:
    return tuple(read_deu(DEU, read_text(DEU)))


@cache
def raw_rows() -> tuple[list[str], list[str], list[dict[str, str]]]:
    with DEU.open(newline="") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    header = rows[0]
    return header, rows[1], [dict(zip(header, r, strict=True)) for r in rows[2:]]


def small(tmp_path: Path, rows: list[str], newline: str = "\n") -> Path:
    header = "isnr\tproc\tcounvte\tpcom\tpde\tpfr\tscom\tsde\tsfr\trp\tout"
    caps = "\t\t\t4.1\t4.1\t2.8\t\t\t\t\t"
    path = tmp_path / "mini.tsv"
    path.write_text(newline.join([header, caps, *rows]) + newline, encoding="utf-8")
    return path


def test_one_scenario_per_issue() -> None:
    scenarios = real()
    assert len(scenarios) == 173
    assert len({s.issues[0].id for s in scenarios}) == 173
    for sc in scenarios:
        assert len(sc.issues) == 1
        assert sc.salience_scale == 100
        assert sc.issues[0].bounds == (0, 100)


def test_reference_points_and_outcomes() -> None:
    issues = [s.issues[0] for s in real()]
    assert sum(i.status_quo is not None for i in issues) == 130
    assert sum(i.outcome is not None for i in issues) == 172
    _, _, rows = raw_rows()
    for issue, row in zip(issues, rows, strict=True):
        assert issue.id == row["isnr"]
        assert issue.outcome == (float(row["out"]) if row["out"] else None)
        assert issue.status_quo == (float(row["rp"]) if row["rp"] else None)


def test_involved_actors_are_those_with_a_position() -> None:
    header, caps, rows = raw_rows()
    codes = [c[1:] for c, cap in zip(header, caps, strict=True) if c.startswith("p") and cap]
    assert len(codes) == 30
    for sc, row in zip(real(), rows, strict=True):
        involved = [c for c in codes if row[f"p{c}"]]
        assert [a.id for a in sc.actors] == involved
        for actor in sc.actors:
            stance = actor.stances[sc.issues[0].id]
            assert stance.position == float(row[f"p{actor.id}"])
            assert stance.salience == float(row[f"s{actor.id}"])
            assert actor.capability == float(caps[header.index(f"p{actor.id}")])


def test_actor_roles_and_names() -> None:
    actors = {a.id: a for sc in real() for a in sc.actors}
    assert actors["com"].attributes == {"role": "commission"}
    assert actors["ep"].attributes == {"role": "parliament"}
    assert actors["de"].attributes == {"role": "member_state"}
    assert actors["de"].name == "Germany"
    assert actors["de"].capability == 4.1


def test_other_columns_are_attributes() -> None:
    attrs = real()[0].issues[0].attributes
    assert attrs["prnr"] == "d00032"
    assert attrs["proc"] == "COD"
    assert attrs["counvte"] == "QMV"
    assert attrs["proccde"] == 3.0
    assert attrs["intro"] == "26-01-00"
    procedures = {s.issues[0].attributes["proc"] for s in real()}
    rules = {s.issues[0].attributes["counvte"] for s in real()}
    assert procedures == {"COD", "CNS"}
    assert rules == {"QMV", "QMV(10)", "Unan"}
    assert "rp" not in attrs
    assert "pcom" not in attrs


def test_the_loader_dispatches_tsv_to_deu() -> None:
    assert len(load_scenarios(DEU)) == 173


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_small_table(tmp_path: Path, newline: str) -> None:
    path = small(tmp_path, ["x1\tCOD\tQMV\t100\t\t40\t80\t0\t50\t0\t60"], newline)
    (sc,) = read_deu(path, read_text(path))
    assert [a.id for a in sc.actors] == ["com", "fr"]
    assert sc.issues[0].attributes == {"isnr": "x1", "proc": "COD", "counvte": "QMV"}
    assert (sc.issues[0].status_quo, sc.issues[0].outcome) == (0, 60)


def test_position_without_salience_refused_when_asked(tmp_path: Path) -> None:
    path = small(tmp_path, ["x1\tCOD\tQMV\t100\t\t40\t80\t\t\t0\t60"])
    with pytest.raises(InputError) as err:
        read_deu(path, read_text(path), missing="refuse")
    (problem,) = err.value.problems
    assert (problem.line, problem.field) == (3, "sfr")
    assert "no salience" in problem.message


def test_several_problems_at_once(tmp_path: Path) -> None:
    rows = [
        "x1\tCOD\tQMV\t120\t\t40\t80\t0\t50\t0\t60",
        "x2\tCOD\tQMV\tabc\t\t40\t80\t0\t50\t\tnan",
        "x1\tCOD\tQMV\t\t\t\t\t\t\t\t",
    ]
    path = small(tmp_path, rows)
    with pytest.raises(InputError) as err:
        read_deu(path, read_text(path))
    found = {(p.line, p.field) for p in err.value.problems}
    assert found == {(5, "isnr"), (3, "pcom"), (4, "pcom"), (4, "out"), (5, None)}
