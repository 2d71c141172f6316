"""Speed of listing a large results store (``realpolitik runs list``).

Usage::

    .venv/bin/python benchmarks/bench_store_list.py [--runs 2000] [--repeat 3] [--store PATH]

Fills a fresh store (a temporary file unless ``--store``) with ``--runs``
finished runs, each carrying the bundled scenario and the real summary of a
dynamic ``simulate`` of it (as ``realpolitik simulate`` stores them), then
prints the store's size and the best wall time of ``--repeat``

- ``Store.list()`` (what ``runs list`` and the web pages call), and
- the whole command ``realpolitik runs list`` in a fresh process (start-up
  and drawing the table included), with ``--last 20``, and with ``--json``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from _timing import best_of  # noqa: E402
from realpolitik.dynamics.api import simulate_dynamics  # noqa: E402
from realpolitik.io import load_scenario  # noqa: E402
from realpolitik.io.loader import bundled_path  # noqa: E402
from realpolitik.store import Store  # noqa: E402


def fill(store: Store, n: int) -> int:
    """Add ``n`` finished simulations of the bundled scenario; return one summary's size."""
    scenario = load_scenario(bundled_path("minerals-deal-2025"))
    summary = simulate_dynamics(scenario, runs=256, seed=1, sensitivity_runs=64).to_json()
    with store.db.transaction() as con:  # one transaction: filling is not what is measured
        for i in range(n):
            run_id = Store._insert_run(
                con,
                kind="simulate",
                scenario=scenario,
                model="dynamics",
                params={},
                seed=i,
                runs=10_000,
                settings={"backend": "serial", "workers": 1},
                status="incomplete",
            )
            Store._finish(con, run_id, summary, 1.0)
    return len(json.dumps(summary))


def main() -> None:
    """Fill a store, time the listing, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--store", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.store or Path(tmp) / "bench.duckdb"
        store = Store(path)
        if not path.exists() or not store.list():
            size = fill(store, args.runs)
            print(f"filled {args.runs} runs; one summary is {size / 1024:.0f} KiB of JSON")
        n = len(store.list())
        print(f"store: {path} ({path.stat().st_size / 2**20:.0f} MiB, {n} runs)")
        t = best_of(args.repeat, store.list)
        print(f"Store.list():             {t * 1000:8.0f} ms")
        exe = [sys.executable, "-m", "realpolitik", "runs", "list", "--store", str(path)]
        commands = (
            ("runs list", exe),
            ("runs list --last 20", [*exe, "--last", "20"]),
            ("runs list --json", [*exe, "--json"]),
        )
        for label, cmd in commands:
            run = lambda c=cmd: subprocess.run(c, check=True, capture_output=True)  # noqa: E731
            print(f"{label + ':':<26}{best_of(args.repeat, run) * 1000:8.0f} ms (whole process)")


if __name__ == "__main__":
    main()
