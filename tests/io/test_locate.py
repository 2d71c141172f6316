"""A model's objections, placed in the scenario's file."""

from __future__ import annotations

from pathlib import Path

from realpolitik.errors import Problem
from realpolitik.io import load_scenario, save_scenario
from realpolitik.io.locate import locate
from realpolitik.io.notices import collect_notices

TEXT = """\
format: realpolitik/1
metadata: {title: t}
issues: [{id: a.b}, {id: a}]
actors:
  - {id: x.1, capability: 1, stances: {a.b: {position: 10, salience: 0.5}}}
  - id: x
    capability: 2
    stances:
      a: {position: 20, salience: 0.5}
      a.b: {position: 30, salience: 0.5}
"""


def test_fields_become_paths_and_lines(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(TEXT)
    sc = load_scenario(path)
    problems = [
        Problem(message="m1", field="actors.x.stances.a.b.salience"),
        Problem(message="m2", field="actors.x.1.capability"),
        Problem(message="m3", field="issues.a"),
        Problem(message="m4", field="eum.rounds"),
        Problem(message="m5", field="actors.nobody.capability"),
        Problem(message="m6", file="other.csv", field="actors.x.capability"),
    ]
    got = locate(problems, sc, path)
    assert [(p.file, p.line, p.field) for p in got] == [
        (str(path), 10, "actors[1].stances.a.b.salience"),
        (str(path), 5, "actors[0].capability"),
        (str(path), 3, "issues[1]"),
        (None, None, "eum.rounds"),
        (None, None, "actors.nobody.capability"),
        ("other.csv", None, "actors.x.capability"),
    ]
    assert [p.message for p in got] == [p.message for p in problems]


def test_files_without_lines_still_get_the_file_and_path(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Actor,Capability,Position,Salience\nA,1,10,0.5\nB,2,20,0.5\n")
    with collect_notices():
        sc = load_scenario(path)
    (got,) = locate([Problem(message="m", field="actors.B.capability")], sc, path)
    assert (got.file, got.line, got.field) == (str(path), None, "actors[1].capability")


def test_save_scenario_takes_a_string_path(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(TEXT)
    sc = load_scenario(path)
    save_scenario(sc, str(tmp_path / "copy.json"))
    assert load_scenario(tmp_path / "copy.json") == sc


def test_model_options_are_placed_in_model_params(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(TEXT + "model_params:\n  eum: {rounds: 3}\n")
    sc = load_scenario(path)
    (got,) = locate([Problem(message="m", field="model_params.eum.rounds")], sc, path)
    assert (got.line, got.field) == (12, "model_params.eum.rounds")
