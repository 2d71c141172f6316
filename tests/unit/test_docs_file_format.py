"""The examples of docs/file-format.md run: YAML loads, CSV imports, Python executes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from realpolitik.io.notices import collect_notices
from realpolitik.io.scenario_file import scenario_from_data
from realpolitik.io.stakeholder import read_stakeholder_csv
from tests.conftest import reference_path

DOC = Path(__file__).parents[2] / "docs" / "file-format.md"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_the_doc_has_examples() -> None:
    assert len(blocks("yaml")) >= 1
    assert len(blocks("csv")) >= 1
    assert len(blocks("python")) >= 1


@pytest.mark.parametrize("text", blocks("yaml"))
def test_yaml_examples_are_valid_scenarios(text: str) -> None:
    scenario = scenario_from_data(yaml.safe_load(text), file="docs/file-format.md")
    assert scenario.actors


@pytest.mark.parametrize("text", blocks("csv"))
def test_csv_examples_import(tmp_path: Path, text: str) -> None:
    with collect_notices():
        scenario = read_stakeholder_csv(tmp_path / "example.csv", text)
    assert len(scenario.actors) == len(text.strip().splitlines()) - 1


@pytest.mark.parametrize("code", blocks("python"))
def test_python_examples_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], code: str
) -> None:
    shutil.copy(reference_path("bdm/cases/kyoto.csv"), tmp_path / "kyoto.csv")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, str(DOC), "exec"), {})
    assert "saliences read on 0-100" in capsys.readouterr().out
