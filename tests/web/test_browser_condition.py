"""A war's run in Chromium: add an observation, rerun, see both forecasts (Playwright)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests.web.test_browser import Console, browser, drawn, page, server, shot

__all__ = ["browser", "page", "server"]  # the fixtures, shared with tests/web/test_browser.py

pytestmark = pytest.mark.browser

WAR = Path(__file__).parents[1] / "data" / "dynamics" / "two-sides.yaml"


def _war_run(server: str) -> int:
    import httpx

    with httpx.Client(base_url=server, timeout=60) as api, WAR.open("rb") as fh:
        sid = api.post("/api/scenarios", files={"file": ("war.yaml", fh)}).json()["id"]
        job = api.post(
            "/api/runs", json={"scenario": sid, "model": "compromise", "runs": 2048, "seed": 5}
        ).json()
        deadline = time.monotonic() + 120
        while job["status"] not in ("done", "failed", "cancelled"):
            assert time.monotonic() < deadline, "the war's run did not finish"
            time.sleep(0.1)
            job = api.get(f"/api/jobs/{job['id']}").json()
    assert job["status"] == "done", job
    return int(job["run_id"])


@pytest.mark.slow
def test_add_an_observation_and_see_the_forecast_beside_the_first(page: Any, server: str) -> None:
    run_id = _war_run(server)  # the first run, through the API
    console = Console(page)
    page.goto(f"{server}/runs/{run_id}")
    first = page.url
    assert page.locator("#observe-form").is_visible()
    page.fill("#observe-form input[name=date]", "2025-04-20")
    page.fill("#observe-form input[name=subject]", "deal:mineral")  # a typo first
    page.click("#observe-form button")
    problems = page.locator("#observe-problems").inner_text()
    assert "unknown event subject 'deal:mineral'" in problems
    assert "deal:minerals" in problems  # the known subjects are named
    page.fill("#observe-form input[name=subject]", "deal:minerals")
    page.click("#observe-form button")
    page.wait_for_url(lambda url: "/runs/" in url and url != first, timeout=120_000)
    section = page.locator("#section-conditioning").inner_text()
    assert "Conditioned on 1 observations through 2025-04" in section
    assert "2025-04-20 event deal:minerals" in section
    fig = drawn(page, "fig-conditioned-events")
    assert fig["title"].startswith("Probability of each event by month, given the observations")
    assert len(fig["traces"]) >= 4  # settlement and the deal, each given what happened and not
    shot(page, "conditioned-result")
    refused = [e for e in console.errors if "status of 400" in e]
    assert len(refused) == 1  # the page of the refused observation, sent with status 400
    assert [e for e in console.errors if e not in refused] == []  # no script or CSP error
