"""The web app in Chromium, as a person uses it, for each kind of scenario.

Open the scenario (the bundled war, or an uploaded file), press Run with the
form's defaults, wait for the result page, open its report from the page and
count the charts drawn, then compare two runs. The bundled war scenario's
journey is the regression test for the Run button that answered "unknown
model 'dynamics'".
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import Console, charts, new_page, serve, shot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(tmp_path_factory.mktemp("journeys")) as url:
        yield url


@pytest.fixture(scope="module")
def browser(chromium_browser: Any) -> Any:
    """The process's chromium (tests/conftest.py): fails, never skips, without it."""
    return chromium_browser


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    with new_page(browser, timeout_ms=90_000) as pg:
        yield pg


def run_with_defaults(page: Any) -> str:
    """Press Run as the form comes, wait for the result page; its URL."""
    page.click("#run-button")
    try:
        page.wait_for_url("**/runs/*")
    except Exception as exc:  # say where it stopped: the job's state, from the page and the API
        job = page.url.rsplit("/", 1)[-1]
        state = page.request.get(page.url.split("/jobs/")[0] + f"/api/jobs/{job}").text()
        raise AssertionError(f"stayed on {page.url}; the job: {state}") from exc
    page.wait_for_load_state("load")
    url: str = page.url
    return url


def report_draws_every_chart(page: Any, name: str) -> None:
    """Open the run's report from its page: every chart is drawn."""
    page.click("#report-link")
    page.wait_for_load_state("load")
    figures, drawn = charts(page)
    shot(page, f"journey-report-{name}")
    assert figures > 0
    assert drawn == figures, f"{drawn} of {figures} charts drawn in the report"
    page.go_back()


def compare_last_two(page: Any, server: str) -> None:
    """Pick the two newest runs on the runs page and compare them."""
    page.goto(f"{server}/runs")
    rows = page.locator("#run-list tbody tr")
    newest, before = rows.nth(0).get_attribute("data-run"), rows.nth(1).get_attribute("data-run")
    page.check(f"#run-list tr[data-run='{before}'] input[name=a]")
    page.check(f"#run-list tr[data-run='{newest}'] input[name=b]")
    page.click("#compare-button")
    page.wait_for_url("**/compare?*")
    assert page.locator("#compare-table").inner_text().strip()


def test_the_bundled_war_scenario_runs_from_its_form(page: Any, server: str) -> None:
    console = Console(page)
    page.goto(f"{server}/")
    page.click("#scenario-list a:has-text('minerals deal')")
    page.wait_for_selector("#run-button")
    scenario_page = page.url
    run_with_defaults(page)
    assert "US-Ukraine minerals deal" in page.locator("h1").inner_text()
    assert "settlement" in page.content()
    shot(page, "journey-result-war")
    report_draws_every_chart(page, "war")
    page.goto(scenario_page)
    page.fill("#run-count", "1024")
    run_with_defaults(page)
    compare_last_two(page, server)
    shot(page, "journey-compare-war")
    assert console.errors == []


def test_an_uploaded_file_runs_reports_and_compares(
    page: Any, server: str, scenario_file: Path
) -> None:
    console = Console(page)
    page.goto(f"{server}/")
    page.set_input_files("#upload-file", str(scenario_file))
    with page.expect_navigation():
        page.click("#upload-button")
    page.wait_for_selector("#run-button")
    scenario_page = page.url
    run_with_defaults(page)
    report_draws_every_chart(page, scenario_file.stem)
    page.goto(scenario_page)
    page.select_option("#run-model", "median_voter")
    run_with_defaults(page)
    compare_last_two(page, server)
    assert console.errors == []
