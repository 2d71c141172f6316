"""docs/notebook.md runs: its Python blocks, in order, as one script."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

DOC = Path(__file__).parents[2] / "docs" / "notebook.md"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


@pytest.mark.slow
def test_the_notebook_page_runs_as_a_script(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code = "\n".join(blocks("python"))
    namespace: dict[str, object] = {}
    exec(compile(code, str(DOC), "exec"), namespace)
    out = capsys.readouterr().out
    assert isinstance(namespace["forecasts"], pd.DataFrame)
    assert isinstance(namespace["fig"], go.Figure)
    assert "correlation:" in out
    assert "saliences read on 0-100" in out  # the import notices, collected
    assert "events" in out  # the report's figure keys were printed
    settlement = namespace["settlement"]
    assert isinstance(settlement, pd.DataFrame)
    assert settlement["probability"].between(0, 1).all()
    assert "eum" in set(namespace["table"]["model"])  # type: ignore[index]


def test_every_python_block_is_run() -> None:
    assert len(blocks("python")) >= 6


@pytest.mark.slow
def test_the_page_s_commands_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json
    import shlex

    from typer.testing import CliRunner

    from realpolitik.cli import app

    monkeypatch.chdir(tmp_path)
    commands = [
        shlex.split(line.split("#")[0])[1:]
        for block in blocks("bash")
        for line in block.splitlines()
        if line.startswith("realpolitik ")
    ]
    assert len(commands) == 2
    for args in commands:
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        if "--json" in args:
            assert set(json.loads(result.stdout)["models"]) == {"compromise", "eum", "smp"}
    assert (tmp_path / "compare.html").stat().st_size > 100_000  # plotly.js inlined
