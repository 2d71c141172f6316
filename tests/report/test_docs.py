"""docs/report.md is true: its Python runs, and every option it names exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app

ROOT = Path(__file__).parents[2]
DOC = ROOT / "docs" / "report.md"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("code", blocks("python"))
def test_python_examples_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], code: str
) -> None:
    monkeypatch.chdir(ROOT)
    exec(compile(code, str(DOC), "exec"), {})
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("['actors-budget-0'")
    assert out[1:] == ["True", "['90% band', 'median', 'mean']"]


def test_every_option_the_doc_names_exists() -> None:
    text = DOC.read_text(encoding="utf-8")
    named = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", text))
    assert {"--runs", "--sensitivity", "--format", "--scenario", "--seed"} <= named
    help_text = CliRunner().invoke(app, ["report", "--help"], terminal_width=200).stdout
    assert sorted(o for o in named if o not in help_text and o != "--json") == []
