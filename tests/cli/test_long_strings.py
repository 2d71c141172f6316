"""Long user strings are printed in linear time (issue 17, item 6).

``validate`` took 1.7 s for a 10,000-character title and 16 s for 40,000: rich's
repr highlighter runs regular expressions that backtrack over a long word on
every string printed. The consoles no longer highlight (user text gets no
colour guesses anyway); this test counts the highlighter's calls instead of
timing them — the timing is ``benchmarks/cli_long_strings.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.highlighter import RegexHighlighter
from rich.text import Text
from typer.testing import CliRunner

from realpolitik.cli import app
from tests.report.helpers import SMALL

LONG = 200_000


def _long_case(tmp_path: Path) -> str:
    data: dict[str, Any] = yaml.safe_load(Path(SMALL).read_text(encoding="utf-8"))
    data["metadata"]["title"] = "t" * LONG
    data["issues"][0]["name"] = "n" * LONG
    data["actors"][0]["name"] = "a" * LONG
    path = tmp_path / "long.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    "args",
    [("validate",), ("run", "--no-store"), ("simulate", "--runs", "20", "--no-store")],
)
def test_no_regex_highlighting_runs_over_a_long_title(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    scanned: list[int] = []
    original = RegexHighlighter.highlight

    def counting(self: RegexHighlighter, text: Text) -> None:
        scanned.append(len(text))
        original(self, text)

    monkeypatch.setattr(RegexHighlighter, "highlight", counting)
    result = CliRunner().invoke(app, [args[0], _long_case(tmp_path), *args[1:]])
    assert result.exit_code == 0, result.output
    assert "t" * LONG in result.stdout
    assert max(scanned, default=0) < 1000  # nothing long goes through the highlighter
