"""The strategy-search page in Debian's chromium: form, progress, the front, problems shown."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.test_browser import Console, browser, drawn, page, server, shot

pytestmark = pytest.mark.browser
__all__ = ["browser", "page", "server"]  # fixtures used by name

BUNDLED = "/scenarios/b-minerals-deal-2025"


def test_search_from_the_scenario_page_and_see_the_front(page: Any, server: str) -> None:
    console = Console(page)
    page.goto(f"{server}{BUNDLED}")
    page.click("#optimize-link")
    page.wait_for_url("**/optimize")
    assert page.locator("#opt-holder").input_value() == "USA"
    assert page.locator("#opt-objective").input_value() == "settlement_by:2026-02"
    page.check("input[value=us_sanctions_relief]")
    page.check("input[value=us_pressure_on_kyiv]")
    page.fill("#opt-trials", "20")
    page.fill("#opt-runs", "1024")
    page.click("#optimize-button")
    page.wait_for_url("**/jobs/*")
    assert page.locator("#job-progress").count() == 1
    assert "USA's best strategies" in page.locator("h1").inner_text()
    page.wait_for_url("**/runs/*", timeout=240_000)
    front = drawn(page, "fig-optimize-front")
    assert front["traces"] == ["scatter", "scatter", "scatter"]
    assert front["title"] == "USA's strategies: settlement_by:2026-02 against cost"
    assert "as written" in page.locator("#section-optimize").inner_text()
    shot(page, "optimize-front")
    assert console.errors == []


def test_another_holder_shows_its_levers(page: Any, server: str) -> None:
    page.goto(f"{server}{BUNDLED}/optimize")
    page.click("#opt-holders >> text=EU")
    page.wait_for_url("**/optimize?holder=EU")
    assert page.locator("#opt-holder").input_value() == "EU"
    levers = page.locator("input[name=lever]")
    assert sorted(levers.nth(k).get_attribute("value") for k in range(levers.count())) == [
        "eu_military_aid",
        "eu_sanctions",
    ]


def test_bad_options_are_listed_and_nothing_runs(page: Any, server: str) -> None:
    page.goto(f"{server}{BUNDLED}/optimize")
    page.fill("#opt-objective", "speed")
    page.fill("#opt-constraint", "cost<<3")
    with page.expect_navigation():
        page.click("#optimize-button")
    problems = page.locator(".problems").inner_text()
    assert "NAME<=NUMBER" in problems
    shot(page, "optimize-problems")
    page.fill("#opt-constraint", "")
    with page.expect_navigation():
        page.click("#optimize-button")
    assert "unknown objective 'speed'" in page.locator(".problems").inner_text()


def test_a_constraint_no_strategy_meets_fails_with_its_message(page: Any, server: str) -> None:
    page.goto(f"{server}{BUNDLED}/optimize")
    page.check("input[value=us_sanctions_relief]")
    page.fill("#opt-constraint", "cost<=1")
    page.fill("#opt-trials", "4")
    page.fill("#opt-runs", "256")
    page.click("#optimize-button")
    page.wait_for_url("**/jobs/*")
    error = page.locator("#job-error")
    error.wait_for(state="visible", timeout=120_000)
    assert "no strategy tried meets the constraints: cost<=1" in error.inner_text()
