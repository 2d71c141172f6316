"""Shared fixtures: where reference data lives, and a temporary results store."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent
SHARED = HERE.parent.parent / "shared" / "reference"
BUNDLED = HERE / "data" / "reference"


def reference_path(relative: str) -> Path:
    """A reference file: from ``../shared/reference`` when present, else the copy in tests/data.

    The copy in ``tests/data/reference`` is byte-identical to the shared folder at
    the time it was taken, so the suite runs from a bare clone too.
    """
    shared = SHARED / relative
    return shared if shared.exists() else BUNDLED / relative


@pytest.fixture(autouse=True)
def _isolated_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test writes results to its own store, never to ./realpolitik.duckdb."""
    monkeypatch.setenv("REALPOLITIK_STORE", str(tmp_path / "store.duckdb"))
