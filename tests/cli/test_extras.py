"""The core install works without the optional extras, and a missing extra is named.

Each test runs a fresh interpreter (``sys.modules`` of this one already holds
everything the other tests imported). Without installing a core-only venv
(slow), the second test makes the extras' libraries unimportable in that
interpreter (``sys.modules[name] = None`` makes ``import name`` fail) and
walks the CLI the way a user of a core-only install would.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

# the heavy libraries of the web, report and dask extras (and what they pull in)
HEAVY = ("fastapi", "uvicorn", "starlette", "plotly", "jinja2", "matplotlib", "dask", "distributed")
SMALL = str(Path(__file__).parents[1] / "data" / "scenarios" / "small.yaml")
ROOT = Path(__file__).parents[2]
DOC = ROOT / "docs" / "install.md"

_SCRIPT = """
import json, sys
for name in {blocked!r}:
    sys.modules[name] = None
loaded = {{}}
def heavy():
    return sorted(m for m in {heavy!r} if sys.modules.get(m) is not None)
import realpolitik
loaded["import realpolitik"] = heavy()
from typer.testing import CliRunner
from realpolitik.cli import app
results = []
for argv in {commands!r}:
    r = CliRunner().invoke(app, argv)
    results.append({{"argv": argv, "code": r.exit_code, "out": r.stdout, "err": r.stderr}})
    loaded[" ".join(argv)] = heavy()
try:
    import realpolitik.web
    web = "imported"
except ImportError as exc:
    web = str(exc)
print(json.dumps({{"results": results, "loaded": loaded, "web": web}}))
"""


def _walk(tmp_path: Path, commands: list[list[str]], blocked: tuple[str, ...]) -> dict[str, Any]:
    code = _SCRIPT.format(blocked=blocked, heavy=HEAVY, commands=commands)
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=os.environ.copy(),  # REALPOLITIK_STORE: this test's own store
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    walked: dict[str, Any] = json.loads(proc.stdout.splitlines()[-1])
    return walked


def test_core_commands_load_no_extra(tmp_path: Path) -> None:
    walked = _walk(tmp_path, [["--version"], ["run"]], blocked=())
    assert [r["code"] for r in walked["results"]] == [0, 0]
    assert walked["loaded"] == {"import realpolitik": [], "--version": [], "run": []}


@pytest.mark.slow
def test_without_extras_core_works_and_each_extra_is_named(tmp_path: Path) -> None:
    commands = [
        ["run"],
        ["simulate", SMALL, "--runs", "64", "--seed", "1"],
        ["serve"],
        ["report", "-o", str(tmp_path / "r.html")],
        ["report", "--format", "png", "-o", str(tmp_path / "figs")],
        ["simulate", SMALL, "--runs", "64", "--backend", "dask"],
        ["runs", "list", "--json"],
    ]
    walked = _walk(tmp_path, commands, blocked=HEAVY)
    run, sim, serve, report, png, dask, listed = walked["results"]
    assert run["code"] == 0, run
    assert "model: compromise" in run["out"]
    assert "Territorial line" in run["out"]
    assert sim["code"] == 0, sim
    hint = "needs the {} extra: pip install 'realpolitik[{}]'"
    for result, extra, what in [
        (serve, "web", "`serve`"),
        (report, "report", "`report`"),
        (png, "report", "`report --format png`"),
        (dask, "dask", "the dask backend"),
    ]:
        assert result["code"] == 2, result
        assert what + " " + hint.format(extra, extra) in result["err"]
        assert "Traceback" not in result["err"] + result["out"]
    assert not (tmp_path / "r.html").exists()
    assert not (tmp_path / "figs").exists()
    kinds = [r["kind"] for r in json.loads(listed["out"])]
    assert kinds == ["run", "simulate"]  # the dask attempt recorded no run
    assert "`import realpolitik.web` needs the web extra" in walked["web"]
    printed = {line for r in walked["results"] for line in r["err"].splitlines()}
    documented = re.findall(r"^error: .*$", DOC.read_text(encoding="utf-8"), re.M)
    assert len(documented) == 3
    assert sorted(set(documented) - printed) == []


def test_the_docs_list_each_extra_as_pyproject_declares_it() -> None:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    rows = re.findall(r"^\| `(\w+)` \| ([^|]+) \|", DOC.read_text(encoding="utf-8"), re.M)
    assert {name for name, _ in rows} == set(extras)
    for name, listed in rows:
        if name in ("all", "dev"):
            continue
        # "dask[distributed]>=2024.1" declares dask and distributed
        names = (re.findall(r"[\w.-]+", r.split(">")[0]) for r in extras[name])
        declared = {w.lower() for found in names for w in found}
        assert {p.strip() for p in listed.split(",")} == declared, name
