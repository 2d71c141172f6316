"""DEU tables with the gaps real data have: positions without a salience, actors without capability.

Fixture: tests/data/deu/deu-gaps.tsv (see its README). The default policy
drops the gaps with one notice listing them; ``impute`` fills them; ``refuse``
is an error per gap. Before the policy the file was refused whole (exit 2).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.errors import InputError
from realpolitik.io import load_scenarios
from realpolitik.io.notices import collect_notices

GAPS = Path(__file__).parents[1] / "data" / "deu" / "deu-gaps.tsv"


def by_id(scenarios: list) -> dict:  # type: ignore[type-arg]
    return {sc.issues[0].id: sc for sc in scenarios}


def test_drop_is_the_default_and_one_notice_lists_every_gap() -> None:
    with collect_notices() as notices:
        scenarios = by_id(load_scenarios(GAPS))
    assert sorted(scenarios) == ["g1", "g2", "g3", "g5", "g6"]  # g4 had only a position without
    assert [a.id for a in scenarios["g2"].actors] == ["com", "de", "nl"]  # ep and fr dropped
    assert all(a.id != "pl" for sc in scenarios.values() for a in sc.actors)
    texts = [str(n) for n in notices]
    assert len(texts) == 2  # one for the saliences, one for the capabilities
    (salience,) = [t for t in texts if "without a salience" in t]
    assert "4 position(s)" in salience
    for gap in ("line 4 sep", "line 4 sfr", "line 6 scom", "line 8 sde", "skipped: g4"):
        assert gap in salience
    (capability,) = [t for t in texts if "no capability" in t]
    assert "ppl (Poland)" in capability


def test_impute_fills_saliences_with_the_issue_mean_and_capability_with_the_median() -> None:
    with collect_notices():
        scenarios = by_id(load_scenarios(GAPS, missing="impute"))
    assert sorted(scenarios) == ["g1", "g2", "g3", "g4", "g5", "g6"]
    g2 = scenarios["g2"]
    assert [a.id for a in g2.actors] == ["com", "ep", "de", "fr", "nl"]  # file order kept
    sal = {a.id: a.stances["g2"].salience for a in g2.actors}
    assert sal["ep"] == sal["fr"] == pytest.approx((50 + 70 + 30) / 3)  # mean of com, de, nl
    assert scenarios["g4"].actors[0].stances["g4"].salience == 50  # nobody else: the middle
    pl = next(a for a in scenarios["g3"].actors if a.id == "pl")
    assert pl.capability == pytest.approx(4.1)  # median of 4.1, 4.1, 4.1, 2.8, 1.03


def test_refuse_names_each_gap() -> None:
    with pytest.raises(InputError) as err:
        load_scenarios(GAPS, missing="refuse")
    (problem,) = err.value.problems
    assert (problem.line, problem.field) == (2, "ppl")
    assert "missing=drop or missing=impute" in problem.message


def test_backtest_scores_the_file_end_to_end() -> None:
    result = CliRunner().invoke(app, ["backtest", str(GAPS), "--no-store", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["cases"] == 5
    assert doc["models"]["compromise"]["n"] == 5
    assert "4 position(s) without a salience left out" in result.stderr


def test_backtest_and_import_take_the_other_policies(tmp_path: Path) -> None:
    runner = CliRunner()
    imputed = runner.invoke(
        app, ["backtest", str(GAPS), "--no-store", "--json", "-m", "compromise", "--missing",
              "impute"]
    )  # fmt: skip
    assert imputed.exit_code == 0, imputed.output
    assert json.loads(imputed.stdout)["cases"] == 6
    refused = runner.invoke(app, ["import", str(GAPS), "-o", str(tmp_path), "--missing", "refuse"])
    assert refused.exit_code == 2
    assert "line 2, field 'ppl'" in refused.output
    assert not list(tmp_path.iterdir())  # nothing half-written
    wrong = runner.invoke(app, ["backtest", str(GAPS), "--missing", "guess"])
    assert wrong.exit_code == 2
    assert "drop, impute, refuse" in wrong.output


def test_the_docs_commands_run() -> None:
    """docs/file-format.md's two backtest commands on the fixture, as written (no store)."""
    import re
    import shlex

    doc = (Path(__file__).parents[2] / "docs" / "file-format.md").read_text(encoding="utf-8")
    lines = [
        line.split("#")[0].split()
        for block in re.findall(r"```bash\n(.*?)```", doc, re.S)
        for line in block.splitlines()
        if "deu-gaps.tsv" in line
    ]
    assert len(lines) == 2
    root = Path(__file__).parents[2]
    for words in lines:
        assert words[:2] == ["realpolitik", "backtest"]
        args = [str(root / w) if w.endswith(".tsv") else w for w in words[1:]]
        result = CliRunner().invoke(app, [*args, "--no-store", "-m", "compromise"])
        assert result.exit_code == 0, shlex.join(words) + result.output
        assert "notice:" in result.stderr
