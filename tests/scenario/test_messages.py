"""Each out-of-range message says what to do about it, and the hint fits the value."""

from __future__ import annotations

from typing import Any

import pytest

from realpolitik.errors import InputError
from realpolitik.io.scenario_file import scenario_from_data


def data(salience: Any, scale: int = 1, position: Any = 50) -> dict[str, Any]:
    return {
        "metadata": {"title": "t"},
        "salience_scale": scale,
        "issues": [{"id": "i"}],
        "actors": [
            {
                "id": "a",
                "capability": 1,
                "stances": {"i": {"position": position, "salience": salience}},
            }
        ],
    }


def message(d: dict[str, Any]) -> str:
    with pytest.raises(InputError) as info:
        scenario_from_data(d, file="s.yaml")
    (problem,) = info.value.problems
    return problem.message


@pytest.mark.parametrize(
    ("salience", "scale", "hint"),
    [
        (60, 1, "(set salience_scale: 100 for saliences on 0-100)"),
        (-0.5, 1, "; give a salience from 0 to 1"),
        (160, 1, "; give a salience from 0 to 1"),
        (160, 100, "; give a salience from 0 to 100"),
        (-3, 100, "; give a salience from 0 to 100"),
    ],
)
def test_salience_hint_fits_the_value(salience: float, scale: int, hint: str) -> None:
    text = message(data(salience, scale))
    assert text.endswith(hint)


def test_position_outside_the_bounds_says_how_to_fix_it() -> None:
    text = message(data(0.5, position=120))
    assert "120" in text
    assert text.endswith("move the value inside them or widen the issue's 'bounds'")


def test_bounds_too_far_apart_to_compute_with() -> None:
    d = data(0.5, position=0)
    d["issues"][0]["bounds"] = [-1e308, 1e308]
    text = message(d)
    assert "beyond ±1e+12, the largest magnitude accepted" in text  # issue 17, item 5
