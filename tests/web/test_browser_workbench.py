"""The analyst's workbench in Chromium: what-if controls, run management, many runs in one
chart, and a scenario built from an empty page (fixtures from test_browser)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web import test_browser as tb
from tests.web.test_browser import Console, shot

browser, page, server = tb.browser, tb.page, tb.server  # the same fixtures

pytestmark = pytest.mark.browser

WAR = "b-minerals-deal-2025"


def test_what_if_on_the_war_changes_the_headline_and_shows_the_difference(
    page: Any,
    server: str,
) -> None:
    console = Console(page)
    page.goto(f"{server}/scenarios/{WAR}")
    page.click("#whatif details:has-text('Levers') > summary")
    field = page.locator("[data-path='levers.us_pressure_on_kyiv.size']")
    field.fill("0.5")
    row = page.locator("#whatif-table tr[data-key='settled_by:2025-06']")
    row.wait_for()
    cells = row.locator("td")
    baseline, variant, diff = cells.nth(0).inner_text(), cells.nth(1).inner_text(), cells.nth(2)
    assert baseline != variant
    assert diff.inner_text().startswith("+")  # more pressure on Kyiv: an earlier settlement
    assert float(diff.inner_text().split()[0]) > 10  # points; about +24 on 1,000 runs
    assert "moved" in (row.get_attribute("class") or "")
    assert "paired runs" in page.inner_text("#whatif-status")
    assert page.url.endswith(f"/scenarios/{WAR}")  # no reload, no navigation
    shot(page, "whatif-war")
    field.fill("-1")  # a size below 0: the problem is shown, nothing breaks
    page.locator("#whatif-problems li").first.wait_for()
    assert "size" in page.inner_text("#whatif-problems")
    field.fill("0.5")
    page.wait_for_selector("#whatif-problems", state="hidden")
    with page.expect_navigation():
        page.click("#whatif-save")
    assert "/scenarios/u-" in page.url
    assert "(what-if)" in page.inner_text("h1")
    bad_request = "status of 400"  # the deliberate bad size: the browser logs the 400
    assert [e for e in console.errors if bad_request not in e] == []
