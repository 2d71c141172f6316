"""A simulated war in the store: interrupted, it keeps its finished blocks; resumed, it gives
the uninterrupted result to the bit (the kill test: tests/cli/test_simulate_resume.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.dynamics.api import resume_dynamics, simulate_dynamics
from realpolitik.dynamics.persist import FORMAT
from realpolitik.errors import InputError
from realpolitik.io import load_scenario
from realpolitik.rng import BLOCK
from realpolitik.store import Store, open_store

SCENARIO = "minerals-deal-2025"
TWO_SIDES = Path(__file__).parents[1] / "data" / "dynamics" / "two-sides.yaml"
RUNS = 5 * BLOCK + 100  # a short last block
SEED = 3
OPTS: dict[str, Any] = {"runs": RUNS, "seed": SEED, "sensitivity_runs": 256}


def _interrupted(store: Store, after: int, **kw: Any) -> int:
    """Start a stored simulation and interrupt it after ``after`` blocks; its run id."""
    calls: list[int] = []

    def stop(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == after:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        simulate_dynamics(
            load_scenario(SCENARIO),
            store=store,
            chunk_blocks=1,
            commit_every=3600.0,  # only the commit made when interrupted
            progress=stop,
            **OPTS,
            **kw,
        )
    return store.list()[-1].id


def _sorted(rows: pa.Table) -> dict[str, list[Any]]:
    keys = ["run", "issue", "step", "actor", "variable", "dimension"]
    return rows.sort_by([(k, "ascending") for k in keys]).to_pydict()


@pytest.mark.slow
def test_an_interrupted_war_resumes_to_the_uninterrupted_result() -> None:
    store = open_store()
    run_id = _interrupted(store, after=2, keep="outcomes")
    record = store.get(run_id)
    assert (record.kind, record.status, record.runs, record.seed) == (
        "dynamics",
        "incomplete",
        RUNS,
        SEED,
    )
    assert sorted(store.digests(run_id)) == [0, 1]  # committed on the interruption
    assert {fmt for fmt, _ in store.digests(run_id).values()} == {FORMAT}
    assert set(store.rows(run_id).column("run").to_pylist()) <= set(range(2 * BLOCK))

    seen: list[tuple[int, int]] = []
    resumed = resume_dynamics(store, run_id, chunk_blocks=2, progress=lambda *a: seen.append(a))
    assert seen[0] == (2 * BLOCK, RUNS)  # only the missing blocks run
    ref = simulate_dynamics(load_scenario(SCENARIO), keep="outcomes", **OPTS)
    assert json.dumps(resumed.to_json()) == json.dumps(ref.to_json())
    assert resumed.run_id == run_id
    record = store.get(run_id)
    assert record.complete
    assert record.summary == ref.to_json()
    assert store.digests(run_id) == {}  # only for resuming
    assert ref.rows is not None
    assert resumed.rows is not None
    assert _sorted(store.rows(run_id)) == _sorted(ref.rows)
    with pytest.raises(InputError, match="already complete"):
        resume_dynamics(store, run_id)


def test_a_stored_war_is_complete_and_keeps_no_digests() -> None:
    store = open_store()
    result = simulate_dynamics(load_scenario(SCENARIO), store=store, commit_every=0.0, **OPTS)
    assert result.run_id is not None
    record = store.get(result.run_id)
    assert record.complete
    assert record.summary == result.to_json()
    assert record.settings["sensitivity_runs"] == 256
    assert store.digests(result.run_id) == {}
    assert result.elapsed == record.elapsed


@pytest.mark.slow
def test_resume_from_the_command_line_lists_shows_and_finishes_the_war() -> None:
    store = open_store()
    run_id = _interrupted(store, after=3)
    cli = CliRunner()
    listed = cli.invoke(app, ["runs", "list"])
    assert listed.exit_code == 0, listed.output
    assert "incomplete" in listed.stdout
    shown = cli.invoke(app, ["runs", "show", str(run_id), "--json"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["status"] == "incomplete"

    resumed = cli.invoke(app, ["simulate", "--resume", str(run_id), "--json", "--chunk", "2"])
    assert resumed.exit_code == 0, resumed.output
    doc = json.loads(resumed.stdout)
    assert doc.pop("run_id") == run_id
    doc.pop("headline")  # the answer, which the command line adds to the document
    assert doc == simulate_dynamics(load_scenario(SCENARIO), **OPTS).to_json()
    assert store.get(run_id).complete


def test_a_war_resume_refuses_another_scenario_file_and_no_store() -> None:
    store = open_store()
    run_id = _interrupted(store, after=1)
    cli = CliRunner()
    other = cli.invoke(app, ["simulate", str(TWO_SIDES), "--resume", str(run_id)])
    assert other.exit_code == 2
    assert "differs from the one run" in other.stderr
    no_store = cli.invoke(app, ["simulate", "--resume", str(run_id), "--no-store"])
    assert no_store.exit_code == 2
    assert "drop --no-store" in no_store.stderr
    assert not store.get(run_id).complete


def test_digests_of_an_unknown_format_are_refused() -> None:
    store = open_store()
    run_id = _interrupted(store, after=1)
    with store.db.transaction() as con:
        con.execute("UPDATE digests SET format = 99 WHERE run_id = ?", [run_id])
    with pytest.raises(InputError, match="digest format 99"):
        resume_dynamics(store, run_id)
