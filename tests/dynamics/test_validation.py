"""Bad dynamic blocks raise one InputError naming file, line and field of every problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from realpolitik.errors import InputError
from realpolitik.io import load_scenario
from tests.dynamics.helpers import EXAMPLE


def _load(tmp_path: Path, old: str, new: str) -> InputError:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "bad.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_scenario(path)
    return info.value


def _line(old: str) -> int:
    text = EXAMPLE.read_text(encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


CASES = [
    # (text to replace, replacement, field, words in the message)
    (
        "holder: broker, target: blue, kind: aid, size: 0.02,\n",
        "holder: brokr, target: blue, kind: aid, size: 0.02,\n",
        "levers[0].holder",
        "unknown actor 'brokr'",
    ),
    ("month: 2025-09", "month: 2028-01", "events[0].month", "outside the clock's horizon"),
    ("month: 2025-09", "month: 2025-13", "events[0].month", "not a month"),
    (
        "prior: {mean: 0.6, strength: 10}",
        "prior: {mean: 1.6, strength: 10}",
        "war.defender.prior.mean",
        "outside",
    ),
    ("    model: compromise", "    model: compromize", "deals[0].model", "unknown model"),
    (
        "      blue: {accept: [0, 58]}",
        "      red: {accept: [0, 58]}",
        "deals[0].signatories.red",
        "no stance on the deal issue",
    ),
    (
        "     table: minerals, size: 0.15}",
        "     table: minerels, size: 0.15}",
        "levers[3].table",
        "unknown table",
    ),
    (
        "kind: strike_support, size: 0.5}",
        "kind: strike_support, size: -0.5}",
        "levers[5].size",
        "outside",
    ),
    ("  issue: line\n", "  issue: lines\n", "war.issue", "unknown issue"),
    (
        "      - {actor: red, strength: 1.2}",
        "      - {actor: ally, strength: 1.2}",
        "events[0].effects[0].strength",
        "applies to a belligerent",
    ),
    (
        "      - {lever: relief, enable: true}",
        "      - {lever: reliefs, enable: true}",
        "deals[0].effects[1].lever",
        "unknown lever",
    ),
    (
        "target: red, kind: side_payment",
        "target: ally, kind: side_payment",
        "levers[7].target",
        "must target a belligerent",
    ),
    (
        "      - {lever: broker_aid, scale: 2}",
        "      - {lever: broker_aid}",
        "deals[0].effects[0]",
        "needs 'enable' and/or 'scale'",
    ),
    ("  mediator: broker\n", "  mediator: rival2\n", "war.mediator", "unknown actor"),
    ("level: 0.6}", "level: 'uniform(0.5, 1.5)'}", "war.alignments[0].level", "outside"),
]


@pytest.mark.parametrize(("old", "new", "field", "words"), CASES)
def test_problem_names_line_and_field(
    tmp_path: Path, old: str, new: str, field: str, words: str
) -> None:
    error = _load(tmp_path, old, new)
    matches = [p for p in error.problems if p.field == field]
    assert matches, [str(p) for p in error.problems]
    problem = matches[0]
    assert words in problem.message
    assert str(problem.file).endswith("bad.yaml")
    assert problem.line is not None
    assert abs(problem.line - _line(old)) <= 2


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace("month: 2025-09", "month: 2030-01").replace(
        "holder: rival, target: red", "holder: rivals, target: red"
    )
    path = tmp_path / "two.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_scenario(path)
    fields = {p.field for p in info.value.problems}
    assert {"events[0].month", "levers[6].holder"} <= fields


def test_dynamic_blocks_need_a_clock(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    start = text.index("clock:")
    end = text.index("war:")
    error = _load(tmp_path, text[start:end], "")
    assert any(p.field == "clock" for p in error.problems)


def test_levers_deals_and_events_need_a_war(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    start = text.index("war:\n")
    end = text.index("levers:\n")
    error = _load(tmp_path, text[start:end], "")
    assert [p.field for p in error.problems] == ["war"]
