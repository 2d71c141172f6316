"""Inputs whose magnitudes overflow the models are refused; results are never ``inf`` (issue 17,
item 5).

Bounds ``[0, 1e308]`` with positions near 1e308 passed ``validate``; ``run --json``
and ``simulate`` then exited 1 (``ValueError: Out of range float values are not
JSON compliant``) and the table printed a forecast of ``inf``. Bounds and
positions are now limited to ±1e12 (``MAX_MAGNITUDE``, docs/file-format.md), and
a document holding a non-finite number is an input error naming its place.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app as cli
from realpolitik.errors import InputError
from realpolitik.models import model_names
from realpolitik.results.finite import check_finite, finite_json
from realpolitik.scenario.models import MAX_MAGNITUDE
from tests.sim.scenarios import write

runner = CliRunner()


def _case(bound: float, positions: list[Any]) -> dict[str, Any]:
    caps = [1e30, 1e-30, "uniform(1, 1e29)"]
    return {
        "metadata": {"title": "Extremes"},
        "issues": [{"id": "x", "bounds": [-bound, bound]}],
        "actors": [
            {
                "id": f"a{k}",
                "capability": caps[k],
                "attributes": {"role": role},  # eu_calibrated needs the EU's institutions
                "stances": {"x": {"position": p, "salience": s}},
            }
            for k, (p, s, role) in enumerate(
                zip(
                    positions, [1, 0.0001, 0.9], ["commission", "parliament", "member"], strict=True
                )
            )
        ],
    }


def test_bounds_and_positions_beyond_the_limit_are_refused_with_their_place(
    tmp_path: Path,
) -> None:
    path = write(tmp_path / "big.yaml", _case(1e308, [1e308, -9e307, 5e307]))
    result = runner.invoke(cli, ["validate", path])
    assert result.exit_code == 2
    assert "field 'issues[0].bounds'" in result.stderr
    assert "field 'actors[0].stances.x.position'" in result.stderr
    assert "line " in result.stderr
    for args in (["run", path, "--json", "--no-store"], ["simulate", path, "--no-store"]):
        again = runner.invoke(cli, args)
        assert again.exit_code == 2, again.output
        assert "internal error" not in again.stderr


def test_a_stakeholder_cell_of_1e308_is_refused_naming_its_row(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text(
        "name,position,capability,salience\nA,1e308,10,50\nB,20,30,80\nC,60,20,40\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["run", str(path), "--json", "--no-store"])
    assert result.exit_code == 2
    assert "line 2" in result.stderr
    assert "1e+12" in result.stderr


@pytest.mark.parametrize("model", model_names())
def test_every_model_stays_finite_at_the_limit(tmp_path: Path, model: str) -> None:
    path = write(tmp_path / "edge.yaml", _case(MAX_MAGNITUDE, [MAX_MAGNITUDE, -MAX_MAGNITUDE, 0]))
    result = runner.invoke(cli, ["run", path, "--model", model, "--json", "--no-store"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    value = doc["forecast"]["x"]
    assert math.isfinite(value)
    assert -MAX_MAGNITUDE <= value <= MAX_MAGNITUDE


def test_a_simulation_at_the_limit_stays_finite(tmp_path: Path) -> None:
    path = write(
        tmp_path / "edge.yaml",
        _case(MAX_MAGNITUDE, [MAX_MAGNITUDE, -MAX_MAGNITUDE, f"0 ± {MAX_MAGNITUDE:g}"]),
    )
    result = runner.invoke(cli, ["simulate", path, "--runs", "500", "--json", "--no-store"])
    assert result.exit_code == 0, result.output
    assert math.isfinite(json.loads(result.stdout)["issues"]["x"]["mean"])


def test_a_non_finite_document_is_an_input_error_naming_its_place() -> None:
    document = {"issues": {"x": {"quantiles": [1.0, math.inf]}}, "n": 3}
    with pytest.raises(InputError, match=r"issues\.x\.quantiles\[1\]") as caught:
        finite_json(document)
    assert caught.value.problems[0].field == "issues.x.quantiles[1]"
    check_finite({"a": [1.0, 2.5], "b": None})  # finite: nothing to say
    with pytest.raises(InputError):
        check_finite({"a": math.nan})
