"""Square brackets in user text are shown, never read as rich markup (issue 17, item 7).

``[/]`` in a title made ``validate``, ``run`` and ``simulate`` exit 1
(``MarkupError``) — ``simulate`` after storing its run; ``[bold]`` and
``[link=…]`` were applied as styling. Every field a person writes is tried.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.richtext import escaped
from realpolitik.store import open_store
from tests.report.helpers import SMALL

runner = CliRunner()

MARKUP = ["[/]", "[/bold]", "[bold]loud", "[link=file:///etc/passwd]secret", "ends\\"]


def _static(text: str) -> dict[str, Any]:
    """The small scenario with ``text`` in every field a person writes."""
    data: dict[str, Any] = yaml.safe_load(Path(SMALL).read_text(encoding="utf-8"))
    budget, plan = data["issues"]
    data["metadata"]["title"] = text
    for key in ("name", "unit", "low", "high"):
        budget[key] = f"{key} {text}"
    budget["ranges"] = {f"range {text}": [40, 60]}
    plan["name"] = text
    plan["dimensions"] = [text, "scope"]
    for actor in data["actors"]:
        actor["name"] = f"{actor['id']} {text}"
    return data


def _write(tmp_path: Path, data: dict[str, Any]) -> str:
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


def _invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout + result.stderr


@pytest.mark.parametrize("text", MARKUP)
def test_markup_in_a_static_scenario_is_shown_as_written(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, _static(text))
    store = str(tmp_path / "s.duckdb")
    for args in (
        ("validate", path),
        ("run", path, "--store", store),
        ("simulate", path, "--runs", "40", "--seed", "1", "--store", store),
    ):
        code, output = _invoke(*args)
        assert code == 0, (args, output)
        assert "internal error" not in output
        assert text in output, args
    records = open_store(store).list()
    assert records
    assert all(r.status == "complete" for r in records)


def test_markup_is_printed_literally_not_applied(tmp_path: Path) -> None:
    data = _static("[bold]loud [link=file:///etc/passwd]secret[/link]")
    code, output = _invoke("validate", _write(tmp_path, data))
    assert code == 0
    assert "[bold]loud [link=file:///etc/passwd]secret[/link]" in output


def _war(text: str) -> dict[str, Any]:
    path = resources.files("realpolitik") / "data" / "scenarios" / "minerals-deal-2025.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["metadata"]["title"] = text + " title"
    for issue in data["issues"]:
        issue["name"] = text + " name"
        issue["unit"] = text
        issue["low"] = text + " low end"
        issue["high"] = text + " high end"
    for actor in data["actors"]:
        actor["name"] = text + " " + actor["id"]
    return data


@pytest.mark.parametrize("text", ["[/]", "[bold]x"])
def test_markup_in_a_war_scenario_is_shown_as_written(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, _war(text))
    store = str(tmp_path / "s.duckdb")
    for args in (
        ("validate", path),
        ("run", path, "--no-store"),
        ("simulate", path, "--runs", "64", "--seed", "1", "--store", store),
    ):
        code, output = _invoke(*args)
        assert code == 0, (args, output)
    assert f"{text} name" in output or "Terms of settlement" in output
    assert [r.status for r in open_store(store).list()] == ["complete"]


def test_escaped_keeps_text_and_neutralises_tags() -> None:
    from rich.console import Console

    console = Console(record=True, width=200)
    for text in MARKUP:
        console.print(f"[dim]{escaped(text)}[/] after")
    printed = console.export_text()
    for text in MARKUP:
        assert text in printed
    assert json.dumps(escaped("plain")) == '"plain"'
