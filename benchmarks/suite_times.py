"""Where the test suite's time goes: a pytest plugin and its report.

Record (each xdist worker appends its own lines; run from the repository root)::

    PYTHONPATH=. .venv/bin/pytest -p benchmarks.suite_times -n auto --dist loadgroup
    # writes test-output/suite-times.jsonl (SUITE_TIMES=path to choose another)

Report::

    .venv/bin/python benchmarks/suite_times.py [test-output/suite-times.jsonl]

prints the slowest files (wall and CPU seconds, the CPU of the test process
and of the child processes it waited for), and each worker's busy time and
when it finished: a worker that finishes long after the other is the
distribution's tail. On a shared machine compare CPU seconds, not wall ones.
"""

from __future__ import annotations

import collections
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

PATH = Path(os.environ.get("SUITE_TIMES", "test-output/suite-times.jsonl"))


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


_start: dict[str, tuple[float, float, float]] = {}
_record = [True]


def pytest_configure(config: Any) -> None:
    # xdist's controller sees every test's report too: only the process that ran it records
    _record[0] = bool(os.environ.get("PYTEST_XDIST_WORKER")) or not getattr(
        config.option, "numprocesses", None
    )


def pytest_runtest_logstart(nodeid: str, location: Any) -> None:
    if _record[0]:
        _start[nodeid] = (time.time(), *_cpu())


def pytest_runtest_logfinish(nodeid: str, location: Any) -> None:
    if not _record[0]:
        return
    t0, own0, kids0 = _start.pop(nodeid, (time.time(), *_cpu()))
    own, kids = _cpu()
    row = {
        "test": nodeid,
        "worker": os.environ.get("PYTEST_XDIST_WORKER", "main"),
        "start": t0,
        "wall": time.time() - t0,
        "cpu": own - own0,
        "child_cpu": kids - kids0,
    }
    PATH.parent.mkdir(exist_ok=True)
    with PATH.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(row) + "\n")


def report(path: Path, top: int = 40) -> None:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if not rows:
        print("no tests recorded")
        return
    files: dict[str, list[float]] = collections.defaultdict(lambda: [0.0, 0.0, 0.0, 0])
    for r in rows:
        f = files[r["test"].split("::")[0]]
        f[0] += r["wall"]
        f[1] += r["cpu"]
        f[2] += r["child_cpu"]
        f[3] += 1
    wall = sum(r["wall"] for r in rows)
    cpu = sum(r["cpu"] + r["child_cpu"] for r in rows)
    print(f"{len(rows)} tests: {wall:.0f} s of test wall time, {cpu:.0f} s CPU (with children)")
    print(f"{'wall':>7} {'cpu':>7} {'child':>7} {'tests':>5}  file")
    for name, (w, c, k, n) in sorted(files.items(), key=lambda kv: -kv[1][0])[:top]:
        print(f"{w:7.1f} {c:7.1f} {k:7.1f} {n:5d}  {name}")
    t0 = min(r["start"] for r in rows)
    workers: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    for r in rows:
        workers[r["worker"]].append(r)
    print("\nworker  busy(s)  ends at(s)  last file")
    for w, rs in sorted(workers.items()):
        last = max(rs, key=lambda r: r["start"] + r["wall"])
        end = last["start"] + last["wall"] - t0
        busy = sum(r["wall"] for r in rs)
        print(f"{w:6} {busy:8.1f} {end:11.1f}  {last['test'].split('::')[0]}")


if __name__ == "__main__":
    report(Path(sys.argv[1]) if len(sys.argv) > 1 else PATH)
