"""Models that also give a predictive distribution of the outcome, as quantiles.

A :class:`PredictiveSpec` is a :class:`~realpolitik.models.base.ModelSpec`
(so the registry, the CLI and the contract tests treat it like any model)
with one more function, ``predict(arrays, params) -> Quantiles``: the
quantiles of the outcome of each run of the batch. Backtests score these with
interval coverage and CRPS (:mod:`realpolitik.backtest.scoring`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from realpolitik.arrays import FloatArray
from realpolitik.compile import IssueArrays
from realpolitik.models.base import ModelSpec


def midpoint_levels(k: int) -> FloatArray:
    """The levels ``(i - 0.5) / k``, ``i = 1..k``: each stands for ``1 / k`` of the mass."""
    out: FloatArray = (np.arange(1, k + 1, dtype=np.float64) - 0.5) / k
    return out


@dataclass(frozen=True, kw_only=True)
class Quantiles:
    """A predictive distribution per run and dimension, as quantiles.

    Attributes:
        levels: ``(K,)`` increasing levels in (0, 1).
        values: ``(B, K, d)`` the outcome's quantiles, non-decreasing along ``K``.
    """

    levels: FloatArray
    values: FloatArray


PredictFn = Callable[[IssueArrays, Any], Quantiles]
FittedFn = Callable[[Any], Mapping[str, Any]]


def not_fitted(params: Any) -> Mapping[str, Any]:
    """The ``fitted`` of a model with no parameters fitted on data."""
    return {}


@dataclass(frozen=True, kw_only=True)
class PredictiveSpec(ModelSpec):
    """A model that also gives quantiles of the outcome (``predict``).

    Attributes:
        predict: ``(arrays, params) -> Quantiles``.
        fitted: ``params -> {"fitted_on": {"file", "sha256", ...},
            "cross_validated": {...}}`` for a model fitted on data (empty
            otherwise), so that a backtest on the very data it was fitted on
            is flagged as in-sample and shows the cross-validated figures.
    """

    predict: PredictFn
    fitted: FittedFn = not_fitted
