"""Speed of conditioning the war engine on observations (docs/dynamics.md, "Conditioning").

Usage::

    .venv/bin/python benchmarks/bench_condition.py [--runs 100000] [--repeat 1]
        [--observations FILE]

Conditions the bundled ``minerals-deal-2025`` on its March-August 2025
observations (the copy shipped with the package; ``--observations`` for
another file) and prints the best wall time of ``--repeat`` calls of
:func:`realpolitik.dynamics.conditioned.condition_dynamics` (the island
particle filter, the resampling across blocks, the runs on to the horizon
and their summaries; the static issues left out), serial and on a pool of 2
worker processes (pool start-up included), with the effective sample size.
The target is under 10 s for 100,000 runs on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from _timing import best_of  # noqa: E402
from realpolitik.dynamics.conditioned import condition_dynamics  # noqa: E402
from realpolitik.io import load_scenario  # noqa: E402
from realpolitik.io.observations import with_observations  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--observations", default="minerals-deal-2025")
    args = parser.parse_args()
    scenario = with_observations(load_scenario("minerals-deal-2025"), args.observations)
    print(f"{args.runs} runs, {len(scenario.observations)} observations; {os.cpu_count()} CPUs")
    for label, backend in (("serial", "serial"), ("2 processes", "processes")):
        found: dict[str, float] = {}

        def once(backend: str = backend, found: dict[str, float] = found) -> None:
            result = condition_dynamics(
                scenario, runs=args.runs, seed=1, backend=backend,  # type: ignore[arg-type]
                workers=2, chunk_blocks=1, with_static=False,
            )
            found["ess"] = result.conditioning.ess

        seconds = best_of(args.repeat, once)
        print(f"{label:>12}: {seconds:6.2f} s  (ESS {found['ess']:.0f})")


if __name__ == "__main__":
    main()
