"""Scores of forecasts against known outcomes: points, intervals, distributions, events.

Every function is vectorised over cases (the leading axis) and returns one
score per case, so callers take means, medians or shares as they need.

- Point forecasts: absolute error.
- Interval forecasts: coverage of central intervals, read off quantiles or samples.
- Distributions: the continuous ranked probability score (CRPS), from samples
  (Gneiting & Raftery 2007, eq. 21) or from quantiles (the quantile-score
  integral, Laio & Tamea 2007; Bröcker 2012).
- Probability forecasts of events: Brier score (Brier 1950) and log score
  (Good 1952).

References:
    Gneiting, T. & Raftery, A. E. (2007). Strictly proper scoring rules,
    prediction, and estimation. JASA 102(477), 359-378.
    Laio, F. & Tamea, S. (2007). Verification tools for probabilistic
    forecasts of continuous hydrological variables. HESS 11, 1267-1277.
    Bröcker, J. (2012). Evaluating raw ensembles with the continuous ranked
    probability score. QJRMS 138, 1611-1617.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

LEVELS = (0.5, 0.8, 0.9)
"""Nominal coverages of the central intervals a backtest reports."""


def _f(x: ArrayLike) -> FloatArray:
    return np.asarray(x, dtype=np.float64)


def absolute_error(forecast: ArrayLike, outcome: ArrayLike) -> FloatArray:
    """``|forecast - outcome|`` per case."""
    return np.abs(_f(forecast) - _f(outcome))


def within(errors: ArrayLike, tolerance: float) -> float:
    """Share of errors at most ``tolerance`` (NaN when there is none)."""
    e = _f(errors)
    return float(np.mean(e <= tolerance)) if e.size else float("nan")


def quantile_at(levels: ArrayLike, values: ArrayLike, tau: float) -> FloatArray:
    """The quantile at level ``tau`` of each case, interpolated linearly between levels.

    Args:
        levels: ``(K,)`` increasing levels in (0, 1).
        values: ``(n, K)`` quantiles of each case at those levels (non-decreasing).
        tau: the level wanted; outside the grid the end values are used.

    Returns:
        ``(n,)`` quantiles.
    """
    lv, qs = _f(levels), np.atleast_2d(_f(values))
    k = int(np.searchsorted(lv, tau))
    if k <= 0:
        return qs[:, 0].copy()
    if k >= lv.size:
        return qs[:, -1].copy()
    t = (tau - lv[k - 1]) / (lv[k] - lv[k - 1])
    out: FloatArray = qs[:, k - 1] + t * (qs[:, k] - qs[:, k - 1])
    return out


def central_interval(levels: ArrayLike, values: ArrayLike, coverage: float) -> FloatArray:
    """``(n, 2)`` lower and upper ends of the central ``coverage`` interval of each case."""
    alpha = (1.0 - coverage) / 2.0
    return np.stack(
        [quantile_at(levels, values, alpha), quantile_at(levels, values, 1.0 - alpha)], axis=1
    )


def sample_interval(samples: ArrayLike, coverage: float) -> FloatArray:
    """``(n, 2)`` central ``coverage`` interval of each case's samples ``(n, m)``."""
    alpha = (1.0 - coverage) / 2.0
    q = np.quantile(np.atleast_2d(_f(samples)), [alpha, 1.0 - alpha], axis=1)
    return np.ascontiguousarray(q.T)


def covered(interval: ArrayLike, outcome: ArrayLike) -> NDArray[np.bool_]:
    """Whether each outcome lies in its closed interval ``(n, 2)``."""
    iv, y = np.atleast_2d(_f(interval)), _f(outcome)
    out: NDArray[np.bool_] = (iv[:, 0] <= y) & (y <= iv[:, 1])
    return out


def pinball(levels: ArrayLike, values: ArrayLike, outcome: ArrayLike) -> FloatArray:
    """Quantile (pinball) scores ``(n, K)``: ``(1{y < q} - tau) (q - y)``."""
    lv, qs = _f(levels), np.atleast_2d(_f(values))
    y = _f(outcome)[:, None]
    out: FloatArray = ((y < qs).astype(np.float64) - lv[None, :]) * (qs - y)
    return out


def level_weights(levels: ArrayLike) -> FloatArray:
    """The share of (0, 1) each level stands for: from midpoint to midpoint.

    For the midpoint grid ``(k - 0.5) / K`` every weight is ``1 / K``.
    """
    lv = _f(levels)
    edges = np.concatenate([[0.0], (lv[1:] + lv[:-1]) / 2.0, [1.0]])
    out: FloatArray = np.diff(edges)
    return out


def crps_quantiles(levels: ArrayLike, values: ArrayLike, outcome: ArrayLike) -> FloatArray:
    """CRPS of distributions given by quantiles: ``2 ∫ QS_tau d tau`` per case.

    The integral is a sum over the levels, each weighted by :func:`level_weights`.
    On the midpoint grid ``(k - 0.5) / K`` it equals the CRPS of the ``K``
    quantile values taken as an equally weighted ensemble (Bröcker 2012), so
    :func:`crps_samples` and this function agree there.
    """
    w = level_weights(levels)
    out: FloatArray = 2.0 * (pinball(levels, values, outcome) * w[None, :]).sum(axis=1)
    return out


def crps_samples(samples: ArrayLike, outcome: ArrayLike) -> FloatArray:
    """CRPS of the empirical distribution of samples ``(n, m)``: ``E|X - y| - E|X - X'| / 2``.

    Uses the sorted-sample identity ``E|X - X'| = 2 / m² Σ_i (2i - m - 1) x_(i)``,
    so the cost is ``O(m log m)`` per case (Gneiting & Raftery 2007, eq. 21).
    """
    x = np.sort(np.atleast_2d(_f(samples)), axis=1)
    y = _f(outcome)[:, None]
    m = x.shape[1]
    first = np.abs(x - y).mean(axis=1)
    rank = 2.0 * np.arange(1, m + 1) - m - 1
    spread = 2.0 / m**2 * (x * rank[None, :]).sum(axis=1)
    out: FloatArray = first - spread / 2.0
    return out


def brier(probability: ArrayLike, event: ArrayLike) -> FloatArray:
    """Brier score ``(p - 1{event})²`` per forecast (0 is perfect, lower is better)."""
    return (_f(probability) - _f(event)) ** 2


def log_score(probability: ArrayLike, event: ArrayLike, floor: float = 1e-12) -> FloatArray:
    """Negative log score ``-log P(what happened)`` per forecast (lower is better).

    Probabilities are clipped to ``[floor, 1 - floor]`` so a confident miss
    costs ``-log(floor)`` instead of infinity.
    """
    p = np.clip(_f(probability), floor, 1.0 - floor)
    e = _f(event).astype(bool)
    out: FloatArray = -np.log(np.where(e, p, 1.0 - p))
    return out
