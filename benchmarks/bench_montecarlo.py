"""Monte Carlo speed and memory: runs per second, Dask overhead, peak memory.

Usage::

    .venv/bin/python benchmarks/bench_montecarlo.py            # full figures (a few minutes)
    .venv/bin/python benchmarks/bench_montecarlo.py --quick    # smaller counts

Prints, for a 20-actor, one-issue scenario whose saliences, positions and
capabilities are uncertain (default noise 10 %, 5 points, 20 %):

1. runs per second of compromise, eum and smp, serial and with 2 processes;
2. the overhead of the Dask backend on this machine (a local cluster of 2
   worker processes), against the process pool on the same work, and the
   cluster's start-up time;
3. the peak memory (max RSS) of a million compromise runs streamed in chunks,
   against the memory that the inputs of those runs would take if held at once.

Timings are wall-clock on this machine; nothing here is asserted.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.sim.scenarios import big_data  # noqa: E402

from realpolitik.io.scenario_file import scenario_from_data  # noqa: E402
from realpolitik.models import model_names  # noqa: E402
from realpolitik.scenario import Scenario  # noqa: E402
from realpolitik.sim import simulate  # noqa: E402

RUNS = {"compromise": 200_000, "eum": 4096, "smp": 1024}
QUICK = {"compromise": 50_000, "eum": 1024, "smp": 256}
PARAMS: dict[str, dict[str, object]] = {"eum": {"rounds": 10}}


def scenario() -> Scenario:
    return scenario_from_data(big_data(n=20, issues=1, seed=1), file="bench")


def rate(model: str, runs: int, **kw: object) -> float:
    start = time.perf_counter()
    simulate(scenario(), model, runs=runs, seed=1, params=PARAMS.get(model, {}), **kw)  # type: ignore[arg-type]
    return runs / (time.perf_counter() - start)


def pool_start_up() -> float:
    """Seconds to start a 2-process pool and run one tiny block (subtracted below)."""
    start = time.perf_counter()
    simulate(scenario(), "compromise", runs=2, seed=1, backend="processes", workers=2)
    return time.perf_counter() - start


def speed(counts: dict[str, int]) -> None:
    boot = pool_start_up()
    print("1. runs per second, 20 actors, 1 issue")
    print(f"   (2 processes: overall, and without the pool's start-up of {boot:.2f} s;")
    print("    '-' where start-up is most of the time: run more runs to see a steady rate)")
    print(f"   {'model':<12}{'runs':>8}{'serial':>10}{'2 proc.':>10}{'steady':>10}{'x':>7}")
    for model, runs in counts.items():
        if model not in model_names():
            print(f"   {model:<12} not registered: skipped")
            continue
        serial = rate(model, runs)
        pool = rate(model, runs, backend="processes", workers=2, chunk_blocks=1)
        work = runs / pool - boot
        if work < 0.2 * runs / pool:  # start-up is most of the time: no steady rate to read
            print(f"   {model:<12}{runs:>8}{serial:>10.0f}{pool:>10.0f}{'-':>10}{'-':>7}")
            continue
        steady = runs / work
        print(
            f"   {model:<12}{runs:>8}{serial:>10.0f}{pool:>10.0f}{steady:>10.0f}"
            f"{steady / serial:>7.2f}"
        )


def dask_overhead(runs: int) -> None:
    from distributed import LocalCluster

    print("\n2. Dask backend on one machine (median_voter, 2 workers)")
    start = time.perf_counter()
    with LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        boot = time.perf_counter() - start
        address = cluster.scheduler_address
        serial = rate("median_voter", runs)
        pool = rate("median_voter", runs, backend="processes", workers=2)
        dask = rate("median_voter", runs, backend="dask", scheduler=address)
    local = rate("median_voter", runs, backend="dask", workers=2)
    print(f"   cluster start-up: {boot:.2f} s")
    print(f"   serial:                        {serial:>10.0f} runs/s")
    print(f"   process pool (incl. start-up): {pool:>10.0f} runs/s")
    print(
        f"   dask, existing cluster:        {dask:>10.0f} runs/s  (pool / dask = {pool / dask:.2f})"
    )
    print(f"   dask, cluster per run:         {local:>10.0f} runs/s  (includes start-up)")


MEMORY = """
import resource, sys, time
sys.path.insert(0, sys.argv[2])
from benchmarks.bench_montecarlo import scenario
from realpolitik.sim import simulate
runs = int(sys.argv[1])
scenario()  # parse once, so only the simulation's own memory comes after
status = open("/proc/self/status").read()
before = int(next(l.split()[1] for l in status.splitlines() if l.startswith("VmRSS")))
start = time.perf_counter()
res = simulate(scenario(), "compromise", runs=runs, seed=1, chunk_blocks=8)
took = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(before, peak, took, res.issues["i0"].mean)
"""


def memory(runs: int) -> None:
    print(f"\n3. memory of {runs:,} compromise runs, 20 actors, streamed in chunks")
    out = subprocess.run(
        [sys.executable, "-c", MEMORY, str(runs), str(ROOT)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.split()
    before, peak, took = int(out[0]) / 1024, int(out[1]) / 1024, float(out[2])
    held = runs * 20 * 3 * 8 / 2**20  # capability, position, salience as float64
    print(f"   resident before simulating: {before:.0f} MiB; peak of the process: {peak:.0f} MiB")
    print(f"   ({took:.1f} s)")
    print(f"   the inputs alone, if held at once, would take {held:.0f} MiB;")
    print(f"   the outcomes kept for exact quantiles take {runs * 8 / 2**20:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller run counts")
    args = parser.parse_args()
    counts = QUICK if args.quick else RUNS
    speed(counts)
    dask_overhead(counts["compromise"] // 2)
    memory(200_000 if args.quick else 1_000_000)


if __name__ == "__main__":
    main()
