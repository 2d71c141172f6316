"""Killing a ``--backend processes`` simulation leaves no process behind (issue 17, item 3).

After ``kill -9`` of the parent, the forkserver, the resource tracker and the
workers (~125 MB each) were still alive 60 s later. Each worker now runs a
watchdog thread (:mod:`realpolitik.sim.watchdog`) that ends it once its
parent is gone; the forkserver and the resource tracker then exit on their own.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from realpolitik.sim.watchdog import alive, identity

GRACE_S = 20.0
"""How long the processes may take to go (seconds; the shared 2-core machine is loaded,
and a worker checks every 0.5 s)."""


def _running(procs: list[psutil.Process]) -> list[psutil.Process]:
    out = []
    for p in procs:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                out.append(p)
        except psutil.Error:
            continue
    return out


@pytest.mark.slow
def test_sigkill_of_a_process_simulation_leaves_no_worker(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "realpolitik", "simulate", "minerals-deal-2025"]
    cmd += ["--runs", "200000", "--backend", "processes", "--workers", "2"]
    cmd += ["--store", str(tmp_path / "s.duckdb")]
    parent = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    family: list[psutil.Process] = []
    try:
        me = psutil.Process(parent.pid)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and parent.poll() is None:
            family = me.children(recursive=True)
            workers = [p for p in family if p.ppid() != parent.pid]  # the forkserver's children
            if len(workers) >= 2:
                break
            time.sleep(0.2)
        assert len(family) >= 4, [p.cmdline() for p in family]  # tracker, forkserver, 2 workers
        time.sleep(1.0)  # the workers are computing
        family = me.children(recursive=True)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + GRACE_S
        while _running(family) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = _running(family)
        assert not left, [(p.pid, " ".join(p.cmdline())[:100]) for p in left]
    finally:
        if parent.poll() is None:
            parent.kill()
        for p in _running(family):  # only what this test started, should the check fail
            p.kill()


def test_alive_sees_a_live_a_dead_and_a_zombie_process() -> None:
    assert alive(identity(os.getpid()))
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    who = identity(child.pid)
    while psutil.Process(child.pid).status() != psutil.STATUS_ZOMBIE:
        time.sleep(0.02)
    if sys.platform.startswith("linux"):
        assert not alive(who)  # exited but not yet reaped: gone all the same
    child.wait()
    assert not alive(who)
