"""docs/backtest.md is true: its Python runs, its tables match the shipped file and a fresh run."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from realpolitik.backtest.runner import run_backtest
from realpolitik.models.eu_calibrated import shipped_path
from realpolitik.results.schemas import dump
from tests.backtest.conftest import DEU

DOC = Path(__file__).parents[2] / "docs" / "backtest.md"
TEXT = DOC.read_text(encoding="utf-8")
SHIPPED = json.loads(shipped_path().read_text(encoding="utf-8"))


def _rows(first_cell: str) -> list[list[str]]:
    """Cells of the markdown table rows whose first cell is ``first_cell``."""
    out = []
    for line in TEXT.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0] == first_cell:
            out.append(cells)
    return out


def _pct(cell: str) -> float:
    return float(cell.rstrip(" %")) / 100


def test_python_example_runs_as_a_script_from_the_root(tmp_path: Path) -> None:
    (code,) = re.findall(r"```python\n(.*?)```", TEXT, re.S)
    (tmp_path / "example.py").write_text(code, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(tmp_path / "example.py")],
        cwd=DOC.parents[1],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout.splitlines()
    assert out[0] == "24.11"
    assert out[1] == str(SHIPPED["cross_validated"]["eu_calibrated"]["coverage"]["0.8"])
    assert out[2].startswith("d00032i1 ")


def test_cross_validated_row_is_the_shipped_one() -> None:
    (row,) = _rows("**eu_calibrated**")
    cv = SHIPPED["cross_validated"]["eu_calibrated"]
    assert row[3] == f"**{cv['mae']:.2f}**"
    assert row[5] == f"{cv['median_ae']:.2f}"
    assert _pct(row[8]) == pytest.approx(cv["coverage"]["0.5"], abs=0.005)
    assert _pct(row[9]) == pytest.approx(cv["coverage"]["0.8"], abs=0.005)
    assert _pct(row[10]) == pytest.approx(cv["coverage"]["0.9"], abs=0.005)
    assert row[11] == f"{cv['crps']:.2f}"
    (in_sample,) = _rows("eu_calibrated")
    assert in_sample[3] == f"{SHIPPED['in_sample']['mae']:.2f}"


def test_weights_table_is_the_shipped_one() -> None:
    for name, weight in SHIPPED["calibration"]["weights"].items():
        (row,) = _rows(f"`{name}`")
        assert float(row[2].strip("*")) == pytest.approx(weight, abs=0.0005)


@pytest.mark.slow
def test_model_rows_match_a_fresh_backtest() -> None:
    """Every registered model's MAE and n in the table, to the printed digits."""
    scores = {k: dump(v) for k, v in run_backtest(DEU).scores().items()}
    for name, s in scores.items():
        if name == "eu_calibrated":
            continue
        label = "compromise (the bar)" if name == "compromise" else name
        rows = _rows(label)
        assert len(rows) == 1, f"docs/backtest.md has no row for {name}"
        assert rows[0][2] == str(s["n"])
        assert rows[0][3] == f"{s['mae']:.2f}"
