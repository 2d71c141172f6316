"""Capabilities in any unit: down to the smallest float; above 1e30: an error."""

from __future__ import annotations

import math
from typing import Any

import pytest

from realpolitik.errors import InputError
from realpolitik.forecast import forecast
from realpolitik.io.scenario_file import scenario_from_data

ROLES = {"a": {"attributes": {"role": "commission"}}, "b": {"attributes": {"role": "parliament"}}}
"""Two actors marked as the EU institutions, so that eu_calibrated runs this scenario too."""


def scenario(scale: float) -> Any:
    actors = [("a", 1.0, 5.0), ("b", 1.0, 5.0), ("c", 1.0, 7.0), ("d", 0.5, 9.0)]
    return scenario_from_data(
        {
            "metadata": {"title": "t"},
            "issues": [{"id": "i", "bounds": [0, 10]}],
            "actors": [
                {
                    "id": name,
                    "capability": cap * scale,
                    "stances": {"i": {"position": x, "salience": 0.6}},
                    **ROLES.get(name, {}),
                }
                for name, cap, x in actors
            ],
        },
        file="t.yaml",
    )


CASES = [
    ("eum", {}),
    ("smp", {"VictoryProbModel": "Octic"}),
    ("nash", {}),
    ("compromise", {}),
    ("median_voter", {}),
    ("eu_calibrated", {}),
]


@pytest.mark.parametrize(("model", "params"), CASES)
@pytest.mark.parametrize("scale", [1e-300, 1e-40, 4e29])  # 4e29: the largest is 4e29, within MAX
def test_extreme_units_give_the_forecast_of_plain_units(
    model: str, params: dict[str, Any], scale: float
) -> None:
    plain = forecast(scenario(1.0), model=model, params=params).trajectories["i"]
    extreme = forecast(scenario(scale), model=model, params=params).trajectories["i"]
    got, want = float(extreme.forecast[0, 0]), float(plain.forecast[0, 0])
    assert math.isfinite(got)
    assert got == pytest.approx(want, abs=1e-9)


def test_ordinary_units_are_left_as_they_are() -> None:
    fc = forecast(scenario(1e6), model="compromise")
    assert fc.arrays["i"].capability[0, 0] == 1e6


def test_capabilities_beyond_the_maximum_are_refused() -> None:
    with pytest.raises(InputError) as info:
        scenario(1e308)
    assert len(info.value.problems) == 4
    assert "give capabilities in a larger unit" in info.value.problems[0].message
