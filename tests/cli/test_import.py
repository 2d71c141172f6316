"""`realpolitik import -o`: a scenario file, or a folder of them, never a mislabelled file."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.io import load_scenario
from tests.conftest import reference_path

KYOTO = str(reference_path("bdm/cases/kyoto.csv"))
DEU = str(reference_path("deu/deu-1996-2000.tsv"))
runner = CliRunner()


def test_output_must_be_a_scenario_file_name(tmp_path: Path) -> None:
    target = tmp_path / "kyoto.csv"
    result = runner.invoke(app, ["import", KYOTO, "-o", str(target)])
    assert result.exit_code == 2
    assert "name it .yaml or .json" in result.stderr
    assert not target.exists()


def test_upper_case_suffix_is_a_scenario_file(tmp_path: Path) -> None:
    target = tmp_path / "kyoto.YML"
    result = runner.invoke(app, ["import", KYOTO, "-o", str(target)])
    assert result.exit_code == 0
    assert load_scenario(target).metadata.title == "kyoto"


def test_several_scenarios_need_a_folder(tmp_path: Path) -> None:
    target = tmp_path / "deu.yaml"
    result = runner.invoke(app, ["import", DEU, "-o", str(target)])
    assert result.exit_code == 2
    assert "give -o a folder" in result.stderr
    assert not target.exists()


def test_an_existing_folder_with_a_dot_takes_the_scenarios(tmp_path: Path) -> None:
    folder = tmp_path / "cases.v1"
    folder.mkdir()
    result = runner.invoke(app, ["import", KYOTO, "-o", str(folder)])
    assert result.exit_code == 0
    assert [p.name for p in folder.iterdir()] == ["kyoto.yaml"]
