"""Grouped folds: a group never straddles folds, every row is tested once."""

from __future__ import annotations

import numpy as np

from realpolitik.backtest.cv import grouped_kfold, leave_one_group_out

GROUPS = np.array(list("aabbbcddeeeefgh"))


def _check_partition(masks: list[np.ndarray]) -> None:
    total = np.sum(masks, axis=0)
    np.testing.assert_array_equal(total, np.ones(GROUPS.size))  # every row tested once
    for m in masks:
        inside, outside = set(GROUPS[m]), set(GROUPS[~m])
        assert not inside & outside  # no group on both sides


def test_leave_one_group_out() -> None:
    masks = leave_one_group_out(GROUPS)
    assert len(masks) == 8
    assert [GROUPS[m][0] for m in masks] == list("abcdefgh")  # first-appearance order
    _check_partition(masks)


def test_grouped_kfold() -> None:
    masks = grouped_kfold(GROUPS, 3, seed=1)
    assert len(masks) == 3
    _check_partition(masks)
    # groups per fold: 8 groups in 3 parts -> 3, 3, 2
    assert sorted(len(set(GROUPS[m])) for m in masks) == [2, 3, 3]
    again = grouped_kfold(GROUPS, 3, seed=1)
    assert all(np.array_equal(a, b) for a, b in zip(masks, again, strict=True))


def test_more_folds_than_groups() -> None:
    masks = grouped_kfold(np.array(["x", "y"]), 10)
    assert len(masks) == 2
