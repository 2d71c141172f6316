"""The HTML report: one self-contained file, safe to open, with the facts at the bottom."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import plotly.offline
import pytest

from realpolitik import forecast, load_scenario
from realpolitik.errors import InputError
from realpolitik.report import ReportData, render_report, write_report
from realpolitik.report.sources import from_document, from_forecast
from realpolitik.results.schemas import validate_data
from realpolitik.scenario import Scenario
from tests.report.helpers import (
    SMALL,
    dynamic_document,
    sensitivity_document,
    simulation_document,
    typed,
)


@pytest.fixture(scope="module")
def page() -> str:
    fc = forecast(load_scenario(SMALL), "compromise")
    return render_report(from_forecast(fc, simulation=typed(simulation_document())))


def specs(html: str) -> dict[str, dict[str, object]]:
    found = re.findall(
        r'<script type="application/json" class="rp-figure-spec" '
        r'data-target="([^"]+)">(.*?)</script>',
        html,
        flags=re.S,
    )
    return {target: json.loads(text) for target, text in found}


def test_plotly_js_is_inlined_and_nothing_is_fetched(page: str) -> None:
    bundled = plotly.offline.get_plotlyjs()
    assert bundled[:2000] in page
    assert bundled[-2000:] in page
    assert not re.search(r"""<(script|link|img)[^>]+(src|href)=""", page)


def test_every_figure_has_a_target_and_a_spec(page: str) -> None:
    figures = specs(page)
    targets = re.findall(r'<div class="rp-figure" id="([^"]+)"', page)
    assert sorted(targets) == sorted(figures)
    assert "fig-distribution-budget" in figures
    assert figures["fig-distribution-budget"]["data"][0]["base"] == [36.0]


def test_footer_names_model_seed_version_and_scenario_hash(page: str) -> None:
    from realpolitik import __version__
    from realpolitik.results.document import scenario_hash

    footer = page.split('<footer class="rp-footer">', 1)[1]
    for text in ("compromise", __version__, scenario_hash(load_scenario(SMALL)), "1000"):
        assert text in footer


def test_text_from_the_scenario_cannot_break_out_of_the_page() -> None:
    evil = '</script><script>alert("x")</script><!--'
    sc = load_scenario(SMALL)
    sc = Scenario.model_validate(
        {**sc.model_dump(), "metadata": {**sc.metadata.model_dump(), "title": evil}}
    )
    html = render_report(from_forecast(forecast(sc, "compromise")))
    assert evil not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(" in html  # shown as text
    for spec in specs(html).values():  # and every figure's JSON still parses
        assert "data" in spec


def test_a_dynamic_document_alone_makes_a_report_titled_by_its_scenario() -> None:
    html = render_report(from_document(dynamic_document()))
    assert "<title>War test</title>" in html
    assert {"fig-events", "fig-ground", "fig-range", "fig-levers"} <= set(specs(html))


def test_write_report_refuses_an_unwritable_place(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InputError, match="cannot write the report"):
        write_report(ReportData(title="t"), blocker / "report.html")
    assert list(tmp_path.iterdir()) == [blocker]  # nothing half-written left


@pytest.mark.parametrize(
    ("kind", "make"),
    [
        ("simulate", simulation_document),
        ("simulate-dynamic", dynamic_document),
        ("sensitivity", sensitivity_document),
    ],
)
def test_the_documents_the_report_tests_draw_match_their_schemas(
    kind: str, make: Callable[[], dict[str, Any]]
) -> None:
    validate_data(kind, make())


def test_a_damaged_document_is_refused_with_its_field() -> None:
    doc = simulation_document()
    doc["issues"]["budget"]["median"] = None
    with pytest.raises(InputError, match=r"field 'issues.budget.median'"):
        from_document(doc)
