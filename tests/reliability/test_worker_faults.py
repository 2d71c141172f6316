"""A worker dying mid-simulation: retried to the same numbers, or reported — never lost.

A per-block function kills its own worker process (SIGKILL) when it reaches a
chosen block: once (a flag file records that it happened), or every time.

- Dask: the scheduler runs the dead worker's task again elsewhere; the result
  is bit-identical to the serial one, with every run present. A block that
  kills every worker it reaches is reported as one clear error after Dask's
  allowed retries (``distributed.scheduler.allowed-failures``), and the blocks
  finished before stay committed in the store (``--resume`` finishes the run).
- Processes: a dead pool process is reported as one clear error.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dask
import numpy as np
import pytest

from realpolitik.errors import InputError
from realpolitik.rng import BLOCK
from realpolitik.sim import montecarlo, simulate
from realpolitik.sim.backends import BackendConfig, Block, make_blocks, run_blocks
from realpolitik.sim.evaluate import ModelBlock
from realpolitik.store import Store
from tests.sim.scenarios import deal

pytestmark = pytest.mark.slow  # seconds each, on 2 cores

RUNS = 5 * BLOCK + 100
"""Six blocks; the last one partial."""


@dataclass(frozen=True)
class Killer:
    """Run ``inner`` on each block, but SIGKILL this process on block ``victim``.

    With ``flag`` set, only the first time (the flag file is created before dying);
    without, every time.
    """

    inner: Callable[[Block], Any]
    victim: int
    flag: str | None = None

    def __call__(self, block: Block) -> Any:
        if block.index == self.victim and (self.flag is None or not os.path.exists(self.flag)):
            if self.flag is not None:
                Path(self.flag).touch()
            os.kill(os.getpid(), signal.SIGKILL)
        return self.inner(block)


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A local Dask cluster of two worker processes (nannies restart dead workers)."""
    from distributed import LocalCluster

    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        cluster = LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        )
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def _with_killer(monkeypatch: pytest.MonkeyPatch, victim: int, flag: Path | None) -> None:
    """Make Monte Carlo's per-block function a :class:`Killer` around the real one."""

    def block_fn(setup: Any) -> Killer:
        return Killer(ModelBlock(setup), victim, None if flag is None else str(flag))

    monkeypatch.setattr(montecarlo, "ModelBlock", block_fn)


def test_a_worker_killed_once_is_retried_to_the_same_numbers(
    scheduler: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flag = tmp_path / "killed-once"
    _with_killer(monkeypatch, victim=2, flag=flag)
    store = Store(tmp_path / "s.duckdb")
    result = simulate(
        deal(), runs=RUNS, seed=4, backend="dask", scheduler=scheduler, chunk_blocks=1, store=store
    )
    assert flag.exists(), "no worker was killed"
    serial = simulate(deal(), runs=RUNS, seed=4)
    assert result.runs == RUNS
    assert result.outcomes["deal"].shape == (RUNS, 1)
    np.testing.assert_array_equal(result.outcomes["deal"], serial.outcomes["deal"])
    assert result.issues == serial.issues
    assert result.run_id is not None
    assert sorted(store.chunks(result.run_id)) == list(range(len(make_blocks(RUNS))))
    assert store.get(result.run_id).complete


@pytest.mark.filterwarnings("ignore:Port 8787 is already in use")  # two local clusters at once
def test_the_only_worker_killed_once_is_restarted_and_the_block_rerun(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One worker: the per-block function it held dies with it, and is recomputed."""
    flag = tmp_path / "killed-once"
    _with_killer(monkeypatch, victim=0, flag=flag)
    result = simulate(deal(), runs=2 * BLOCK, seed=8, backend="dask", workers=1, chunk_blocks=1)
    assert flag.exists(), "no worker was killed"
    np.testing.assert_array_equal(
        result.outcomes["deal"], simulate(deal(), runs=2 * BLOCK, seed=8).outcomes["deal"]
    )


def test_a_block_that_always_kills_its_worker_is_reported(
    scheduler: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_killer(monkeypatch, victim=4, flag=None)
    store = Store(tmp_path / "s.duckdb")
    with pytest.raises(InputError, match=r"Dask worker died on every retry .* runs 4096-5119"):
        simulate(
            deal(),
            runs=RUNS,
            seed=4,
            backend="dask",
            scheduler=scheduler,
            chunk_blocks=1,
            store=store,
            commit_every=0.0,
        )
    record = store.list()[0]
    assert record.status == "incomplete"
    done = store.chunks(record.id)
    assert 4 not in done  # never a block without its runs
    monkeypatch.undo()
    resumed = montecarlo.resume(store, record.id)  # the missing blocks run; nothing is lost
    np.testing.assert_array_equal(
        resumed.outcomes["deal"], simulate(deal(), runs=RUNS, seed=4).outcomes["deal"]
    )


def test_a_dead_process_pool_worker_is_reported(tmp_path: Path) -> None:
    fn = Killer(ModelBlock(montecarlo.make_setup(deal(), "compromise", seed=1)), victim=1)
    blocks = make_blocks(3 * BLOCK)
    config = BackendConfig(kind="processes", workers=2, chunk_blocks=1)
    with pytest.raises(InputError, match=r"worker process died"):
        for _ in run_blocks(fn, blocks, config):
            pass
