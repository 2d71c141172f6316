"""Models that say when they do not fit: eu_calibrated's institutions, smp's KTAB defects.

Before: eu_calibrated looked for actors named ``com`` and ``ep`` only, forecast
without the Commission and Parliament otherwise and ran on the war scenario
without a word; smp on a KTAB file with a defective bargain model silently
gave another trajectory than ``smpc`` (docs/models/smp.md).
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from realpolitik import forecast
from realpolitik.cli import app
from realpolitik.errors import InputError
from realpolitik.io import load_scenario
from realpolitik.models.base import ModelNotice
from realpolitik.scenario import Scenario
from tests.conftest import reference_path

DOC = Path(__file__).parents[2] / "docs" / "backtest.md"
EU = """\
format: realpolitik/1
metadata: {title: Car emissions}
salience_scale: 100
issues:
  - {id: delay, bounds: [0, 10], attributes: {proc: COD, counvte: QMV}}
actors:
  - {id: commission, name: European Commission, capability: 4,
     stances: {delay: {position: 2, salience: 80}}}
  - {id: parliament, name: European Parliament, capability: 4,
     stances: {delay: {position: 1, salience: 60}}}
  - {id: de, name: Germany, capability: 4, stances: {delay: {position: 8, salience: 90}}}
  - {id: fr, name: France, capability: 3, stances: {delay: {position: 5, salience: 50}}}
"""


def scenario(text: str, roles: bool) -> Scenario:
    data = yaml.safe_load(text)
    if roles:
        for actor in data["actors"]:
            actor["attributes"] = {
                "role": actor["id"]
                if actor["id"] in ("commission", "parliament")
                else "member_state"
            }
    return Scenario.model_validate(data)


def notices(fn: object) -> tuple[object, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fn()  # type: ignore[operator]
    return result, [str(w.message) for w in caught if issubclass(w.category, ModelNotice)]


def test_eu_calibrated_finds_the_institutions_by_name_with_a_notice() -> None:
    by_name, said = notices(lambda: forecast(scenario(EU, roles=False), "eu_calibrated"))
    assert len(set(said)) == 2  # each said once per call site (check, then run)
    assert "actor 'commission' taken as the European Commission by its name" in said[0]
    marked, quiet = notices(lambda: forecast(scenario(EU, roles=True), "eu_calibrated"))
    assert quiet == []
    assert by_name.trajectories["delay"].forecast == marked.trajectories["delay"].forecast  # type: ignore[attr-defined]


def test_found_institutions_change_the_forecast() -> None:
    marked = forecast(scenario(EU, roles=True), "eu_calibrated")
    absent = forecast(scenario(EU, roles=True), "eu_calibrated", {"commission": "nobody"})
    assert marked.trajectories["delay"].forecast != absent.trajectories["delay"].forecast


def test_eu_calibrated_refuses_a_scenario_that_is_not_an_eu_decision() -> None:
    with pytest.raises(InputError) as err:
        forecast(load_scenario("minerals-deal-2025"), "eu_calibrated")
    assert len(err.value.problems) == 4  # every issue of the war scenario
    assert "finds no European Commission or Parliament" in str(err.value)
    assert "role: commission" in str(err.value)


@pytest.mark.parametrize("command", ["run", "validate", "simulate"])
def test_the_refusal_on_the_command_line(command: str) -> None:
    args = [command, "minerals-deal-2025", "-m", "eu_calibrated"]
    if command != "validate":
        args.append("--no-store")
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "finds no European Commission or Parliament" in result.output
    assert "Traceback" not in result.output


def test_deu_issues_run_with_their_role_markers() -> None:
    result = CliRunner().invoke(
        app, ["validate", str(reference_path("deu/deu-1996-2000.tsv")), "-m", "eu_calibrated"]
    )
    assert result.exit_code == 0, result.output
    assert "fits the eu_calibrated model" in result.output
    assert "notice" not in result.output


def test_the_documented_marker_is_read() -> None:
    block = re.findall(r"```yaml\n(actors:.*?)```", DOC.read_text(encoding="utf-8"), re.S)[0]
    actor = yaml.safe_load(block)["actors"][0]
    data = yaml.safe_load(EU)
    data["actors"][0] = actor
    _, said = notices(lambda: forecast(Scenario.model_validate(data), "eu_calibrated"))
    assert not any("Commission" in s for s in said)  # found by its role, no notice
    assert any("Parliament" in s for s in said)


KTAB_V1 = reference_path("ktab/variants/dummyData_3Dim_V1.xml")  # BargnModel=InitRcvrInterp
KTAB_V3 = reference_path("ktab/variants/dummyData_3Dim_V3.xml")  # InitOnlyInterp


def test_smp_says_when_a_ktab_file_hits_a_ktab_defect() -> None:
    runner = CliRunner()
    hit = runner.invoke(app, ["run", str(KTAB_V1), "-m", "smp", "--no-store"])
    assert hit.exit_code == 0, hit.output
    assert "BargnModel=InitRcvrInterp" in hit.stderr
    assert "-p ktab_compat=true reproduces smpc" in hit.stderr
    compat = runner.invoke(
        app, ["run", str(KTAB_V1), "-m", "smp", "--no-store", "-p", "ktab_compat=true"]
    )
    assert compat.exit_code == 0, compat.output
    assert "ktab_compat" not in compat.stderr
    plain = runner.invoke(app, ["run", str(KTAB_V3), "-m", "smp", "--no-store"])
    assert "ktab_compat" not in plain.stderr


def test_validate_says_it_too() -> None:
    result = CliRunner().invoke(app, ["validate", str(KTAB_V1), "-m", "smp"])
    assert result.exit_code == 0
    assert "ktab_compat=true reproduces smpc" in result.stderr
