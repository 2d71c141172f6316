"""Reports in Chromium: they draw from the app and from disk, and send nothing anywhere.

The report's own Content-Security-Policy allows its two inline scripts by
hash; the app serves it with the same policy (under the app's policy no inline
script ran and 0 charts drew). Every toolbar button of every chart is clicked
while every request to a host other than this machine is blocked and counted
(plotly's default toolbar had a "share" button that opened
``https://cloud.plotly.com/newchart``).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from tests.report.helpers import DEAL
from tests.web.test_browser import Console, browser, page, server

__all__ = ["browser", "page", "server"]  # fixtures, used by name

pytestmark = pytest.mark.browser

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", ""})


@pytest.fixture(scope="module")
def run_id(server: str) -> int:
    """A Monte Carlo run of the deal scenario, made through the API."""
    with httpx.Client(base_url=server, timeout=30) as api:
        with DEAL.open("rb") as fh:
            sid = api.post("/api/scenarios", files={"file": ("deal.yaml", fh)}).json()["id"]
        job = api.post("/api/runs", json={"scenario": sid, "runs": 512, "seed": 3}).json()
        while job["status"] not in ("done", "failed", "cancelled"):
            time.sleep(0.05)
            job = api.get(f"/api/jobs/{job['id']}").json()
    assert job["status"] == "done", job
    return int(job["run_id"])


class Outbound:
    """Every request the context makes to another machine: recorded and aborted."""

    def __init__(self, context: Any) -> None:
        self.sent: list[str] = []
        context.route("**/*", self._route)

    def watch_popups(self, context: Any) -> None:
        """Count a window a button opens (plotly's share button opened one)."""
        context.on("page", lambda p: self.sent.append(f"window {p.url}"))

    def _route(self, route: Any) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "file") or parts.hostname in LOCAL_HOSTS:
            route.continue_()
            return
        self.sent.append(url)
        route.abort()


def drawn_charts(page: Any) -> tuple[int, int]:
    """(charts plotly drew, figures on the page), once drawing has settled."""
    page.wait_for_load_state("load")
    total = page.locator(".rp-figure").count()
    page.wait_for_function(
        "n => document.querySelectorAll('.rp-figure .main-svg').length > 0 || n === 0", arg=total
    )
    counted: int = page.evaluate(
        "() => [...document.querySelectorAll('.rp-figure')]"
        ".filter(f => f.querySelector('.main-svg')).length"
    )
    return counted, total


def test_the_report_draws_every_chart_when_opened_from_the_app(
    page: Any, server: str, run_id: int
) -> None:
    console = Console(page)
    page.goto(f"{server}/api/runs/{run_id}/report")
    counted, total = drawn_charts(page)
    assert total >= 3
    assert counted == total
    assert console.errors == []


def test_the_report_draws_every_chart_when_opened_from_disk(
    page: Any, server: str, run_id: int, tmp_path: Path
) -> None:
    path = tmp_path / "report.html"
    path.write_bytes(httpx.get(f"{server}/api/runs/{run_id}/report", timeout=30).content)
    console = Console(page)
    page.goto(path.as_uri())
    counted, total = drawn_charts(page)
    assert total >= 3
    assert counted == total
    assert console.errors == []


@pytest.mark.slow
def test_no_toolbar_button_of_any_chart_sends_a_request(
    browser: Any, server: str, run_id: int
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    outbound = Outbound(context)
    pg = context.new_page()
    outbound.watch_popups(context)
    pg.set_default_timeout(20_000)
    pg.goto(f"{server}/api/runs/{run_id}/report")
    counted, total = drawn_charts(pg)
    assert counted == total
    clicked: list[str] = []
    for i in range(total):
        figure = pg.locator(".rp-figure").nth(i)
        figure.scroll_into_view_if_needed()
        buttons = figure.locator(".modebar-btn")
        for j in range(buttons.count()):
            figure.hover()
            button = buttons.nth(j)
            clicked.append(button.get_attribute("data-title") or "?")
            button.click(force=True)
            pg.wait_for_timeout(50)
    pg.wait_for_timeout(500)
    context.close()
    assert len(clicked) >= 3 * total  # every chart has a toolbar, each with its buttons
    assert "Download plot as a PNG" in clicked
    assert not any("cloud" in c.lower() or "share" in c.lower() for c in clicked)
    assert outbound.sent == [], (outbound.sent, sorted(set(clicked)))


def test_a_table_edit_shows_its_diff_keeps_the_comments_and_can_be_undone(
    page: Any, server: str
) -> None:
    from tests.report.helpers import SMALL
    from tests.web.test_browser import shot, upload

    upload(page, server, SMALL)
    console = Console(page)
    sid = page.url.rsplit("/", 1)[-1]
    page.fill("#cell-cap-0", "61")
    page.click("#table-save")
    diff = page.locator("#table-diff pre")
    diff.wait_for()
    assert "-    capability: 60" in diff.inner_text()
    assert "+    capability: 61" in diff.inner_text()
    shot(page, "table-diff")
    page.click("#table-confirm")
    page.locator("#table-status").wait_for()
    assert "Saved." in page.locator("#table-status").inner_text()
    text = httpx.get(f"{server}/api/scenarios/{sid}", timeout=10).json()["text"]
    assert text.startswith("# A small two-issue scenario")
    assert "capability: 61" in text
    page.click("#table-undo")
    page.wait_for_function(
        "() => document.querySelector('#table-status')?.textContent.includes('Went back')"
    )
    assert page.locator("#cell-cap-0").input_value() == "60"
    text = httpx.get(f"{server}/api/scenarios/{sid}", timeout=10).json()["text"]
    assert "capability: 60" in text
    assert console.errors == []
