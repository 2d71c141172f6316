"""docs/reliability.md names real files, modules and schemas (its figures come from their runs)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from realpolitik.results.schemas import DOCUMENTS

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")


def test_every_path_it_names_exists() -> None:
    paths = set(re.findall(r"`((?:tests|benchmarks|docs|src)/[\w/.-]+)`", DOC))
    paths |= set(re.findall(r"pytest(?: -q)? ((?:tests)/[\w/.-]+)", DOC))
    assert len(paths) > 10
    missing = [p for p in sorted(paths) if not (ROOT / p).exists()]
    assert not missing, missing


def test_every_module_it_runs_exists() -> None:
    modules = set(re.findall(r"python -m ([\w.]+)", DOC))
    assert modules == {"tests.fuzz.fuzzer", "realpolitik.results.schemas"}
    for name in modules:
        assert hasattr(importlib.import_module(name), "main")


def test_every_schema_is_listed() -> None:
    for kind in DOCUMENTS:
        assert f"`docs/schemas/{kind}.json`" in DOC
