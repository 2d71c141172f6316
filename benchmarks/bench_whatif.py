"""What-if latency: the bundled war scenario, 1,000 paired runs, one lever changed.

Run as ``python benchmarks/bench_whatif.py``. Target (issue 18): under 0.5 s
on 2 cores for a what-if whose baseline is cached (the web page's case: the
baseline is computed once per scenario, seed and run count, then each change
runs only its variant). Also prints the first call, which computes the
baseline too.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from _timing import best_of  # noqa: E402
from realpolitik import load_scenario  # noqa: E402
from realpolitik.app import whatif  # noqa: E402
from realpolitik.io.overrides import Overrides  # noqa: E402

TARGET = 0.5
RUNS = 1000


def main() -> None:
    """Time a cold what-if (baseline computed) and a warm one (baseline cached)."""
    sc = load_scenario("minerals-deal-2025")
    change = Overrides.model_validate({"levers": {"us_pressure_on_kyiv": {"size": 0.5}}})
    whatif._CACHE.clear()
    start = time.perf_counter()
    result = whatif.what_if(sc, change, runs=RUNS, seed=1)
    cold = time.perf_counter() - start
    sizes = iter([0.1, 0.2, 0.3, 0.4, 0.6])

    def warm_call() -> None:
        step = Overrides.model_validate({"levers": {"us_pressure_on_kyiv": {"size": next(sizes)}}})
        assert whatif.what_if(sc, step, runs=RUNS, seed=1).baseline_cached

    warm = best_of(5, warm_call)
    first = result.metrics[0]
    print(f"what-if, {RUNS} paired runs of minerals-deal-2025 (one lever changed)")
    print(f"  first call (baseline too): {cold:.3f} s")
    print(
        f"  baseline cached (best of 5): {warm:.3f} s  target < {TARGET} s: "
        f"{'met' if warm < TARGET else 'NOT met'}"
    )
    print(
        f"  {first.label}: {first.baseline:.3f} -> {first.variant:.3f} "
        f"(difference {first.difference:+.3f} ± {first.stderr:.3f})"
    )


if __name__ == "__main__":
    main()
