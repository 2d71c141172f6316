"""The examples of docs/dynamics.md run: the YAML scenario validates and simulates, Python runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from realpolitik.dynamics.api import simulate_dynamics
from realpolitik.io.scenario_file import scenario_from_data

ROOT = Path(__file__).parents[2]
DOC = ROOT / "docs" / "dynamics.md"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_the_doc_has_examples() -> None:
    assert blocks("yaml")
    assert blocks("python")


@pytest.mark.parametrize("text", blocks("yaml"))
def test_yaml_examples_simulate(text: str) -> None:
    scenario = scenario_from_data(yaml.safe_load(text), file="docs/dynamics.md")
    doc = simulate_dynamics(scenario, runs=256, seed=1, sensitivity_runs=0).to_json()
    assert scenario.clock is not None
    assert len(doc["events"]["settlement"]["probability_by"]) == scenario.clock.horizon


@pytest.mark.parametrize("code", blocks("python"))
def test_python_examples_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], code: str
) -> None:
    monkeypatch.chdir(ROOT)
    exec(compile(code, str(DOC), "exec"), {})
    assert capsys.readouterr().out.strip()
