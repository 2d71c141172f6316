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
