"""Speed of the strategy search (docs/optimize.md): 100 candidate strategies × 2,000 runs.

Usage::

    .venv/bin/python benchmarks/bench_optimize.py [SCENARIO] [--trials 100] [--runs 2000]
        [--backend serial|processes] [--scaling]

SCENARIO defaults to the bundled ``minerals-deal-2025`` with holder USA,
objectives P(settlement by 2026-02) and cost (NSGA-II), all the US levers.
Prints the wall time of the search alone (asking, evaluating and telling
every candidate on common random numbers) and of the whole ``optimize``
(search, the front re-evaluated on fresh runs, and the robustness design of
64 input draws × 128 runs per strategy). The target is under 60 s for the
search on 2 cores. ``--scaling`` also times the search at half and double
the candidates and the runs, to show how it scales.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from realpolitik.dynamics.optimize import Request, optimize_strategies  # noqa: E402
from realpolitik.dynamics.optimize.api import build  # noqa: E402
from realpolitik.dynamics.optimize.search import search  # noqa: E402
from realpolitik.io import load_scenario  # noqa: E402
from realpolitik.scenario import Scenario  # noqa: E402
from realpolitik.sim.backends import BackendConfig, BackendName  # noqa: E402

OBJECTIVES = ("settlement_by:2026-02", "cost")


def time_search(sc: Scenario, trials: int, runs: int, config: BackendConfig) -> tuple[float, float]:
    """Wall-clock and this process's CPU seconds for the search alone.

    On a machine shared with other work the wall time is inflated; the CPU
    time of a serial search is close to what an idle core would take.
    """
    problem, spec = build(
        sc, Request(holder="USA", objectives=OBJECTIVES, trials=trials, runs=runs, seed=1)
    )
    start, cpu = time.perf_counter(), time.process_time()
    search(problem, spec, config)
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default="minerals-deal-2025")
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--backend", default="serial")
    parser.add_argument("--scaling", action="store_true")
    args = parser.parse_args()
    sc = load_scenario(args.scenario)
    config = BackendConfig(kind=cast(BackendName, args.backend), workers=2)
    t, cpu = time_search(sc, args.trials, args.runs, config)
    print(
        f"search: {args.trials} candidates x {args.runs} runs on {args.backend}: {t:.1f} s wall, "
        f"{cpu:.1f} s CPU in this process ({1e3 * t / (args.trials * args.runs / 1000):.1f} ms "
        "wall per 1,000 candidate-runs)"
    )
    start = time.perf_counter()
    req = Request(holder="USA", objectives=OBJECTIVES, trials=args.trials, runs=args.runs, seed=1)
    doc = optimize_strategies(sc, req, config).to_json()
    print(
        f"whole optimize (search + fresh runs + robustness of {len(doc['front']) + 1} "
        f"strategies): {time.perf_counter() - start:.1f} s"
    )
    if args.scaling:
        for trials, runs in (
            (args.trials // 2, args.runs),
            (args.trials * 2, args.runs),
            (args.trials, args.runs // 2),
            (args.trials, args.runs * 2),
        ):
            t, cpu = time_search(sc, trials, runs, config)
            print(f"search: {trials} candidates x {runs} runs: {t:.1f} s wall, {cpu:.1f} s CPU")


if __name__ == "__main__":
    main()
