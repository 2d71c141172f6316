"""The compare report in Chromium: every issue's chart drawn, the models on one chart each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from tests.browser import Console, charts, shot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SMALL = Path(__file__).parents[1] / "data" / "scenarios" / "small.yaml"


def test_compare_report_draws_three_models_on_one_chart_per_issue(
    tmp_path: Path, chromium_browser: Any
) -> None:
    out = tmp_path / "compare.html"
    result = CliRunner().invoke(
        app,
        ["compare", str(SMALL), "--models", "compromise,median_voter,nash", "--runs", "100",
         "--seed", "1", "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    context = chromium_browser.new_context()
    try:
        page = context.new_page()
        console = Console(page)
        page.goto(out.as_uri())
        total, drawn = charts(page)
        fig = page.locator("#fig-compare-budget-0")
        ticks = fig.locator(".ytick text").evaluate_all("els => els.map(e => e.textContent)")
        shot(page, "compare-report")
    finally:
        context.close()
    assert console.errors == []
    assert total == drawn  # every figure drawn, none blank
    assert {"compromise", "median_voter", "nash"} <= set(ticks)
