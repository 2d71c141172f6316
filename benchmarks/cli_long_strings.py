"""Time ``realpolitik validate`` / ``run`` on titles of growing length (issue 17, item 6).

Before the fix ``validate`` was quadratic in the title's length (10k
characters 1.7 s, 40k 16.3 s, 200k more than 60 s: rich's repr highlighter).
Each line prints the length and the wall time of one CLI call in a fresh
process (start-up included, about 1-2 s on a loaded 2-core machine); linear
means the 200k line is close to the 10k line.

Run: ``.venv/bin/python benchmarks/cli_long_strings.py [--lengths 10000 40000 200000]``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "data" / "scenarios" / "small.yaml"


def timed(args: list[str]) -> float:
    """Wall time of one ``realpolitik`` call (exit code checked)."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "realpolitik", *args], capture_output=True, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode(errors="replace")[-2000:])
    return elapsed


def main() -> None:
    """Print one line per title length."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lengths", type=int, nargs="+", default=[10, 10_000, 40_000, 200_000])
    args = parser.parse_args()
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.lengths:
            data["metadata"]["title"] = "x" * n
            path = Path(tmp) / f"title-{n}.yaml"
            path.write_text(yaml.safe_dump(data), encoding="utf-8")
            v = timed(["validate", str(path)])
            r = timed(["run", str(path), "--no-store"])
            print(f"title {n:>8,} characters: validate {v:5.2f} s, run {r:5.2f} s")


if __name__ == "__main__":
    main()
