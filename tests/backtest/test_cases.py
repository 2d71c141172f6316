"""Loading cases with known outcomes from DEU tables, scenario files and directories."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from realpolitik.backtest.cases import load_cases
from realpolitik.errors import InputError
from tests.backtest.conftest import DEU, write_scenario


def test_deu_cases_grouped_by_proposal() -> None:
    cs = load_cases(DEU)
    # README: 173 issues, 172 with an outcome, from 69 proposals (column prnr)
    assert len(cs.cases) == 172
    assert cs.skipped == 1
    assert len({c.group for c in cs.cases}) == 69
    first = cs.cases[0]
    assert (first.case_id, first.group) == ("d00032i1", "d00032")
    assert first.outcome.tolist() == [100.0]
    assert first.arrays.attributes["proc"] == "COD"
    assert first.arrays.status_quo is not None


def test_scenario_file_cases(scenario_file: Path) -> None:
    cs = load_cases(scenario_file)
    assert [c.case_id for c in cs.cases] == ["tax", "plan"]
    assert cs.skipped == 1  # 'open' has no outcome
    assert {c.group for c in cs.cases} == {"scenario1"}  # one scenario: one group
    np.testing.assert_array_equal(cs.cases[1].outcome, [40.0, 60.0])


def test_directory_prefixes_ids_with_file_names(tmp_path: Path) -> None:
    write_scenario(tmp_path / "a.yaml", "A")
    write_scenario(tmp_path / "b.yaml", "B")
    (tmp_path / "notes.txt.bak").write_text("not a scenario")
    cs = load_cases(tmp_path)
    assert [c.case_id for c in cs.cases] == ["a/tax", "a/plan", "b/tax", "b/plan"]
    assert {c.group for c in cs.cases} == {"a/scenario1", "b/scenario1"}


def test_no_outcome_anywhere_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    text = write_scenario(path).read_text().replace("outcome: 4.0", "outcome: null")
    path.write_text(text.replace(", outcome: [40, 60]", ""))
    with pytest.raises(InputError, match="no issue records an outcome") as exc:
        load_cases(path)
    assert exc.value.problems[0].file == str(path)


def test_missing_path_and_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_cases(tmp_path / "nope.tsv")
    with pytest.raises(InputError, match="no file to backtest"):
        load_cases(tmp_path)


def test_bad_file_in_a_directory_names_the_file(tmp_path: Path) -> None:
    write_scenario(tmp_path / "good.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        write_scenario(tmp_path / "x.yml").read_text().replace("capability: 60", "capability: -1")
    )
    (tmp_path / "x.yml").unlink()
    with pytest.raises(InputError) as exc:
        load_cases(tmp_path)
    assert any(p.file == str(bad) and "capability" in str(p) for p in exc.value.problems)
