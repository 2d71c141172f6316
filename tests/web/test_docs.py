"""docs/web.md is true: its Python runs, its options and endpoints exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from realpolitik.cli import app

ROOT = Path(__file__).parents[2]
DOC = ROOT / "docs" / "web.md"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("code", blocks("python"))
def test_python_examples_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], code: str
) -> None:
    monkeypatch.chdir(ROOT)
    exec(compile(code, str(DOC), "exec"), {})
    assert capsys.readouterr().out.strip() == "41.76056338028169"  # compromise, budget


def test_every_serve_option_the_doc_names_exists() -> None:
    named = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", DOC.read_text(encoding="utf-8")))
    assert {"--host", "--token", "--port", "--max-upload-mb"} <= named
    help_text = CliRunner().invoke(app, ["serve", "--help"], terminal_width=200).stdout
    assert sorted(o for o in named if o not in help_text) == []


def test_every_endpoint_in_the_table_is_in_the_openapi_document(client: TestClient) -> None:
    def shape(path: str) -> str:
        return re.sub(r"\{[^}]*\}", "{}", path)

    paths = {shape(p) for p in client.get("/api/openapi.json").json()["paths"]}
    rows = re.findall(r"^\| [A-Z, ]+ \| (.+?) \|", DOC.read_text(encoding="utf-8"), re.M)
    documented = {shape(p) for row in rows for p in re.findall(r"`(/api/[^`]+)`", row)}
    assert documented
    assert sorted(documented - paths - {"/api/docs"}) == []
    assert sorted(paths - documented) == []
