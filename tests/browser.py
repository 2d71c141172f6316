"""Debian's chromium, driven by Playwright, against the web app served on a free local port.

Browser tests never skip: without ``/usr/bin/chromium`` they fail with what to
install (``bash scripts/install-chromium.sh``, as root). Shared by the web
tests and the journeys.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from realpolitik.web import WebConfig, create_app

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
OUTPUT = Path(__file__).parents[1] / "test-output"


def require_chromium() -> None:
    """Fail (never skip) when Debian's chromium is missing."""
    if not CHROMIUM.exists():
        pytest.fail(
            "Debian's chromium is not installed at /usr/bin/chromium: run "
            "`bash scripts/install-chromium.sh` as root (browser tests never skip)",
            pytrace=False,
        )


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(root: Path, **config: Any) -> Iterator[str]:
    """The web app on a store and scenarios folder under ``root``; yields its base URL."""
    import uvicorn

    app = create_app(
        WebConfig(store=root / "store.duckdb", scenarios_dir=root / "scenarios", **config)
    )
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "the app did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(10)


@contextmanager
def new_page(browser: Any, timeout_ms: int = 20_000, **context: Any) -> Iterator[Any]:
    """A page in a context of its own (cookies, storage) of ``browser``, 1280 × 900,
    closed at the end; ``context``: more options of the context (``accept_downloads``)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, **context)
    pg = ctx.new_page()
    pg.set_default_timeout(timeout_ms)
    try:
        yield pg
    finally:
        ctx.close()


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless chromium (Debian's), closed at the end."""
    from playwright.sync_api import sync_playwright

    require_chromium()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Console:
    """Errors the page reported (script errors, failed loads, CSP violations)."""

    def __init__(self, page: Any) -> None:
        self.errors: list[str] = []
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)


def shot(page: Any, name: str) -> Path:
    """A full-page screenshot in ``test-output/``."""
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def charts(page: Any) -> tuple[int, int]:
    """(figures on the page, figures Plotly has drawn), after the page has settled."""
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    counts: list[int] = page.evaluate(
        """() => { const figs = [...document.querySelectorAll('.rp-figure')];
                   return [figs.length, figs.filter(f => f.querySelector('.main-svg')).length]; }"""
    )
    return counts[0], counts[1]
