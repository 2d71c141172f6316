"""The analyst's workbench in Chromium: what-if controls, run management, many runs in one
chart, and a scenario built from an empty page (helpers from tests/browser.py: Debian's
chromium, never skipped)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import Console, new_page, serve, shot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(tmp_path_factory.mktemp("workbench")) as url:
        yield url


@pytest.fixture(scope="module")
def browser(chromium_browser: Any) -> Any:
    """The process's chromium (tests/conftest.py): fails, never skips, without it."""
    return chromium_browser


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    with new_page(browser, accept_downloads=True) as pg:
        yield pg


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


def _small_scenario(server: str) -> str:
    import httpx

    from tests.report.helpers import SMALL

    with httpx.Client(base_url=server, timeout=20) as api, SMALL.open("rb") as fh:
        sid: str = api.post("/api/scenarios", files={"file": ("small.yaml", fh)}).json()["id"]
    return sid


def test_compare_three_models_in_one_chart(page: Any, server: str) -> None:
    console = Console(page)
    sid = _small_scenario(server)
    page.goto(f"{server}/scenarios/{sid}")
    page.check("#models-form input[value=smp]")  # compromise, median_voter, nash are checked
    with page.expect_navigation():
        page.click("#models-button")
    page.wait_for_selector("#fig-overlay .main-svg")
    names = page.evaluate("() => document.getElementById('fig-overlay').data.map(t => t.name)")
    assert names == ["compromise", "median_voter", "nash", "smp"]
    points = page.locator("#fig-overlay .scatterlayer .point").count()
    assert points == 4 * 3  # four models x (budget, plan[1], plan[2]) in one chart
    shot(page, "compare-models")
    assert console.errors == []


def test_name_delete_and_undo_a_run(page: Any, server: str) -> None:
    console = Console(page)
    sid = _small_scenario(server)
    page.goto(f"{server}/scenarios/{sid}")
    with page.expect_navigation(url="**/runs/*"):
        page.click("#run-button")
    run_url = page.url
    run_id = run_url.rstrip("/").split("/")[-1]
    page.click("#manage > summary")
    page.fill("#run-name", "My first run")
    page.fill("#run-tags", "draft ec")
    page.fill("#run-note-text", "checked by hand")
    with page.expect_navigation():
        page.click("#label-save")
    assert "My first run" in page.inner_text("h1")
    assert "checked by hand" in page.inner_text("#run-note")
    with page.expect_download() as download:
        page.click("#summary-csv")
    assert download.value.suggested_filename == f"run-{run_id}-summary.csv"
    with page.expect_navigation():
        page.click("#delete-run")
    assert "Delete run" in page.inner_text("h1")  # asked first
    with page.expect_navigation():
        page.click("#confirm-delete")
    assert f"Run {run_id} was deleted" in page.inner_text("#undo-box")
    assert page.locator(f"#run-list tr[data-run='{run_id}']").count() == 0
    shot(page, "run-deleted-undo")
    with page.expect_navigation():
        page.click("#undo-delete")
    assert page.url == run_url
    assert "My first run" in page.inner_text("h1")
    assert console.errors == []


def test_build_the_readme_example_from_an_empty_page_and_run_it(page: Any, server: str) -> None:
    """README "The scenario file": EC car emissions, one issue, Germany and the UK."""
    console = Console(page)
    page.goto(f"{server}/")
    with page.expect_navigation():
        page.click("#nav-new")
    page.fill("#f-title", "EC car emissions standards")
    page.fill("#f-as_of", "1994-01-01")
    page.select_option("#f-salience_scale", "100")
    for name, value in [
        ("issue-0-id", "delay"),
        ("issue-0-name", "Delay before the standard applies"),
        ("issue-0-unit", "years"),
        ("issue-0-low", "immediately"),
        ("issue-0-high", "ten years"),
        ("issue-0-lo", "0"),
        ("issue-0-hi", "10"),
        ("actor-0-id", "germany"),
        ("actor-0-name", "Germany"),
        ("actor-0-cap", "16"),
        ("pos-0-0", "4"),
        ("sal-0-0", "80"),
        ("actor-1-id", "uk"),
        ("actor-1-name", "United Kingdom"),
        ("actor-1-cap", "-16"),  # a slip, shown beside its field
        ("pos-1-0", "10"),
        ("sal-1-0", "uniform(80, 95)"),
    ]:
        page.fill(f"#f-{name}", value)
        page.press(f"#f-{name}", "Tab")  # leaving a field checks it in place
    page.wait_for_selector("#err-actor-1-cap")  # checked in place, before any button
    assert "greater than 0" in page.inner_text("#err-actor-1-cap")
    assert page.locator(".field-error").count() == 1  # only the slip is marked
    with page.expect_navigation():
        page.click("#new-save")  # refused: nothing saved, the slip still beside its field
    assert "greater than 0" in page.inner_text("#err-actor-1-cap")
    assert page.input_value("#f-sal-1-0") == "uniform(80, 95)"  # nothing typed is lost
    page.fill("#f-actor-1-cap", "16 ± 2")
    page.press("#f-actor-1-cap", "Tab")
    page.wait_for_selector("#err-actor-1-cap", state="detached")
    assert page.inner_text("#new-status") == "No problem found."
    with page.expect_navigation():
        page.click("#add-actor")  # a third row, then removed again
    page.fill("#f-actor-2-id", "france")
    with page.expect_navigation():
        page.click("#remove-actor-2")
    assert page.locator("#f-actor-2-id").count() == 0
    with page.expect_navigation():
        page.click("#new-save")
    assert "/scenarios/u-" in page.url
    assert page.inner_text("h1") == "EC car emissions standards"
    shot(page, "new-scenario-saved")
    page.select_option("#run-model", "eum")
    with page.expect_navigation(url="**/runs/*"):
        page.click("#run-button")
    page.wait_for_selector(".rp-section")
    assert "EC car emissions standards" in page.inner_text("h1")
    shot(page, "new-scenario-result")
    refused = "status of 422"  # the slip: the page came back as 422 with its problems
    assert [e for e in console.errors if refused not in e] == []
