"""The bundled minerals-deal-2025 scenario as a dynamic forecast (as of 2025-02-28)."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.dynamics.api import simulate_dynamics
from realpolitik.io import load_scenario
from realpolitik.io.loader import bundled_path
from realpolitik.scenario import Scenario

NAME = "minerals-deal-2025"


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(NAME)


def test_it_is_a_dynamic_forecast_from_march_2025_as_of_february(scenario: Scenario) -> None:
    assert scenario.clock is not None
    assert scenario.war is not None
    assert (scenario.clock.start, scenario.clock.horizon) == ("2025-03", 24)
    assert str(scenario.metadata.as_of) == "2025-02-28"
    text = bundled_path(NAME).read_text(encoding="utf-8")
    assert "A FORECAST AS OF 2025-02-28, like the rest of the file" in text
    assert "Nothing is tuned to\n# what happened after February 2025" in text
    assert any("Dynamics" in a and "2025-02-28" in a for a in scenario.metadata.assumptions)


def test_the_article_s_system_is_all_there(scenario: Scenario) -> None:
    assert scenario.war is not None
    levers = scenario.levers
    kinds = {lv.kind for lv in levers}
    assert kinds == {"aid", "sanction", "strike_support", "side_payment", "public_pressure"}
    by_holder = {(lv.holder, lv.target) for lv in levers}
    assert {("USA", "Ukraine"), ("USA", "Russia"), ("EU", "Ukraine"), ("EU", "Russia")} <= by_holder
    assert {("Russia", "Ukraine"), ("Ukraine", "Russia"), ("China", "Russia")} <= by_holder
    assert any(lv.condition is not None and lv.table == "war" for lv in levers)  # M3
    assert any(lv.condition is not None and lv.table == "minerals" for lv in levers)  # M12
    assert [d.id for d in scenario.deals] == ["minerals"]
    assert set(scenario.deals[0].signatories) == {"USA", "Ukraine"}
    assert scenario.war.alignments  # M13
    assert scenario.war.resolve  # M11
    assert scenario.events


def test_every_dynamic_number_carries_a_source(scenario: Scenario) -> None:
    assert scenario.war is not None
    assert scenario.clock is not None
    cited = ("[A", "[I", "ASSUMPTION")
    war = scenario.war
    sources = [lv.source for lv in scenario.levers] + [e.source for e in scenario.events]
    sources += [d.source for d in scenario.deals] + [a.source for a in war.alignments]
    sources += [scenario.clock.source, war.source, war.defender.source, war.attacker.source]
    sources += [r.source for r in war.resolve.values()]
    sources += [s.source for s in scenario.deals[0].signatories.values()]
    for source in sources:
        assert any(tag in source for tag in cited), source


def test_every_number_of_the_war_block_has_its_comment() -> None:
    """Each scalar of ``war:`` is justified by a comment on its line or right above it,
    (``step`` shares the comment of ``battle_rate`` and is not checked here)."""
    lines = bundled_path(NAME).read_text(encoding="utf-8").splitlines()
    start = lines.index("war:")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("  defender:"))
    keys = ("ground", "battle_rate", "contest_exponent", "planning_horizon", "discount")
    keys += ("capital_decay", "settlement_rate")
    for i in range(start + 1, end):
        key = lines[i].strip().split(":")[0]
        if key in keys:
            assert "#" in lines[i] or lines[i - 1].strip().startswith("#"), lines[i]


def test_simulate_document(scenario: Scenario) -> None:
    result = simulate_dynamics(scenario, runs=2048, seed=20250228, sensitivity_runs=256)
    doc = json.loads(json.dumps(result.to_json(), allow_nan=False))
    assert len(doc["months"]) == 24
    for name in ("settlement", "deal:minerals"):
        curve = list(doc["events"][name]["probability_by"].values())
        assert len(curve) == 24
        assert all(0 <= a <= b <= 1 for a, b in itertools.pairwise(curve))
    assert set(doc["ground"]) == set(doc["months"])
    assert len(doc["sensitivity"]["top"]) == 3
    lo, hi = doc["terms"]["bounds"]
    assert lo <= doc["terms"]["quantiles"]["0.05"] <= doc["terms"]["quantiles"]["0.95"] <= hi
    out = result.output
    assert np.all((out.ground >= 0) & (out.ground <= 100))


def test_simulate_runs_the_bundled_scenario_by_default() -> None:
    result = CliRunner().invoke(app, ["simulate", "--runs", "1024", "--seed", "1"])
    assert result.exit_code == 0, result.stderr
    assert "Probability that each event has happened" in result.stdout
    assert "deal:minerals" in result.stdout
    assert "Levers that move the settlement date most" in result.stdout
