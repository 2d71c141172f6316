"""A backtest in the results store: summary, tidy rows, and the cases' inputs as a scenario."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from realpolitik.backtest.document import backtest_document
from realpolitik.backtest.record import backtest_rows, merged_scenario, record_backtest
from realpolitik.backtest.runner import run_backtest
from realpolitik.io import load_scenario, load_scenarios
from realpolitik.results.schemas import dump
from realpolitik.store import open_store
from tests.backtest.conftest import DEU, write_scenario


def test_deu_merges_into_one_scenario() -> None:
    scenarios = load_scenarios(DEU)
    merged = merged_scenario(scenarios, "DEU")
    assert len(merged.issues) == 173
    assert len(merged.actors) == 17  # Commission, Parliament, 15 member states in 1996-2000
    com = next(a for a in merged.actors if a.id == "com")
    assert len(com.stances) == sum("com" in {a.id for a in s.actors} for s in scenarios)
    assert merged.salience_scale == 100


def test_clashing_ids_are_renamed_and_saliences_rescaled(tmp_path: Path) -> None:
    a = load_scenario(write_scenario(tmp_path / "a.yaml", "A"))
    b = load_scenario(write_scenario(tmp_path / "b.yaml", "B", cap=31))
    hundred = b.model_copy(update={"salience_scale": 100})
    merged = merged_scenario([a, hundred], "both")
    assert [i.id for i in merged.issues] == ["tax", "plan", "open", "tax#2", "plan#2", "open#2"]
    ids = [x.id for x in merged.actors]
    assert ids == ["north", "south", "east", "south#2"]  # south differs (capability 31)
    north = next(x for x in merged.actors if x.id == "north")
    assert set(north.stances) == {"tax", "plan", "open", "tax#2", "plan#2", "open#2"}
    assert north.stances["tax#2"].salience == 0.008  # 0.8 on a 0-100 scale -> 0-1


def test_record_and_read_back(scenario_file: Path) -> None:
    bt = run_backtest(scenario_file, ["median_voter"])
    doc = dump(backtest_document(bt))
    store = open_store()
    run_id = record_backtest(store, bt, doc, 0.5, str(scenario_file))
    record = store.get(run_id)
    assert record.kind == "backtest"
    assert record.summary is not None
    assert record.summary["models"]["median_voter"]["mae"] == doc["models"]["median_voter"]["mae"]
    rows = store.rows(run_id).to_pydict()
    # 3 items (tax, plan x 2) x (outcome + 2 models x (forecast, error))
    assert len(rows["value"]) == 15
    assert set(rows["variable"]) == {
        "outcome",
        "forecast:compromise",
        "error:compromise",
        "forecast:median_voter",
        "error:median_voter",
    }
    assert len(store.scenario(run_id).issues) == 3


def test_rows_leave_out_na_forecasts(scenario_file: Path) -> None:
    bt = run_backtest(scenario_file, ["compromise"])
    bt.models["compromise"].forecast[0] = np.nan  # as if n/a on 'tax'
    table = backtest_rows(bt).to_pydict()
    assert len(table["value"]) == 3 + 2 + 2  # outcome x 3, forecast and error x 2
