"""Summaries of Monte Carlo outcomes, each with its Monte Carlo standard error.

For ``N`` independent runs of an outcome ``x``:

- mean: standard error ``sd(x) / √N``;
- quantile ``q`` (linear interpolation, ``numpy.quantile``): standard error from
  the distribution-free order-statistic interval, ``(x₍ⱼ₊₎ − x₍ⱼ₋₎) / (2 × 1.96)``
  with ``j± = N q ± 1.96 √(N q (1 − q))`` (e.g. Conover, *Practical
  Nonparametric Statistics*, 3rd ed., 1999, §3.2);
- probability that ``x`` lands in a named range ``[low, high]`` (both ends
  included): ``p̂ (1 − p̂)`` under the root, ``√(p̂ (1 − p̂) / N)``.

A multi-dimensional issue is summarised dimension by dimension (each figure is
then a list, one number per dimension); a range applies to every dimension.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from realpolitik.arrays import FloatArray
from realpolitik.results.schema_types import Quantiles, StandardErrors, Summary, make

QUANTILES: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)
"""The quantiles reported for every outcome."""

_Z = 1.959963984540054


def _jsonable(x: FloatArray) -> float | list[float]:
    flat = [float(v) for v in np.asarray(x, dtype=np.float64).ravel()]
    return flat[0] if len(flat) == 1 else flat


def quantile_stderr(sorted_x: FloatArray, q: float) -> FloatArray:
    """Standard error of the ``q`` quantile of sorted samples ``(N, d)`` (order statistics)."""
    n = sorted_x.shape[0]
    half = _Z * np.sqrt(n * q * (1 - q))
    lo = int(np.clip(np.floor(n * q - half), 0, n - 1))
    hi = int(np.clip(np.ceil(n * q + half), 0, n - 1))
    out: FloatArray = (sorted_x[hi] - sorted_x[lo]) / (2 * _Z)
    return out


def summarise(
    values: FloatArray, ranges: Mapping[str, tuple[float, float]] | None = None
) -> Summary:
    """Mean, median, quantiles and range probabilities of outcomes ``(N, d)``, with errors.

    Returns:
        The typed summary (its JSON: ``{"mean", "median", "sd", "quantiles": {"0.05":
        ...}, "probabilities": {name: p}, "stderr": {"mean", "median", "quantiles",
        "probabilities"}}``); each figure a number (one dimension) or a list (one per
        dimension).

    Raises:
        InputError: a figure is not finite (the outcomes overflowed).
    """
    x = np.asarray(values, dtype=np.float64)
    if x.ndim == 1:
        x = x[:, None]
    n = x.shape[0]
    if n == 0:
        raise ValueError("no outcomes to summarise")
    xs = np.sort(x, axis=0)
    sd = x.std(axis=0, ddof=1) if n > 1 else np.zeros(x.shape[1])
    qs = np.quantile(xs, QUANTILES, axis=0)
    probs = {
        name: np.mean((x >= lo) & (x <= hi), axis=0) for name, (lo, hi) in (ranges or {}).items()
    }
    return make(
        Summary,
        mean=_jsonable(x.mean(axis=0)),
        median=_jsonable(qs[QUANTILES.index(0.5)]),
        sd=_jsonable(sd),
        quantiles=_quantiles([qs[k] for k in range(len(QUANTILES))]),
        probabilities={name: _jsonable(p) for name, p in probs.items()},
        stderr=make(
            StandardErrors,
            mean=_jsonable(sd / np.sqrt(n)),
            median=_jsonable(quantile_stderr(xs, 0.5)),
            quantiles=_quantiles([quantile_stderr(xs, q) for q in QUANTILES]),
            probabilities={name: _jsonable(np.sqrt(p * (1 - p) / n)) for name, p in probs.items()},
        ),
    )


def _quantiles(values: list[FloatArray]) -> Quantiles:
    """The reported quantiles, one figure each, in the order of :data:`QUANTILES`."""
    return make(Quantiles, **{str(q): _jsonable(v) for q, v in zip(QUANTILES, values, strict=True)})
