"""Worker processes that die with the process that started them.

A ``--backend processes`` pool's workers are children of the forkserver, not
of the simulating process, and wait on a queue whose other end they hold
themselves: when the simulating process is killed (SIGKILL, the OOM killer)
nothing tells them, and they stayed alive, each holding its memory, with the
forkserver and the resource tracker behind them.

Each worker therefore runs :func:`watch`: a daemon thread that checks every
``period`` seconds whether the parent still exists and, when it does not,
ends the worker at once (``os._exit``). The check is portable (``os.kill(pid,
0)``); on Linux it also reads ``/proc/<pid>/stat`` so that a parent left as a
zombie, or a new process that reused its id, counts as gone. With the workers
gone, the forkserver (which exits when its client's end of a pipe closes) and
the resource tracker (which exits when every holder of its pipe has) follow.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

PERIOD = 0.5
"""Seconds between two checks of the parent."""


def identity(pid: int) -> tuple[int, str | None]:
    """A process's id with its start time (Linux; None elsewhere), to tell it from a
    later process given the same id."""
    return pid, _stat(pid)[1]


def alive(who: tuple[int, str | None]) -> bool:
    """Whether the process ``who`` (from :func:`identity`) still runs (a zombie does not)."""
    pid, started = who
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by another user: an id reused
        return False
    state, start = _stat(pid)
    if state == "Z":
        return False
    return started is None or start == started


def watch(parent: tuple[int, str | None], period: float = PERIOD) -> threading.Thread:
    """Start the daemon thread that ends this process once ``parent`` is gone."""
    thread = threading.Thread(
        target=_loop, args=(parent, period), name="realpolitik-watchdog", daemon=True
    )
    thread.start()
    return thread


def _loop(parent: tuple[int, str | None], period: float) -> None:
    while alive(parent):
        time.sleep(period)
    os._exit(1)  # no clean-up: the parent that would collect our results is gone


def _stat(pid: int) -> tuple[str | None, str | None]:
    """(state, start time) from ``/proc/<pid>/stat``; (None, None) where there is none."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None, None
    fields = text[text.rfind(")") + 2 :].split()  # after "pid (comm) "
    return (fields[0], fields[19]) if len(fields) > 19 else (None, None)
