"""A model's scores over many cases: the figures a backtest table shows.

Errors are in points of a 0-100 scale (each issue's bounds mapped to 0-100),
so files with different scales can be pooled; on the DEU scale (0-100) they
are the plain errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from realpolitik.backtest import scoring
from realpolitik.backtest.scoring import LEVELS, FloatArray
from realpolitik.results.schemas import Coverage, Scores, dump, make

TOLERANCES = (10.0, 20.0)
"""Errors (points) whose shares ``within10``, ``within20`` are reported."""


@dataclass(frozen=True, kw_only=True)
class Predictive:
    """Predictive distributions of several cases, as quantiles or as samples.

    Exactly one of ``quantiles`` (with ``levels``) and ``samples`` is set.

    Attributes:
        levels: ``(K,)`` quantile levels.
        quantiles: ``(n, K)`` quantiles per case.
        samples: ``(n, m)`` draws per case.
    """

    levels: FloatArray | None = None
    quantiles: FloatArray | None = None
    samples: FloatArray | None = None

    def interval(self, coverage: float) -> FloatArray:
        """``(n, 2)`` central interval of each case."""
        if self.samples is not None:
            return scoring.sample_interval(self.samples, coverage)
        assert self.levels is not None
        assert self.quantiles is not None
        return scoring.central_interval(self.levels, self.quantiles, coverage)

    def crps(self, outcome: FloatArray) -> FloatArray:
        """``(n,)`` CRPS of each case."""
        if self.samples is not None:
            return scoring.crps_samples(self.samples, outcome)
        assert self.levels is not None
        assert self.quantiles is not None
        return scoring.crps_quantiles(self.levels, self.quantiles, outcome)

    def take(self, mask: np.ndarray[Any, Any]) -> Predictive:
        """The distributions of some cases."""
        return Predictive(
            levels=self.levels,
            quantiles=None if self.quantiles is None else self.quantiles[mask],
            samples=None if self.samples is None else self.samples[mask],
        )


def _num(x: float) -> float | None:
    return None if np.isnan(x) else round(float(x), 6)


def scores(
    forecast: FloatArray, outcome: FloatArray, predictive: Predictive | None = None
) -> Scores:
    """Scores of forecasts (points) against outcomes (points), NaN forecasts left out.

    Returns:
        ``n``, ``mae``, ``median_ae``, ``within10``, ``within20``, and, when a
        predictive distribution is given, ``coverage`` (of the central 50, 80,
        90 % intervals, keyed ``"0.5"`` ... in the JSON) and ``crps``; None where
        undefined.
    """
    ok = ~np.isnan(forecast)
    errors = scoring.absolute_error(forecast[ok], outcome[ok])
    some = bool(errors.size)
    within = {
        f"within{tol:g}": _num(scoring.within(errors, tol)) if some else None for tol in TOLERANCES
    }
    coverage, crps = None, None
    if predictive is not None and some:
        pred, y = predictive.take(ok), outcome[ok]
        covered = {
            f"{c:g}": _num(float(scoring.covered(pred.interval(c), y).mean())) for c in LEVELS
        }
        coverage = make(Coverage, **covered)
        crps = _num(float(pred.crps(y).mean()))
    return make(
        Scores,
        n=int(ok.sum()),
        mae=_num(float(errors.mean())) if some else None,
        median_ae=_num(float(np.median(errors))) if some else None,
        **within,
        coverage=coverage,
        crps=crps,
    )


def summarize(
    forecast: FloatArray, outcome: FloatArray, predictive: Predictive | None = None
) -> dict[str, Any]:
    """:func:`scores` as JSON data (what a coefficients file records)."""
    return dump(scores(forecast, outcome, predictive))
