"""A broken KTAB CSV: every problem at once, in the order of the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from realpolitik.errors import InputError
from realpolitik.io.ktab import read_ktab_csv

BROKEN = """\
k,Broken,3,2,
Actor,Description,Power,Pos1,Sal1,Pos2,Sal2,
A00,Actor 00,84,1.42,9.55,95.79,
A01,Actor 01,-5,71.87,35.28,34.92,55.52,
A02,Actor 02,abc,62.65,83.68,78.97,8.78,
A03,x,5,1,1,1,1,
"""


def test_problems_come_in_line_order(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_ktab_csv(tmp_path / "k.csv", BROKEN)
    problems = info.value.problems
    assert [p.line for p in problems] == [3, 4, 5, 6]
    assert "got -5" in problems[1].message


def test_a_capability_beyond_the_maximum_is_named_at_its_line(tmp_path: Path) -> None:
    text = (
        "k,Big,3,1,\nActor,Description,Power,Pos1,Sal1,\nA,a,1e308,1,9\nB,b,5,71,35\nC,c,3,62,83\n"
    )
    with pytest.raises(InputError) as info:
        read_ktab_csv(tmp_path / "k.csv", text)
    (problem,) = info.value.problems
    assert (problem.line, problem.field) == (3, "actors[0].capability")
    assert "larger unit" in problem.message
