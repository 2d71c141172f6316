"""Block-by-block summaries (dynamics.stream): the document of all runs at once, less memory."""

from __future__ import annotations

import json

import numpy as np
import pytest

from realpolitik.dynamics.api import DigestBlock, run_dynamics, simulate_dynamics
from realpolitik.dynamics.rows import dynamic_rows
from realpolitik.dynamics.spec import compile_dynamics
from realpolitik.dynamics.stream import Summaries
from realpolitik.dynamics.summary import summarize
from realpolitik.errors import InputError
from realpolitik.io import load_scenario
from realpolitik.sim.backends import make_blocks

from .helpers import example_data, scenario

SCENARIO = "minerals-deal-2025"


@pytest.mark.parametrize("chunk_blocks", [1, 3])
def test_chunked_summary_is_the_summary_of_all_runs_at_once(chunk_blocks: int) -> None:
    sc = load_scenario(SCENARIO)
    chunked = simulate_dynamics(
        sc, runs=3100, seed=4, chunk_blocks=chunk_blocks, sensitivity_runs=0, keep="trajectories"
    )
    one_chunk = simulate_dynamics(sc, runs=3100, seed=4, chunk_blocks=10, sensitivity_runs=0)
    assert json.dumps(chunked.to_json()) == json.dumps(one_chunk.to_json())
    whole = run_dynamics(chunked.dyn, 3100, 4)
    assert chunked.summary == summarize(chunked.dyn, whole)
    rows = dynamic_rows(chunked.dyn, whole, "trajectories")
    assert chunked.rows is not None
    assert chunked.rows.equals(rows)


@pytest.mark.slow
def test_process_backend_gives_the_same_document() -> None:
    sc = scenario(example_data())
    serial = simulate_dynamics(sc, runs=2100, seed=5, sensitivity_runs=0)
    pool = simulate_dynamics(
        sc, runs=2100, seed=5, sensitivity_runs=0, backend="processes", workers=2, chunk_blocks=1
    )
    assert json.dumps(serial.to_json()) == json.dumps(pool.to_json())


def test_blocks_may_arrive_in_any_order_and_are_not_held() -> None:
    dyn = compile_dynamics(load_scenario(SCENARIO))
    runs = 4000
    digests = [DigestBlock(dyn, 8, "outcomes")(block) for block in make_blocks(runs)]
    in_order, reverse = Summaries(dyn, runs), Summaries(dyn, runs)
    for d in digests:
        in_order.add(d)
    for d in reversed(digests):
        reverse.add(d)
    whole = run_dynamics(dyn, runs, 8)
    assert reverse.summary() == summarize(dyn, whole)
    assert in_order.summary() == summarize(dyn, whole)
    rows = dynamic_rows(dyn, whole, "outcomes")
    kept = reverse.rows()
    assert kept is not None
    assert kept.equals(rows)
    # the full output is several kB per run; the summaries keep a few hundred bytes
    full = sum(np.asarray(getattr(whole, f)).nbytes for f in vars(whole)) / runs
    assert full > 3000
    assert reverse.nbytes() / runs < 0.2 * full


def test_an_unknown_keep_is_refused_before_the_runs() -> None:
    with pytest.raises(InputError, match="keep takes one of"):
        simulate_dynamics(load_scenario(SCENARIO), runs=10, seed=1, keep="everything")
