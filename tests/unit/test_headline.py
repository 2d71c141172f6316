"""The headline: the answer first, computed in one place, shown by every surface.

Before: `run` and the report opened with the static compromise figure of the
war's issue (territorial line 42.17) while the war engine's answer was a
median of 17.8; the settlement date appeared only in a chart legend.
"""

from __future__ import annotations

import json

from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.io import load_scenario
from realpolitik.results.headline import headline, headline_for, interval, key_months, pct
from tests.report.helpers import MONTHS, dynamic_document, simulation_document, typed


def test_formats_are_one_everywhere() -> None:
    assert [pct(0.824), pct(0.0), pct(0.001), pct(0.999), pct(1.0)] == [
        "82%",
        "0%",
        "<1%",
        ">99%",
        "100%",
    ]
    assert interval(10.55, 23.5) == "10.6 – 23.5"  # one decimal, en dash


def test_key_months_are_each_june_and_december_and_the_last() -> None:
    assert key_months(MONTHS) == ["2025-06", "2025-12", "2026-02"]


def test_a_war_headline_gives_settlement_terms_deals_and_the_other_issues() -> None:
    doc = dynamic_document()
    h = headline(typed(doc), {"terms": "Territorial line"}, "terms")
    assert h.kind == "war"
    settle = doc["events"]["settlement"]["probability_by"]
    assert h.sentences[0].startswith(f"Settlement of the war: {pct(settle['2025-06'])} by 2025-06")
    assert "Territorial line" in h.sentences[1]
    assert h.tables[0].rows[0][0] == "P(settlement)"
    assert h.tables[0].key == "settlement"
    assert ("deals" in [t.key for t in h.tables]) == bool(doc.get("deals"))


def test_a_simulation_headline_gives_each_issue_median_and_interval() -> None:
    h = headline(typed(simulation_document()), {"budget": "Budget share"})
    assert h.kind == "simulation"
    assert "Budget share 46.0 (90% 36.0 – 56.0)" in h.sentences[0]
    assert "most likely 'middle' (60%)" in h.sentences[1]


def test_a_single_run_of_a_war_scenario_never_presents_the_static_figure_as_the_war() -> None:
    scenario = load_scenario("minerals-deal-2025")
    result = CliRunner().invoke(app, ["run", "--no-store", "--json"])
    doc = json.loads(result.stdout)
    assert next(iter(doc)) == "headline"  # the answer first
    h = headline_for(typed(doc), scenario)
    assert doc["headline"] == h.model_dump(mode="json")
    war_row = next(r for r in h.tables[0].rows if r[0] == "Territorial line")
    assert war_row[1] == "war: see simulate"
    assert "42.1" not in " ".join(h.sentences)  # the static compromise figure is not quoted
    human = CliRunner().invoke(app, ["run", "--no-store"])
    assert human.stdout.lstrip().startswith("Answer")
    assert "(42.17: static," in human.stdout  # the table marks it (its cell wraps)


def test_simulate_prints_the_answer_before_its_tables() -> None:
    result = CliRunner().invoke(app, ["simulate", "--runs", "200", "--seed", "3", "--no-store"])
    assert result.exit_code == 0, result.output
    text = result.stdout.lstrip()
    assert text.startswith("Answer")
    assert text.index("Settlement of the war:") < text.index("Probability that each event")


def test_runs_show_is_formatted_for_people(tmp_path: object) -> None:
    store = str(tmp_path) + "/runs.duckdb"
    runner = CliRunner()
    assert runner.invoke(app, ["run", "--store", store]).exit_code == 0
    shown = runner.invoke(app, ["runs", "show", "1", "--store", store])
    assert shown.exit_code == 0, shown.output
    elapsed = next(line for line in shown.stdout.splitlines() if "elapsed" in line)
    assert elapsed.split("│")[2].strip().endswith(" s")  # seconds with a unit, not 0.0071077...
    assert "Answer" in shown.stdout
    assert '"forecast"' not in shown.stdout  # no raw JSON dump


def test_model_names_ignore_case_and_suggest() -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["run", "-m", "EUM", "--no-store", "--json"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["model"] == "eum"
    bad = runner.invoke(app, ["run", "-m", "eumm", "--no-store"])
    assert bad.exit_code == 2
    assert "did you mean 'eum'?" in bad.stderr


def test_a_decimal_comma_gets_a_hint(tmp_path: object) -> None:
    from pathlib import Path

    from tests.report.helpers import SMALL

    text = SMALL.read_text(encoding="utf-8")
    flow = Path(str(tmp_path)) / "flow.yaml"
    flow.write_text(text.replace("{position: 20, salience: 0.8", "{position: 20,5, salience: 0.8"))
    block = Path(str(tmp_path)) / "block.yaml"
    block.write_text(
        text.replace(
            "      budget: {position: 70, salience: 0.6}",
            "      budget:\n        position: 1,0\n        salience: 0.6",
        )
    )
    runner = CliRunner()
    one = runner.invoke(app, ["validate", str(flow)])
    assert one.exit_code == 2
    assert "a decimal comma? write numbers with a decimal point" in one.stderr
    two = runner.invoke(app, ["validate", str(block)])
    assert two.exit_code == 2
    assert "'1,0' looks like a number with a decimal comma" in two.stderr
    assert "1.0" in two.stderr


def test_every_command_that_stores_says_where(tmp_path: object) -> None:
    from tests.io.test_deu_missing import GAPS

    store = str(tmp_path) + "/where.duckdb"
    runner = CliRunner()
    commands = [
        ["run"],
        ["simulate", "--runs", "64", "--seed", "1"],
        ["backtest", str(GAPS), "-m", "compromise"],
    ]
    for args in commands:
        result = runner.invoke(app, [*args, "--store", store])
        assert result.exit_code == 0, result.output
        assert f"in {store}" in " ".join(result.stdout.split()), args


def test_long_names_are_never_cut_in_narrow_terminals() -> None:
    from tests.report.helpers import SMALL

    result = CliRunner(env={"COLUMNS": "60"}).invoke(
        app, ["simulate", str(SMALL), "--runs", "64", "--seed", "1", "--no-store"]
    )
    assert result.exit_code == 0, result.output
    assert "…" not in result.stdout  # 'Two-dime…' before: long words fold onto the next line


def test_the_readme_quotes_the_answer_simulate_prints() -> None:
    """README's Quick start block is what `simulate --runs 10000 --seed 2025` prints first."""
    import re
    from pathlib import Path

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```\n(Answer\n.*?)```", readme, re.S)
    assert block is not None
    result = CliRunner(env={"COLUMNS": "200"}).invoke(
        app, ["simulate", "--runs", "10000", "--seed", "2025", "--no-store"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(block.group(1))
