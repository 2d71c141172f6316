"""Start-up time of ``import realpolitik`` and ``realpolitik --version``, and heavy imports.

``realpolitik run`` (the bundled scenario) is timed too: the command line
imports a command's module only when it runs (``realpolitik.cli.LazyCommands``).

Usage::

    .venv/bin/python benchmarks/bench_startup.py [--repeat 7]

Runs each command in a fresh subprocess ``--repeat`` times with the Python
that runs this script (so ``cd /work/other-tree && .venv/bin/python
/path/to/bench_startup.py`` measures that tree's installation), and prints the
median and best wall time. Then lists which heavy optional libraries (fastapi,
uvicorn, starlette, plotly, jinja2, matplotlib, dask, distributed) each of
``import realpolitik``, ``realpolitik --version`` and ``realpolitik run`` (the
bundled scenario, compromise model) loads: the core commands should load none.

Wall times on a shared machine are inflated by other load; compare the median
of two trees measured one right after the other.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEAVY = (
    "fastapi",
    "uvicorn",
    "starlette",
    "plotly",
    "jinja2",
    "matplotlib",
    "dask",
    "distributed",
)

# Runs the CLI in-process and, on exit, writes the heavy modules it loaded to $BENCH_OUT.
_PROBE = """
import atexit, json, os, sys
heavy = {heavy!r}
def _dump():
    loaded = sorted(m for m in heavy if m in sys.modules)
    with open(os.environ["BENCH_OUT"], "w") as fh:
        json.dump(loaded, fh)
atexit.register(_dump)
{body}
"""
_CLI = "from realpolitik.cli import main\nsys.argv = ['realpolitik', *{argv!r}]\nmain()"


def wall_times(cmd: list[str], repeat: int, cwd: str) -> list[float]:
    """Wall time of ``repeat`` runs of ``cmd`` in a fresh process each."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def heavy_loaded(body: str, cwd: str) -> list[str]:
    """The heavy modules loaded by running ``body`` in a fresh interpreter."""
    out = Path(cwd) / "heavy.json"
    code = _PROBE.format(heavy=HEAVY, body=body)
    env = {**os.environ, "BENCH_OUT": str(out)}
    subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, check=True, capture_output=True)
    loaded: list[str] = json.loads(out.read_text())
    return loaded


def main() -> None:
    """Print the start-up figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    script = Path(sys.executable).parent / "realpolitik"
    commands = {
        "python -c 'import realpolitik'": [sys.executable, "-c", "import realpolitik"],
        "realpolitik --version": [str(script), "--version"],
        "realpolitik run": [str(script), "run"],
    }
    with tempfile.TemporaryDirectory() as cwd:
        print(f"python: {sys.executable}  (median and best of {args.repeat})")
        for name, cmd in commands.items():
            times = wall_times(cmd, args.repeat, cwd)
            print(f"  {name:32s} median {statistics.median(times):.3f} s  best {min(times):.3f} s")
        probes = {
            "import realpolitik": "import realpolitik",
            "realpolitik --version": _CLI.format(argv=["--version"]),
            "realpolitik run": _CLI.format(argv=["run"]),
        }
        print("heavy optional modules loaded:")
        for name, body in probes.items():
            loaded = heavy_loaded(body, cwd)
            print(f"  {name:32s} {', '.join(loaded) or 'none'}")


if __name__ == "__main__":
    main()
