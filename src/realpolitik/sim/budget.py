"""Refuse a run count the machine cannot hold, before anything is computed or stored.

A simulation keeps a few numbers per run in memory (every forecast of a static
issue; a war's ground and month quantiles need the exact values), so memory
grows linearly with ``--runs``. A count whose estimate exceeds the physical
memory would fail later with an allocation error or the kernel's OOM killer.
"""

from __future__ import annotations

import os

from realpolitik.errors import InputError

VALUE_BYTES = 8
"""Bytes of one number (float64) kept per run until the summary."""


def physical_memory() -> int | None:
    """Bytes of RAM on this machine, or None where the platform does not tell."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None


def check_runs(runs: int, bytes_per_run: float, memory: int | None = None) -> None:
    """Raise an InputError naming ``--runs`` when it is below 1 or cannot fit in memory.

    Args:
        runs: the requested number of Monte Carlo runs.
        bytes_per_run: a lower bound of what one run keeps in memory until the end.
        memory: bytes available (default: this machine's physical memory).
    """
    if runs < 1:
        raise InputError.one(f"the number of runs must be at least 1, got {runs}", field="runs")
    limit = physical_memory() if memory is None else memory
    need = runs * bytes_per_run
    if limit is not None and need > limit:
        raise InputError.one(
            f"{runs:,} runs would need at least {_size(need)} of memory, more than this "
            f"machine's {_size(limit)} ({bytes_per_run:,.0f} bytes or more for each): "
            "use fewer runs",
            field="runs",
        )


def _size(n: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if n < 1024:
            return f"{n:,.0f} {unit}"
        n /= 1024
    return f"{n:,.1f} TiB"
