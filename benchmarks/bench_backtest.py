"""Time of the backtest of every registered model on the DEU 173-issue table.

Usage::

    .venv/bin/python benchmarks/bench_backtest.py [FILE] [--repeat 3]

Prints, for the best of ``--repeat`` runs: the time to load the cases, each
model's time on all cases, and the total; then the wall time of the whole
command ``realpolitik backtest FILE --json --no-store`` in a fresh process
(imports included). The goal (GitHub issue 8): under 30 s on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from realpolitik.backtest.cases import load_cases  # noqa: E402
from realpolitik.backtest.runner import run_backtest  # noqa: E402
from realpolitik.models import model_names  # noqa: E402

GOAL = 30.0


def reference(relative: str) -> Path:
    """A reference file from ../shared/reference, else from tests/data/reference."""
    shared = ROOT.parent / "shared" / "reference" / relative
    return shared if shared.exists() else ROOT / "tests" / "data" / "reference" / relative


def in_process(path: Path, repeat: int) -> tuple[float, dict[str, float], float]:
    """Best load time, best time per model and best total, over ``repeat`` runs."""
    load, total = float("inf"), float("inf")
    per_model: dict[str, float] = {}
    for _ in range(repeat):
        start = time.perf_counter()
        cases = load_cases(path)
        loaded = time.perf_counter()
        bt = run_backtest(cases, model_names())
        end = time.perf_counter()
        load, total = min(load, loaded - start), min(total, end - start)
        for name, r in bt.models.items():
            per_model[name] = min(per_model.get(name, float("inf")), r.seconds)
    return load, per_model, total


def command(path: Path) -> float:
    """Wall time of ``realpolitik backtest FILE --json --no-store`` in a new process."""
    exe = Path(sys.executable).with_name("realpolitik")
    args = [str(exe)] if exe.exists() else [sys.executable, "-m", "realpolitik"]
    start = time.perf_counter()
    subprocess.run(
        [*args, "backtest", str(path), "--json", "--no-store"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main() -> int:
    """Time and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(reference("deu/deu-1996-2000.tsv")))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    path = Path(args.file)
    print(f"{path.name}: {os.cpu_count()} CPU(s) visible, best of {args.repeat}")
    load, per_model, total = in_process(path, args.repeat)
    print(f"  {'load cases':24s} {load:8.3f} s")
    for name, seconds in sorted(per_model.items(), key=lambda kv: -kv[1]):
        print(f"  {name:24s} {seconds:8.3f} s")
    print(f"  {'total (in process)':24s} {total:8.3f} s")
    wall = command(path)
    verdict = "within" if wall < GOAL else "OVER"
    print(f"  {'whole command':24s} {wall:8.3f} s  ({verdict} the {GOAL:g} s goal)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
