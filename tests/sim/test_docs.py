"""The examples of docs/uncertainty.md run: the YAML loads, the Python executes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from realpolitik import load_scenario
from realpolitik.io.scenario_file import scenario_from_data
from realpolitik.results.schemas import dump
from realpolitik.sim import simulate
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


@pytest.mark.slow
def test_the_python_example_runs_as_a_script(tmp_path: Path) -> None:
    (yaml_text,) = blocks("yaml")
    (code,) = blocks("python")
    (tmp_path / "deal.yaml").write_text(yaml_text, encoding="utf-8")
    (tmp_path / "example.py").write_text(code, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "example.py"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "P(acceptable) =" in out
    top = re.search(r"most influential: (.+)", out)
    assert top is not None
    names = input_plan(scenario_from_data(yaml.safe_load(yaml_text), file="x")).names
    assert top[1] in names
    assert "4096 per-run outcomes stored" in out


def test_the_json_example_shows_what_the_command_prints(tmp_path: Path) -> None:
    (yaml_text,) = blocks("yaml")
    (tmp_path / "deal.yaml").write_text(yaml_text, encoding="utf-8")
    example = next(b for b in blocks("text") if '"issues": {"deal"' in b)
    result = simulate(load_scenario(tmp_path / "deal.yaml"), "compromise", runs=10_000, seed=7)
    deal = dump(result.issues["deal"])
    shown = {
        "mean": round(deal["mean"], 2),
        "sd": round(deal["sd"], 2),
        "0.95": round(deal["quantiles"]["0.95"], 2),
        "acceptable": round(deal["probabilities"]["acceptable"], 4),
    }
    for key, value in shown.items():
        assert f'"{key}": {value}' in example, (key, value)
