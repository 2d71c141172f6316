"""A run count the machine cannot hold is refused before anything runs or is stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from realpolitik.errors import InputError
from realpolitik.sim.budget import check_runs, physical_memory
from realpolitik.sim.montecarlo import simulate
from realpolitik.store.runs import open_store
from tests.sim.scenarios import deal


def test_a_count_within_memory_passes_and_one_beyond_is_refused_with_the_sizes() -> None:
    check_runs(1000, 8.0, memory=8000)
    with pytest.raises(InputError) as err:
        check_runs(1001, 8.0, memory=1000 * 8)
    assert err.value.problems[0].field == "runs"
    text = str(err.value)
    assert "1,001 runs would need at least 8 KiB of memory" in text
    assert "(8 bytes or more for each): use fewer runs" in text
    with pytest.raises(InputError, match="at least 1, got 0"):
        check_runs(0, 8.0, memory=8000)


def test_this_machine_reports_its_memory() -> None:
    memory = physical_memory()
    assert memory is None or memory > 2**20


def test_an_absurd_run_count_stops_before_the_store_records_a_run(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.duckdb")
    with pytest.raises(InputError, match=r"100,000,000,000,000 runs would need at least"):
        simulate(deal(), "compromise", runs=10**14, seed=1, store=store)
    assert store.list() == []
