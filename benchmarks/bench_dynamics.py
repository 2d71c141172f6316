"""Speed of the war-termination engine (docs/models/spec.md §4): 10,000 runs × 24 months.

Usage::

    .venv/bin/python benchmarks/bench_dynamics.py [SCENARIO] [--runs 10000] [--repeat 3]

SCENARIO defaults to the bundled ``minerals-deal-2025``. Prints the best wall
time of ``--repeat`` runs of the engine alone (serial, and on a pool of 2
worker processes, pool start-up included), of the whole ``simulate`` call
(summaries and the one-at-a-time lever sensitivity included), and the time
per run-month. The target is under 2 s for 10,000 runs on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from _timing import best_of  # noqa: E402
from realpolitik.dynamics.api import run_dynamics, simulate_dynamics  # noqa: E402
from realpolitik.dynamics.spec import compile_dynamics  # noqa: E402
from realpolitik.io import load_scenario  # noqa: E402
from realpolitik.sim.backends import BackendConfig  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default="minerals-deal-2025")
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    dyn = compile_dynamics(scenario)
    runs, months = args.runs, dyn.horizon
    print(f"scenario: {dyn.scenario_title}")
    print(
        f"{runs} runs × {months} months; {dyn.n_levers} levers, {len(dyn.deals)} deal tables, "
        f"{dyn.table.n_uniforms} uncertain inputs; {os.cpu_count()} CPUs"
    )
    pool = BackendConfig(kind="processes", workers=2, chunk_blocks=1)
    rows = [
        ("engine, serial", lambda: run_dynamics(dyn, runs, 1)),
        ("engine, 2 processes", lambda: run_dynamics(dyn, runs, 1, pool)),
        (
            "simulate (summaries + sensitivity), serial",
            lambda: simulate_dynamics(scenario, runs=runs, seed=1),
        ),
    ]
    for label, fn in rows:
        seconds = best_of(args.repeat, fn)
        per = seconds / (runs * months) * 1e6
        flag = "ok" if seconds < 2.0 else "SLOW"
        print(f"  {label:45s} {seconds:6.3f} s   {per:5.2f} µs per run-month   [{flag}: < 2 s]")


if __name__ == "__main__":
    main()
