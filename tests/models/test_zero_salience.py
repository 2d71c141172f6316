"""With every salience 0, compromise and nash say what they forecast instead (issue 17, item 9).

No actor's weight counts then (capability × 0), and both models fell back
silently: compromise to the unweighted mean of the positions, nash to that
mean (or to the status quo when the issue has one). Both now add a note.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from realpolitik.app import forecast
from realpolitik.io.scenario_file import scenario_from_data


def _case(status_quo: float | None = None) -> Any:
    issue: dict[str, Any] = {"id": "x", "bounds": [0, 100]}
    if status_quo is not None:
        issue["status_quo"] = status_quo
    data = {
        "metadata": {"title": "Nobody cares"},
        "issues": [issue],
        "actors": [
            {"id": a, "capability": c, "stances": {"x": {"position": p, "salience": 0}}}
            for a, c, p in (("a", 90, 100), ("b", 10, 0), ("c", 10, 10))
        ],
    }
    return scenario_from_data(data, file="zero.yaml")


@pytest.mark.parametrize("model", ["compromise", "nash"])
def test_all_zero_saliences_are_noted(model: str) -> None:
    result = forecast(_case(), model)
    doc = result.to_json()
    assert doc["forecast"]["x"] == pytest.approx(110 / 3)  # the unweighted mean
    (note,) = doc["notes"]
    assert "every actor's salience is 0" in note
    assert "unweighted mean of the positions" in note


def test_nash_with_a_status_quo_says_it_forecasts_the_status_quo() -> None:
    doc = forecast(_case(status_quo=40), "nash").to_json()
    assert doc["forecast"]["x"] == pytest.approx(40)
    assert any("the forecast is the status quo" in n for n in doc["notes"])


def test_positive_saliences_give_no_such_note(tmp_path: Path) -> None:
    from realpolitik.io import load_scenario
    from tests.report.helpers import SMALL

    for model in ("compromise", "nash"):
        doc = forecast(load_scenario(SMALL), model).to_json()
        assert not any("salience is 0" in n for n in doc["notes"])
