"""Where the blocks run: in this process, in a process pool, or on a Dask cluster.

The unit of work and of randomness is a :class:`Block` of runs
(:data:`realpolitik.rng.BLOCK` runs, with its own child seed). A backend
groups consecutive blocks into *chunks* (``chunk_blocks`` blocks, one task
each), runs a per-block function on them, and hands back each chunk's results
as soon as it is done. Because every block draws only from its own generator,
the numbers do not depend on the backend, the chunk size or the number of
workers; only the order in which chunks come back does, so callers place each
result by its block index.

At most ``2 × workers`` chunks are in flight at once, so a million runs stream
through without all their results being held at the same time.

:func:`run_blocks` is the one block loop: Monte Carlo, sensitivity analysis and
the dynamic engine all call it with their own per-block function (which must be
picklable for the ``processes`` and ``dask`` backends: a module-level function
or a frozen dataclass with ``__call__``).
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import re
import socket
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from realpolitik._extras import require
from realpolitik.errors import InputError, Problem, ResumableError
from realpolitik.rng import blocks as block_bounds
from realpolitik.sim.watchdog import identity, watch

R = TypeVar("R")
BackendName = Literal["serial", "processes", "dask"]
BACKENDS: tuple[str, ...] = ("serial", "processes", "dask")


@dataclass(frozen=True, kw_only=True)
class Block:
    """A block of runs ``[start, stop)`` with index ``index`` (its child seed).

    ``data`` carries per-block input when there is one (e.g. the rows of a
    sensitivity design); Monte Carlo leaves it None.
    """

    index: int
    start: int
    stop: int
    data: Any = None

    @property
    def size(self) -> int:
        """Number of runs in the block."""
        return self.stop - self.start


def make_blocks(runs: int, skip: frozenset[int] = frozenset()) -> list[Block]:
    """The blocks covering ``runs`` runs, except those whose index is in ``skip``."""
    return [Block(index=k, start=a, stop=b) for k, a, b in block_bounds(runs) if k not in skip]


@dataclass(frozen=True, kw_only=True)
class BackendConfig:
    """How to run blocks.

    Attributes:
        kind: ``serial`` (this process), ``processes`` (a local process pool) or
            ``dask`` (a Dask cluster: ``scheduler`` if given, else a local one).
        workers: number of worker processes (default: the number of CPUs).
        scheduler: address of an existing Dask scheduler (``tcp://host:port``).
        chunk_blocks: blocks per task.
    """

    kind: BackendName = "serial"
    workers: int | None = None
    scheduler: str | None = None
    chunk_blocks: int = 4

    def __post_init__(self) -> None:
        problems = []
        if self.kind not in BACKENDS:
            problems.append(
                ("backend", f"unknown backend '{self.kind}'; use one of {', '.join(BACKENDS)}")
            )
        if self.workers is not None and self.workers < 1:
            problems.append(("workers", f"workers must be at least 1, got {self.workers}"))
        if self.chunk_blocks < 1:
            problems.append(
                ("chunk", f"the chunk size must be at least 1 block, got {self.chunk_blocks}")
            )
        if self.scheduler is not None and self.kind != "dask":
            problems.append(("scheduler", "a Dask scheduler address needs the dask backend"))
        if problems:
            raise InputError(Problem(message=m, field=f) for f, m in problems)
        if self.kind == "dask":  # before any run is recorded
            require("dask", what="the dask backend")

    def options(self) -> dict[str, Any]:
        """The four keyword arguments of the engine's entry points (``backend`` ...)."""
        return {
            "backend": self.kind,
            "workers": self.workers,
            "scheduler": self.scheduler,
            "chunk_blocks": self.chunk_blocks,
        }

    @property
    def n_workers(self) -> int:
        """Workers to start (serial: 1)."""
        if self.kind == "serial":
            return 1
        return self.workers or os.cpu_count() or 1


Outcome = tuple[Literal["ok"], list[Any]] | tuple[Literal["input_error"], tuple[Problem, ...]]


@dataclass(frozen=True)
class _Chunk(Generic[R]):
    fn: Callable[[Block], R] | None
    blocks: Sequence[Block]


def _run_chunk(fn: Callable[[Block], Any], chunk: Sequence[Block]) -> Outcome:
    """Run ``fn`` on every block of a chunk; input errors travel back as data."""
    try:
        return ("ok", [fn(b) for b in chunk])
    except InputError as exc:  # InputError does not survive pickling: send its problems
        return ("input_error", exc.problems)


_WORKER_FN: Callable[[Block], Any] | None = None


def _init_worker(fn: Callable[[Block], Any], parent: tuple[int, str | None]) -> None:
    global _WORKER_FN
    _WORKER_FN = fn
    watch(parent)  # die with the simulating process, even when it is SIGKILLed


def _run_chunk_in_worker(chunk: Sequence[Block]) -> Outcome:
    assert _WORKER_FN is not None
    return _run_chunk(_WORKER_FN, chunk)


def _unwrap(outcome: Outcome) -> list[Any]:
    if outcome[0] == "input_error":
        raise InputError(outcome[1])
    return outcome[1]


def chunked(blocks: Sequence[Block], size: int) -> list[list[Block]]:
    """Consecutive groups of ``size`` blocks."""
    return [list(blocks[i : i + size]) for i in range(0, len(blocks), size)]


def run_blocks(
    fn: Callable[[Block], R], blocks: Sequence[Block], config: BackendConfig | None = None
) -> Iterator[list[R]]:
    """Run ``fn`` on every block; yield each chunk's results as the chunk completes.

    Args:
        fn: the per-block function (picklable for ``processes`` and ``dask``).
        blocks: the blocks to run (see :func:`make_blocks`).
        config: the backend (default: serial, 4 blocks per chunk).

    Yields:
        Lists of ``fn``'s results, one list per chunk, in completion order.

    Raises:
        InputError: raised by ``fn`` in any worker, or an unreachable scheduler.
    """
    cfg = config or BackendConfig()
    chunks = chunked(blocks, cfg.chunk_blocks)
    if not chunks:
        return
    if cfg.kind == "serial":
        for chunk in chunks:
            yield _unwrap(_run_chunk(fn, chunk))
    elif cfg.kind == "processes":
        yield from _run_processes(fn, chunks, cfg.n_workers)
    else:
        yield from _run_dask(fn, chunks, cfg)


# Imported once by the fork server, so each new worker starts from a fork that has them
# (a war's lever sensitivity starts one pool per lever; each worker re-importing
# numpy, scipy and the engine cost a second or more).
PRELOAD = ["__main__", "realpolitik.sim.montecarlo", "realpolitik.dynamics.api"]


def _pool_context() -> mp.context.BaseContext:
    if "forkserver" not in mp.get_all_start_methods():
        return mp.get_context("spawn")
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)  # no effect once the fork server runs
    return ctx


PROCESS_DIED = (
    "a worker process died (killed, or out of memory? From a Python script, the workers "
    'import the script: keep its calls under `if __name__ == "__main__":`)'
)


def lost_chunk(chunk: Sequence[Block], what: str) -> ResumableError:
    """The error of a chunk whose worker died: which runs, what is kept, what to try."""
    first, last = chunk[0].start, chunk[-1].stop - 1
    return ResumableError.one(
        f"{what} while running runs {first}-{last}; the "
        "simulation stopped, and the chunks finished before are kept. Try fewer workers or a "
        "smaller chunk size; a stored simulation can be resumed from the results store",
        field="backend",
    )


def _run_processes(
    fn: Callable[[Block], R], chunks: list[list[Block]], workers: int
) -> Iterator[list[R]]:
    workers = min(workers, len(chunks))
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_pool_context(),
        initializer=_init_worker,
        initargs=(fn, identity(os.getpid())),
    ) as pool:
        pending: dict[Future[Outcome], list[Block]] = {}
        try:
            for chunk in chunks:
                pending[_submit(pool, chunk)] = chunk
                if len(pending) >= 2 * workers:
                    yield from _finished(pending)
            while pending:
                yield from _finished(pending)
        finally:
            for f in pending:
                f.cancel()


def _submit(pool: ProcessPoolExecutor, chunk: list[Block]) -> Future[Outcome]:
    try:
        return pool.submit(_run_chunk_in_worker, chunk)
    except BrokenProcessPool:
        raise lost_chunk(chunk, PROCESS_DIED) from None


def _finished(pending: dict[Future[Outcome], list[Block]]) -> Iterator[list[Any]]:
    """Wait for at least one chunk; yield the results of those done (removed from pending)."""
    done, _ = wait(pending, return_when=FIRST_COMPLETED)
    for f in done:
        chunk = pending.pop(f)
        try:
            outcome = f.result()
        except BrokenProcessPool:
            raise lost_chunk(chunk, PROCESS_DIED) from None
        yield _unwrap(outcome)


def _probe(address: str) -> None:
    """Fail fast (instead of Dask's retries) when nothing listens at a tcp:// address."""
    match = re.fullmatch(r"tcp://\[?([^\]]+?)\]?:(\d+)", address.strip())
    if match is None:
        raise ValueError("expected tcp://HOST:PORT")
    with socket.create_connection((match[1], int(match[2])), timeout=5):
        pass


def check_scheduler(cfg: BackendConfig) -> None:
    """Refuse an unreachable Dask scheduler before a run is recorded in the store."""
    if cfg.scheduler is None:
        return
    try:
        _probe(cfg.scheduler)
    except (OSError, TimeoutError, ValueError) as exc:
        raise _unreachable(cfg.scheduler, exc) from None


def _unreachable(address: str, exc: Exception) -> InputError:
    return InputError.one(
        f"cannot reach the Dask scheduler at {address} ({exc}); check the address "
        "(tcp://HOST:PORT) and that the scheduler is running",
        field="scheduler",
    )


def _dask_client(cfg: BackendConfig) -> Any:
    from distributed import Client, LocalCluster

    if cfg.scheduler is not None:
        check_scheduler(cfg)
        try:
            return Client(cfg.scheduler, timeout="10s")  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError, ValueError) as exc:
            raise _unreachable(cfg.scheduler, exc) from None
    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=cfg.n_workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    return Client(cluster)  # type: ignore[no-untyped-call]


def _run_dask(
    fn: Callable[[Block], R], chunks: list[list[Block]], cfg: BackendConfig
) -> Iterator[list[R]]:
    """Dask reruns the task of a worker that died on another worker (up to
    ``distributed.scheduler.allowed-failures`` times); after that, the chunk is reported."""
    client = _dask_client(cfg)
    own_cluster = cfg.scheduler is None
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})) or cfg.n_workers)
        # a task, not scattered data: if every worker holding it dies, Dask recomputes it
        remote_fn = client.submit(_same, fn, pure=False)
        pending: dict[Any, list[Block]] = {}
        for chunk in chunks:
            pending[client.submit(_run_chunk, remote_fn, chunk, pure=False)] = chunk
            if len(pending) >= 2 * workers:
                yield from _dask_finished(pending)
        while pending:
            yield from _dask_finished(pending)
    finally:
        cluster = client.cluster if own_cluster else None
        client.close()
        if cluster is not None:
            cluster.close()


def _same(value: Any) -> Any:
    """The identity: makes a value a Dask task result, which Dask can recompute if lost."""
    return value


def _dask_finished(pending: dict[Any, list[Block]]) -> Iterator[list[Any]]:
    """Wait for at least one Dask chunk; yield the results of those done."""
    from distributed import KilledWorker
    from distributed import wait as dask_wait

    done, _ = dask_wait(list(pending), return_when="FIRST_COMPLETED")  # type: ignore[no-untyped-call]
    for f in done:
        chunk = pending.pop(f)
        try:
            outcome = f.result()
        except KilledWorker:
            what = "a Dask worker died on every retry (killed, or out of memory?)"
            raise lost_chunk(chunk, what) from None
        yield _unwrap(outcome)
