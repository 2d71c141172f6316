"""docs/workbench.md is true: its Python example and its shell commands run as written."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from realpolitik.cli import app

ROOT = Path(__file__).parents[2]
DOC = ROOT / "docs" / "workbench.md"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_the_python_example_runs_and_shows_a_paired_difference(tmp_path: Path) -> None:
    (code,) = blocks("python")
    script = tmp_path / "whatif.py"
    script.write_text(code, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("P(settlement by 2025-06): ")
    diff = float(re.search(r"\(([+-][0-9.]+) ±", lines[0]).group(1))  # type: ignore[union-attr]
    assert diff > 0.1  # more pressure on Kyiv settles sooner (bundled scenario, 1,000 runs)


def test_the_shell_commands_run(tmp_path: Path) -> None:
    (commands,) = blocks("bash")
    runner = CliRunner()
    for line in commands.strip().splitlines():
        words = shlex.split(line.split(">")[0])
        assert words[0] == "realpolitik"
        args = [w if not w.startswith("tests/") else str(ROOT / w) for w in words[1:]]
        args = [str(tmp_path / a) if a.endswith((".duckdb", ".csv")) else a for a in args]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (line, result.output)
    assert (tmp_path / "run1-summary.csv").read_text().startswith("field,value\n")
