"""The block loop and its backends: same numbers everywhere, errors travel back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from realpolitik import load_scenario
from realpolitik.cli.report import DEFAULT_SCENARIO
from realpolitik.dynamics.api import simulate_dynamics
from realpolitik.errors import InputError
from realpolitik.rng import BLOCK, block_rng
from realpolitik.sim import sensitivity_analysis, simulate
from realpolitik.sim.backends import BackendConfig, Block, make_blocks, run_blocks
from realpolitik.store import open_store
from tests.sim.scenarios import deal


@dataclass(frozen=True)
class Draw:
    """A per-block function of the kind the dynamic engine will pass: its own draws."""

    seed: int

    def __call__(self, block: Block) -> tuple[int, np.ndarray]:
        return block.index, block_rng(self.seed, block.index).normal(size=block.size)


@dataclass(frozen=True)
class Fails:
    def __call__(self, block: Block) -> int:
        if block.index == 2:
            raise InputError.one("block 2 is bad", field="x")
        return block.index


def _collect(config: BackendConfig, runs: int = 5 * BLOCK + 7) -> np.ndarray:
    out = np.empty(runs)
    seen = []
    for chunk in run_blocks(Draw(42), make_blocks(runs), config):
        for index, values in chunk:
            seen.append(index)
            out[index * BLOCK : index * BLOCK + len(values)] = values
    assert sorted(seen) == list(range(6))
    return out


def test_make_blocks_covers_the_runs_and_skips_done_ones() -> None:
    blocks = make_blocks(2 * BLOCK + 5, skip=frozenset({1}))
    assert [(b.index, b.start, b.stop) for b in blocks] == [
        (0, 0, BLOCK),
        (2, 2 * BLOCK, 2 * BLOCK + 5),
    ]


@pytest.mark.slow
def test_serial_and_process_backends_give_the_same_bits() -> None:
    ref = _collect(BackendConfig(chunk_blocks=6))
    for cfg in (BackendConfig(chunk_blocks=1), BackendConfig(kind="processes", workers=2)):
        np.testing.assert_array_equal(_collect(cfg), ref)


@pytest.mark.slow
def test_dask_cluster_gives_the_same_bits_as_serial() -> None:
    """A local Dask cluster (2 worker processes) started here, reached by its address."""
    from distributed import LocalCluster

    sc = deal()
    ref = simulate(sc, "median_voter", runs=3 * BLOCK + 11, seed=21)
    with LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        res = simulate(
            sc,
            "median_voter",
            runs=3 * BLOCK + 11,
            seed=21,
            backend="dask",
            scheduler=cluster.scheduler_address,
            chunk_blocks=1,
        )
        # an input error raised in a worker reaches the caller as an InputError
        cfg = BackendConfig(kind="dask", scheduler=cluster.scheduler_address, chunk_blocks=1)
        with pytest.raises(InputError, match="block 2 is bad"):
            for _ in run_blocks(Fails(), make_blocks(4 * BLOCK), cfg):
                pass
    np.testing.assert_array_equal(res.outcomes["deal"], ref.outcomes["deal"])
    assert res.issues == ref.issues


def test_unreachable_scheduler_is_a_clear_error() -> None:
    cfg = BackendConfig(kind="dask", scheduler="tcp://127.0.0.1:9")
    with pytest.raises(InputError, match="cannot reach the Dask scheduler"):
        next(run_blocks(Draw(1), make_blocks(10), cfg))


@pytest.mark.parametrize("what", ["simulate", "sensitivity", "war"])
def test_an_unreachable_scheduler_leaves_no_run_in_the_store(tmp_path: Path, what: str) -> None:
    store = open_store(tmp_path / "s.duckdb")
    far: dict[str, Any] = {"backend": "dask", "scheduler": "tcp://127.0.0.1:9", "store": store}
    calls: dict[str, Callable[[], object]] = {
        "simulate": lambda: simulate(deal(), "compromise", runs=10, seed=1, **far),
        "sensitivity": lambda: sensitivity_analysis(deal(), "compromise", runs=8, seed=1, **far),
        "war": lambda: simulate_dynamics(load_scenario(DEFAULT_SCENARIO), runs=10, **far),
    }
    with pytest.raises(InputError, match="cannot reach the Dask scheduler"):
        calls[what]()
    assert store.list() == []
