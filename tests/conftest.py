"""Shared fixtures: where reference data lives, and a temporary results store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Any]:
    """One headless chromium (Debian's) per test process, shared by the browser test files;
    each test opens its own context (cookies, storage, routes) and closes it. Fails, never
    skips, when chromium is missing (tests/browser.py)."""
    from tests.browser import chromium

    with chromium() as browser:
        yield browser


def _shares_a_fixture(item: pytest.Item) -> bool:
    """Whether the test uses a module- or class-scoped fixture (a server, a browser, a run)."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    return any(
        d.scope in ("module", "class", "package")
        for defs in info.name2fixturedefs.values()
        for d in defs
    )


def _weight(item: pytest.Item) -> int:
    return 2 * (item.get_closest_marker("browser") is not None) + (
        item.get_closest_marker("slow") is not None
    )


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under ``pytest -n N --dist loadgroup`` (scripts/check.sh): spread the tests one by one,
    except that the tests of a file sharing a module-scoped fixture stay together on one
    worker, and start the heaviest (browser, then slow) first so no worker is left alone
    with a long file at the end. Each test's claims are unchanged; only where and when it
    runs. Without xdist the order is the files' own."""
    if not getattr(config.option, "loadgroup", False):  # set on xdist's workers
        return
    groups: dict[str, int] = {}
    for item in items:
        if _shares_a_fixture(item):
            name = item.nodeid.split("::")[0]
            item.add_marker(pytest.mark.xdist_group(name))
            groups[name] = max(groups.get(name, 0), _weight(item))

    def key(item: pytest.Item) -> int:
        name = item.nodeid.split("::")[0]
        return -(groups[name] if name in groups else _weight(item))

    items.sort(key=key)  # stable: a file's tests keep their order


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    """Stop when ``--dist loadgroup`` would not group: pytest-xdist tags a grouped test's node
    id with ``@group``, which pytest 9.2 no longer lets it do (constraints.txt pins 9.1);
    without the tag each test of a file with a shared server or browser starts its own."""
    if not getattr(session.config.option, "loadgroup", False):
        return
    for item in session.items:
        if item.get_closest_marker("xdist_group") and "@" not in item.nodeid:
            raise pytest.UsageError(
                f"pytest-xdist did not group {item.nodeid}: this pytest is not the one "
                "constraints.txt pins (pip install -c constraints.txt -e '.[dev]')"
            )
