"""Seeds and random streams, so that every backend gives the same numbers.

Runs are grouped in fixed *blocks* of :data:`BLOCK` runs. Block ``k`` of a
simulation with master seed ``s`` draws from its own generator, seeded with
``SeedSequence(s, spawn_key=(k,))`` (the ``k``-th child of the master seed).
Work is always split at block boundaries, so serial, multi-process and Dask
runs, with any chunk size or number of workers, give bit-identical results.
"""

from __future__ import annotations

import numpy as np

from realpolitik.errors import InputError

BLOCK = 1024
"""Runs per random-number block: the unit of randomness and of work."""

SEED_MAX = 2**63 - 1
"""The largest seed accepted: seeds are stored as 64-bit signed integers."""

SeedLike = int | np.random.SeedSequence | np.random.Generator | None


def make_rng(seed: SeedLike = None) -> np.random.Generator:
    """A Generator from an int, a SeedSequence, a Generator (returned as is) or None (fresh)."""
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(seed)


def master_seed(seed: int | None) -> int:
    """The seed to record: ``seed`` itself, or fresh entropy when it is None."""
    if seed is not None:
        check_seed(seed)
        return seed
    return int(np.random.SeedSequence().generate_state(2, np.uint64)[0] >> np.uint64(1))


def check_seed(seed: int | None) -> None:
    """Raise an InputError for a seed outside ``0 … SEED_MAX`` (None: a fresh one, fine)."""
    if seed is not None and not 0 <= seed <= SEED_MAX:
        raise InputError.one(f"seed must be between 0 and {SEED_MAX}, got {seed}", field="seed")


def block_rng(seed: int, block: int) -> np.random.Generator:
    """The generator of block ``block`` of a simulation with master seed ``seed``."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(block,)))


def blocks(runs: int) -> list[tuple[int, int, int]]:
    """``(block index, first run, stop run)`` for every block covering ``runs`` runs."""
    return [(k, start, min(start + BLOCK, runs)) for k, start in enumerate(range(0, runs, BLOCK))]
