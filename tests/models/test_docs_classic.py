"""The examples of docs/models/classic.md run and print what the page says (doctest)."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

DOC = Path(__file__).parents[2] / "docs" / "models" / "classic.md"


def blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_the_page_has_examples() -> None:
    assert len(blocks()) >= 3


def test_the_examples_print_what_the_page_says() -> None:
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(verbose=False)
    globs: dict[str, object] = {}
    for k, text in enumerate(blocks()):  # one namespace: later blocks use earlier names
        test = parser.get_doctest(text, globs, f"classic.md[{k}]", str(DOC), 0)
        runner.run(test, clear_globs=False)
        globs = test.globs  # DocTest works on a copy
    result = runner.summarize(verbose=False)
    assert result.attempted > 0
    if result.failed:
        pytest.fail(f"{result.failed} example(s) of {DOC.name} failed (output above)")
