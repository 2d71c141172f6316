"""Acceptance: each kind of scenario through the Python API, as a notebook user would.

``realpolitik.load_scenario`` (``load_scenarios`` for a whole DEU table),
``realpolitik.forecast``, then ``realpolitik.simulate`` (which runs a war
month by month and any other scenario's issues by Monte Carlo). Each must give
the numbers the command line prints with ``--json`` for the same seed: one
engine behind every surface, so equal floats, not approximately equal.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

import realpolitik
from realpolitik.cli import app
from tests.journeys.kinds import DEU, DEU_ISSUE, IDS, KINDS, Kind

RUNS = 64


def cli_json(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_load_forecast_simulate(kind: Kind, tmp_path: Path) -> None:
    source = kind.source(tmp_path)
    scenario = realpolitik.load_scenario(source)
    assert isinstance(scenario, realpolitik.Scenario)
    assert scenario.metadata.title.startswith(kind.title)
    assert scenario.is_dynamic == (kind.name == "war")

    fc = realpolitik.forecast(scenario, kind.model, seed=1)
    assert fc.model == kind.model
    assert set(fc.trajectories) == {i.id for i in scenario.issues}
    printed = cli_json("run", source, "--model", kind.model, "--seed", "1")["forecast"]
    for issue_id, trajectory in fc.trajectories.items():
        np.testing.assert_array_equal(trajectory.forecast[0], np.atleast_1d(printed[issue_id]))

    cli_doc = cli_json(
        "simulate", source, "--model", kind.model, "--runs", str(RUNS), "--seed", "1"
    )
    sim = realpolitik.simulate(scenario, kind.model, runs=RUNS, seed=1)
    doc = json.loads(json.dumps(sim.to_json()))
    if kind.name == "war":
        for key in ("events", "terms", "deals", "levers", "issues"):
            assert doc[key] == cli_doc[key], key
        assert sum(doc["events"]["settlement"]["probability_by"].values()) > 0
        return
    assert doc["issues"] == cli_doc["issues"]
    for issue_id, outcomes in sim.outcomes.items():
        assert outcomes.shape == (RUNS, fc.trajectories[issue_id].forecast.shape[1])


def test_one_issue_of_a_whole_deu_table_is_the_same_scenario(tmp_path: Path) -> None:
    """A notebook user loads the whole DEU table and picks an issue by its id."""
    (deu,) = [k for k in KINDS if k.name == "deu"]
    whole = {s.issues[0].id: s for s in realpolitik.load_scenarios(DEU)}
    assert len(whole) > 100
    one = realpolitik.load_scenario(deu.source(tmp_path))
    picked = whole[DEU_ISSUE]
    assert picked.model_dump()["actors"] == one.model_dump()["actors"]
    exclude = {"notes"}  # they name the file the issue was read from
    assert picked.issues[0].model_dump(exclude=exclude) == one.issues[0].model_dump(exclude=exclude)
    a = realpolitik.forecast(picked).trajectories[DEU_ISSUE].forecast
    b = realpolitik.forecast(one).trajectories[DEU_ISSUE].forecast
    np.testing.assert_array_equal(a, b)
