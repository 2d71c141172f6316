"""Column sums of a long array fed in row blocks, equal to the bit to numpy's ``sum``.

``x[:, j].sum()`` on a float64 array adds with numpy's pairwise summation
(``DOUBLE_pairwise_sum`` in numpy's ``loops_utils.h.src``): up to
:data:`LEAF` values are added with eight running sums combined as
``((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))`` and the rest one by
one; a longer stretch of ``n`` values splits after ``n // 2`` rounded down to
a multiple of 8, and the two halves' sums are added. The tree depends only on
the total length ``n``, so :class:`PairwiseSum` (told ``n`` in advance) walks
it in post-order as rows arrive, keeping only the rows of the leaf it waits
for and one partial sum per open level (about ``log2(n / 128)``).

This lets a simulation summarise each block of runs as it finishes and still
report the very mean it reported when it held every run (the summaries are
part of the bit-identical results). ``tests/dynamics/test_stream.py`` checks
the equality against numpy on lengths around every branch.
"""

from __future__ import annotations

import numpy as np

from realpolitik.compile import FloatArray

LEAF = 128
"""numpy's ``PW_BLOCKSIZE``: stretches up to this length are summed without splitting."""

UNROLL = 8
"""numpy's unroll factor: eight running sums in a leaf."""

_ADD = -1


def pairwise_plan(n: int) -> list[tuple[int, int]]:
    """The summation tree of ``n`` values in post-order.

    Returns:
        ``(start, length)`` for a leaf, ``(-1, 0)`` for "add the last two sums".
    """
    plan: list[tuple[int, int]] = []
    stack: list[tuple[int, int, bool]] = [(0, n, False)]
    while stack:
        start, length, expanded = stack.pop()
        if expanded:
            plan.append((_ADD, 0))
        elif length <= LEAF:
            plan.append((start, length))
        else:
            half = length // 2
            half -= half % UNROLL
            stack.append((start, length, True))
            stack.append((start + half, length - half, False))
            stack.append((start, half, False))
    return plan


def leaf_sum(x: FloatArray) -> FloatArray:
    """numpy's sum of a leaf (at most :data:`LEAF` rows) of ``x`` ``(n, S)``, per column."""
    n = x.shape[0]
    res: FloatArray
    if n < UNROLL:
        res = np.zeros(x.shape[1:])
        for i in range(n):
            res = res + x[i]
        return res
    whole = n - n % UNROLL
    r = x[:UNROLL].copy()
    for i in range(UNROLL, whole, UNROLL):
        r += x[i : i + UNROLL]
    res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
    for i in range(whole, n):
        res = res + x[i]
    return res


class PairwiseSum:
    """Column sums of ``n`` rows fed in order, block by block (see the module docstring)."""

    def __init__(self, n: int, width: int) -> None:
        """Sum ``n`` rows of ``width`` columns."""
        self._plan = pairwise_plan(n)
        self._next = 0
        self._stack: list[FloatArray] = []
        self._rows = np.empty((0, width))
        self._first = 0  # run index of self._rows[0]
        self._seen = 0
        self._n = n
        self._width = width

    def feed(self, rows: FloatArray) -> None:
        """The next rows, in order, ``(b, width)``."""
        self._rows = np.concatenate([self._rows, np.asarray(rows, dtype=np.float64)])
        self._seen += rows.shape[0]
        self._advance()

    def _advance(self) -> None:
        end = self._first + self._rows.shape[0]
        while self._next < len(self._plan):
            start, length = self._plan[self._next]
            if start == _ADD:
                right = self._stack.pop()
                self._stack.append(self._stack.pop() + right)
            elif start + length <= end:
                lo = start - self._first
                self._stack.append(leaf_sum(self._rows[lo : lo + length]))
            else:
                break
            self._next += 1
        # only a leaf waits for rows (an add never does): keep the rows from its start
        keep_from = self._plan[self._next][0] if self._next < len(self._plan) else end
        self._rows = self._rows[keep_from - self._first :].copy()
        self._first = keep_from

    def total(self) -> FloatArray:
        """The column sums ``(width,)``, once all ``n`` rows are fed."""
        if self._seen != self._n:
            raise ValueError(f"fed {self._seen} rows of {self._n}")
        if not self._stack:  # n = 0
            return np.zeros(self._width)
        out: FloatArray = 0.0 + self._stack[0]
        return out
