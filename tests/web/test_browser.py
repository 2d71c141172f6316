"""The web app in a real browser: Debian's chromium driven by Playwright.

The app runs with uvicorn on 127.0.0.1 (a free port) in a thread; chromium
comes from apt (``scripts/install-chromium.sh``), never from ``playwright
install``. Screenshots go to ``test-output/``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import Console, new_page, serve, shot
from tests.conftest import reference_path
from tests.report.helpers import DEAL, SMALL

pytestmark = pytest.mark.browser

BROKEN = """format: realpolitik/1
metadata: {title: Broken}
issues: [{id: x}]
actors:
  - id: a
    capability: -5
    stances: {x: {position: 150, salience: 0.5}}
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(tmp_path_factory.mktemp("web")) as url:
        yield url


@pytest.fixture(scope="module")
def browser(chromium_browser: Any) -> Any:
    """The process's chromium (tests/conftest.py): fails, never skips, without it."""
    return chromium_browser


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    with new_page(browser) as pg:
        yield pg


def upload(
    page: Any, server: str, path: Path | None = None, *, name: str = "", text: str = ""
) -> None:
    page.goto(f"{server}/")
    payload = (
        {"name": name, "mimeType": "text/plain", "buffer": text.encode()} if text else str(path)
    )
    page.set_input_files("#upload-file", payload)
    with page.expect_navigation():
        page.click("#upload-button")


def drawn(page: Any, figure_id: str) -> dict[str, Any]:
    """What plotly drew in a figure: its traces' types and point counts."""
    page.wait_for_selector(f"#{figure_id} .main-svg")
    info: dict[str, Any] = page.evaluate(
        """id => { const el = document.getElementById(id);
                   return {traces: el.data.map(t => t.type),
                           points: el.querySelectorAll('.point').length,
                           title: el.layout.title.text}; }""",
        figure_id,
    )
    return info


def test_upload_a_reference_case_and_see_its_actors(page: Any, server: str) -> None:
    console = Console(page)
    upload(page, server, reference_path("bdm/cases/kyoto.csv"))
    assert page.locator("h1").inner_text() == "kyoto"
    assert "saliences read on 0-100" in page.locator(".notice").first.inner_text()
    bubbles = drawn(page, "fig-actors-kyoto-0")
    assert bubbles["points"] == 13  # one bubble per actor
    assert page.locator("#cell-cap-2").input_value() == "87"
    shot(page, "scenario-page")
    assert console.errors == []


def test_broken_file_and_bad_edits_show_their_problems(page: Any, server: str) -> None:
    upload(page, server, name="broken.yaml", text=BROKEN)
    problems = page.locator("#upload-problems")
    assert "line 6, actors[0].capability" in problems.inner_text()
    assert "line 7, actors[0].stances.x.position" in problems.inner_text()
    shot(page, "broken-upload")

    upload(page, server, SMALL)
    console = Console(page)
    page.fill("#cell-cap-1", "-3")
    page.click("#table-save")
    error = page.locator("#err-cap-1")
    error.wait_for()
    assert "capability must be greater than 0" in error.inner_text()
    assert page.locator("#cell-cap-1").get_attribute("aria-invalid") == "true"
    text = page.locator("#yaml-text").input_value().replace("capability: 45", "capability: lots")
    page.fill("#yaml-text", text)
    page.click("#yaml-save")
    page.locator("#yaml-problems li").wait_for()
    assert "actors[2].capability" in page.locator("#yaml-problems").inner_text()
    shot(page, "validation-errors")
    assert console.errors == []


def test_run_a_simulation_and_see_the_chart(page: Any, server: str) -> None:
    upload(page, server, DEAL)
    console = Console(page)
    page.fill("#run-count", "4096")
    page.fill("#run-seed", "11")
    page.click("#run-button")
    page.wait_for_url("**/runs/*")
    assert page.locator("h1").inner_text().endswith("Test deal with uncertainty")
    deal = drawn(page, "fig-distribution-deal")
    assert deal["traces"] == ["bar", "bar", "scatter", "scatter"]  # two bands, median, mean
    assert deal["title"] == "Share to the fund: outcome"
    ranges = drawn(page, "fig-ranges")
    assert ranges["points"] == 2  # the two named ranges of the deal
    shot(page, "simulation-result")
    assert console.errors == []


@pytest.mark.slow
def test_a_long_run_can_be_cancelled_from_its_page(page: Any, server: str) -> None:
    from tests.web.conftest import EIGHT

    upload(page, server, EIGHT)
    page.select_option("#run-model", "smp")
    page.fill("#run-count", "163840")  # 40 chunks of 4096 runs: it stops after the first
    page.click("#run-button")
    page.wait_for_url("**/jobs/*")
    page.click("#cancel-button")
    page.wait_for_selector("#job[data-status=cancelled]")
    assert page.locator("#job-status strong").inner_text() == "cancelled"
    assert page.locator("#cancel-button").is_disabled()


@pytest.mark.slow
def test_compare_two_runs(page: Any, server: str) -> None:
    import httpx

    with httpx.Client(base_url=server, timeout=20) as api:  # two runs made through the API
        with SMALL.open("rb") as fh:
            sid = api.post("/api/scenarios", files={"file": ("small.yaml", fh)}).json()["id"]
        for model in ("compromise", "median_voter"):
            job = api.post("/api/runs", json={"scenario": sid, "model": model}).json()
            while job["status"] not in ("done", "failed", "cancelled"):
                time.sleep(0.05)
                job = api.get(f"/api/jobs/{job['id']}").json()
            assert job["status"] == "done"
    console = Console(page)
    page.goto(f"{server}/runs")
    rows = page.locator("#run-list tbody tr")
    first, second = rows.nth(1).get_attribute("data-run"), rows.nth(0).get_attribute("data-run")
    page.check(f"#run-list tr[data-run='{first}'] input[name=a]")
    page.check(f"#run-list tr[data-run='{second}'] input[name=b]")
    page.click("#compare-button")
    page.wait_for_url("**/compare?*")
    table = page.locator("#compare-table").inner_text()
    assert "budget: forecast" in table
    assert "41.76" in table
    a = drawn(page, "fig-a-trajectory-budget-0")
    b = drawn(page, "fig-b-trajectory-budget-0")
    assert a["points"] == b["points"] == 4  # three actors and the forecast, round 0
    shot(page, "compare")
    assert console.errors == []
