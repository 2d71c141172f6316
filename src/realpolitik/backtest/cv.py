"""Grouped cross-validation folds: the issues of one group never straddle two folds.

On DEU data the group is the legislative proposal: issues of one proposal
share actors, experts and a negotiation, so putting some in training and
others in test would leak the answer.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

Mask = NDArray[np.bool_]


def _unique(groups: NDArray[Any]) -> NDArray[Any]:
    """Distinct groups in order of first appearance."""
    _, first = np.unique(groups, return_index=True)
    out: NDArray[Any] = groups[np.sort(first)]
    return out


def leave_one_group_out(groups: NDArray[Any]) -> list[Mask]:
    """One test mask per group, in order of first appearance (deterministic)."""
    return [groups == g for g in _unique(groups)]


def grouped_kfold(groups: NDArray[Any], k: int, seed: int = 0) -> list[Mask]:
    """``k`` test masks: the groups shuffled with ``seed``, then cut into ``k`` near-equal parts.

    With fewer than ``k`` groups, one fold per group.
    """
    unique = _unique(groups)
    order = np.random.default_rng(seed).permutation(unique.size)
    parts = np.array_split(unique[order], min(k, unique.size))
    return [np.isin(groups, part) for part in parts]
