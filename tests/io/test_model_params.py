"""``model_params`` in a scenario file: misspelt models and options are errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.errors import InputError
from realpolitik.forecast import forecast
from realpolitik.io import load_scenario

HEAD = """\
format: realpolitik/1
metadata: {title: t}
issues: [{id: i, bounds: [0, 10]}]
actors:
  - {id: a, capability: 1, stances: {i: {position: 5, salience: 0.6}}}
  - {id: b, capability: 2, stances: {i: {position: 8, salience: 0.9}}}
model_params:
"""


def write(tmp_path: Path, block: str) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(HEAD + block)
    return path


def test_unknown_model_and_option_are_reported_with_their_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "  eum: {round: 5}\n  emu: {rounds: 5}\n")
    with pytest.raises(InputError) as info:
        load_scenario(path)
    got = [(p.line, p.field) for p in info.value.problems]
    assert got == [(8, "model_params.eum.round"), (9, "model_params.emu")]
    assert "no option 'round'" in info.value.problems[0].message
    assert "unknown model 'emu'" in info.value.problems[1].message


def test_distributions_of_known_options_still_load(tmp_path: Path) -> None:
    path = write(tmp_path, "  eum: {status_quo_probability: 'uniform(0.5, 1)'}\n")
    assert load_scenario(path).model_params["eum"]["status_quo_probability"] == "uniform(0.5, 1)"


def test_a_bad_value_from_the_file_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "  eum: {rounds: -2}\n")
    with pytest.raises(InputError) as info:
        forecast(load_scenario(path), model="eum")
    (problem,) = info.value.problems
    assert problem.field == "model_params.eum.rounds"
    assert "got -2" in problem.message
    result = CliRunner().invoke(app, ["run", str(path), "-m", "eum", "--no-store"])
    assert result.exit_code == 2
    assert f"{path}, line 8, field 'model_params.eum.rounds'" in result.stderr
    # An override on the command line replaces the file's value.
    result = CliRunner().invoke(app, ["run", str(path), "-m", "eum", "--rounds", "2", "--no-store"])
    assert result.exit_code == 0


def test_an_unknown_option_on_the_command_line_lists_the_options(tmp_path: Path) -> None:
    path = write(tmp_path, "  eum: {rounds: 3}\n")
    result = CliRunner().invoke(app, ["run", str(path), "-m", "eum", "-p", "foo=1", "--no-store"])
    assert result.exit_code == 2
    assert "field 'eum.foo': the eum model has no option 'foo' (options: rounds," in result.stderr


def test_run_takes_distributed_options_at_their_means(tmp_path: Path) -> None:
    path = write(
        tmp_path, "  eum: {status_quo_probability: 'uniform(0.5, 1)', rounds: 'choice(3, 6)'}\n"
    )
    fc = forecast(load_scenario(path), model="eum")
    assert fc.params.model_dump()["status_quo_probability"] == 0.75
    assert fc.params.model_dump()["rounds"] == 4  # 4.5, rounded half to even
    result = CliRunner().invoke(app, ["validate", str(path), "--model", "eum"])
    assert result.exit_code == 0
