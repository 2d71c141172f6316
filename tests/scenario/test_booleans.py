"""``true``/``false`` (and YAML's yes/no/on/off) are not numbers (issue 17, item 9).

pydantic reads a boolean as 1 or 0 where a number is expected, so
``capability: true`` was a capability of 1.
"""

from __future__ import annotations

from typing import Any

import pytest

from realpolitik.errors import InputError
from realpolitik.io.scenario_file import scenario_from_data
from tests.sim.scenarios import deal_data


def _set(data: dict[str, Any], where: str, value: Any) -> None:
    actor, issue = data["actors"][0], data["issues"][0]
    stance = actor["stances"][issue["id"]]
    targets = {
        "capability": (actor, "capability"),
        "position": (stance, "position"),
        "salience": (stance, "salience"),
        "bounds": (issue, "bounds"),
    }
    obj, key = targets[where]
    obj[key] = [value, 100] if where == "bounds" else value


@pytest.mark.parametrize("where", ["capability", "position", "salience", "bounds"])
@pytest.mark.parametrize("value", [True, False])
def test_a_boolean_where_a_number_goes_is_refused(where: str, value: bool) -> None:
    data = deal_data()
    _set(data, where, value)
    with pytest.raises(InputError) as caught:
        scenario_from_data(data, file="case.yaml")
    problem = caught.value.problems[0]
    assert "yes/no" in problem.message
    assert problem.field is not None
    assert where in problem.field


def test_a_boolean_horizon_is_refused() -> None:
    data = deal_data()
    data["clock"] = {"start": "2025-01", "horizon": True}
    with pytest.raises(InputError, match="yes/no"):
        scenario_from_data(data, file="case.yaml")
