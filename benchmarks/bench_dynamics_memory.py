"""Peak memory of ``simulate`` on a war scenario: 10,000, 100,000 and 1,000,000 runs.

Usage::

    .venv/bin/python benchmarks/bench_dynamics_memory.py [SCENARIO] [--runs 10000 100000 1000000]
        [--keep none|outcomes|trajectories]

SCENARIO defaults to the bundled ``minerals-deal-2025``. Each size runs in a
fresh child process (``simulate_dynamics`` and its JSON document, seed 1,
serial backend, the one-at-a-time lever sensitivity included, and the rows of
``--keep``); the script prints the child's peak resident set size
(``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``), the wall time, and the
peak per run above the start-up (the size with 10 runs).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import sys
sys.path.insert(0, {src!r})
from realpolitik.dynamics.api import simulate_dynamics
from realpolitik.io import load_scenario
kwargs = {{"keep": {keep!r}}} if {keep!r} != "none" else {{}}
result = simulate_dynamics(load_scenario({scenario!r}), runs={runs}, seed=1, **kwargs)
result.to_json()
"""


def peak_rss_mib(scenario: str, runs: int, keep: str) -> tuple[float, float]:
    """Peak RSS (MiB) and wall time (s) of one child process simulating ``runs`` runs."""
    code = CHILD.format(src=str(ROOT / "src"), scenario=scenario, runs=runs, keep=keep)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    elapsed = time.perf_counter() - start
    # ru_maxrss (KiB on Linux) is the largest of the children waited for so far: sizes run
    # in increasing order, so each figure is this child's own peak.
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default="minerals-deal-2025")
    parser.add_argument("--runs", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--keep", default="none", choices=["none", "outcomes", "trajectories"])
    args = parser.parse_args()
    base, _ = peak_rss_mib(args.scenario, 10, args.keep)
    print(f"scenario {args.scenario}, seed 1, serial, --keep {args.keep}")
    print(f"  {10:>9,} runs: peak RSS {base:8.1f} MiB (start-up)")
    for runs in sorted(args.runs):
        peak, seconds = peak_rss_mib(args.scenario, runs, args.keep)
        per_run = (peak - base) * 1024 * 1024 / runs
        print(
            f"  {runs:>9,} runs: peak RSS {peak:8.1f} MiB   {seconds:6.1f} s   "
            f"{per_run:8.0f} bytes per run above start-up"
        )


if __name__ == "__main__":
    main()
