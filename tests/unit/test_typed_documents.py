"""Surfaces read result documents as typed attributes: the border that types a stored summary,
and what the typed reads show."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from realpolitik.app import SimulationRequest, open_scenario, simulate
from realpolitik.app.results import document_of, quantile_items, records, series
from realpolitik.errors import InputError
from realpolitik.notebook.api import simulate as nb_simulate
from realpolitik.results.schemas import DynamicDocument, Round, SimulationDocument
from realpolitik.store import Store
from realpolitik.web.compare import compare_rows, headlines
from tests.dynamics.helpers import EXAMPLE

EIGHT = Path(__file__).parents[1] / "web" / "data" / "eight.yaml"


def test_a_stored_summary_is_typed_once_at_the_border(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.duckdb")
    result = simulate(open_scenario(EIGHT), SimulationRequest(runs=64, seed=1), sink=store)
    record = store.get(result.run_id or 0)
    doc = document_of(record)
    assert isinstance(doc, SimulationDocument)
    assert doc == result.document
    assert document_of(replace(record, summary=None)) is None  # not finished
    damaged = {**(record.summary or {}), "runs": -1}
    with pytest.raises(InputError) as exc:
        document_of(replace(record, summary=damaged))
    assert [p.field for p in exc.value.problems] == ["runs"]


def test_the_two_run_comparison_reads_the_typed_documents(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.duckdb")
    result = simulate(open_scenario(EIGHT), SimulationRequest(runs=64, seed=1), sink=store)
    doc = document_of(store.get(result.run_id or 0))
    assert isinstance(doc, SimulationDocument)
    s = doc.issues["policy"]
    q05, q95 = s.quantiles.q05, s.quantiles.q95
    assert headlines(doc) == {"policy: median": f"{s.median:.4g} (90%: {q05:.4g} – {q95:.4g})"}
    assert [(r.label, r.b) for r in compare_rows(doc, None)] == [("policy: median", "-")]


def test_quantiles_by_their_documented_keys() -> None:
    doc = simulate(open_scenario(EIGHT), SimulationRequest(runs=64, seed=1)).document
    assert isinstance(doc, SimulationDocument)
    q = doc.issues["policy"].quantiles
    dumped = q.model_dump(by_alias=True)
    assert quantile_items(q) == list(dumped.items())


def test_a_rounds_open_entries_through_the_accessors() -> None:
    r = Round.model_validate(
        {
            "issue": "x",
            "round": 1,
            "median": 50.0,
            "mean": 50.0,
            "positions": {"a": 50.0},
            "r": {"a": 1.0},
            "offers": [{"actor": "a"}],
        }
    )
    assert series(r, "r") == {"a": 1.0}
    assert records(r, "offers") == [{"actor": "a"}]
    assert records(r, "bargains") == []
    assert series(r, "offers") == {}


def test_the_war_months_table_skips_months_no_run_is_still_at_war() -> None:
    war = nb_simulate(open_scenario(EXAMPLE), runs=200, seed=2)
    doc = war.document
    assert isinstance(doc, DynamicDocument)
    assert set(doc.range) < set(doc.months)  # every run has ended by the last months
    months = war.to_pandas("months")
    assert set(months[months.variable == "lower"].month) == set(doc.range)
    assert set(months[months.variable == "ground"].month) == set(doc.months)
