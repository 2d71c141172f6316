"""The examples of docs/uncertainty.md run: the YAML loads, the Python executes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from realpolitik.io.scenario_file import scenario_from_data
from realpolitik.sim.uncertainty import input_plan

DOC = Path(__file__).parents[2] / "docs" / "uncertainty.md"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_the_yaml_example_is_a_noisy_scenario() -> None:
    (text,) = blocks("yaml")
    scenario = scenario_from_data(yaml.safe_load(text), file=str(DOC))
    names = input_plan(scenario).names
    assert "salience[ua, deal]" in names  # from the uncertainty block
    assert "capability[ua]" not in names  # no default noise on capabilities


def test_the_python_example_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (yaml_text,) = blocks("yaml")
    (code,) = blocks("python")
    (tmp_path / "deal.yaml").write_text(yaml_text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, str(DOC), "exec"), {})
    out = capsys.readouterr().out
    assert "P(acceptable) =" in out
    top = re.search(r"most influential: (.+)", out)
    assert top is not None
    names = input_plan(scenario_from_data(yaml.safe_load(yaml_text), file="x")).names
    assert top[1] in names
    assert "4096 per-run outcomes stored" in out
