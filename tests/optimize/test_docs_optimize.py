"""The examples of docs/optimize.md run: the Python block, and each command (with fewer trials)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app

ROOT = Path(__file__).parents[2]
DOC = ROOT / "docs" / "optimize.md"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def commands() -> list[list[str]]:
    """Each ``realpolitik optimize`` command of the bash blocks, made small (trials, runs)."""
    out = []
    for block in blocks("bash"):
        for cmd in block.replace("\\\n", " ").splitlines():
            words = shlex.split(cmd.split("#")[0])
            if words[:2] == ["realpolitik", "optimize"]:
                args = words[1:]
                for opt, small in (("--trials", "4"), ("--runs", "256")):
                    args[args.index(opt) + 1] = small
                out.append([*args, "--robust-draws", "8", "--no-store"])
    return out


def test_the_doc_has_examples() -> None:
    assert blocks("python")
    assert len(commands()) == 2


@pytest.mark.parametrize("args", commands())
def test_commands_run(args: list[str]) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert "as written" in result.stdout or '"baseline"' in result.stdout


@pytest.mark.parametrize("code", blocks("python"))
def test_python_examples_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], code: str
) -> None:
    monkeypatch.chdir(ROOT)
    exec(compile(code, str(DOC), "exec"), {})
    assert capsys.readouterr().out.strip()
