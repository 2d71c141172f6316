"""Summaries of a model's scores: NaN (n/a) left out, shares and coverage by hand."""

from __future__ import annotations

import numpy as np

from realpolitik.backtest.metrics import Predictive, summarize


def test_summary_by_hand_skips_missing_forecasts() -> None:
    forecast = np.array([10.0, np.nan, 50.0, 0.0, 95.0])
    outcome = np.array([0.0, 99.0, 35.0, 20.0, 100.0])
    s = summarize(forecast, outcome)
    # errors 10, 15, 20, 5 (the NaN is n/a)
    assert s["n"] == 4
    assert s["mae"] == 12.5
    assert s["median_ae"] == 12.5
    assert s["within10"] == 0.5
    assert s["within20"] == 1.0
    assert s["coverage"] is None
    assert s["crps"] is None


def test_coverage_and_crps_from_quantiles() -> None:
    levels = np.array([0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95])
    q = np.array([[-30, -20, -10, 0, 10, 20, 30]], dtype=float).repeat(4, axis=0)
    outcome = np.array([0.0, 15.0, 25.0, 40.0])
    s = summarize(np.zeros(4), outcome, Predictive(levels=levels, quantiles=q))
    # 50 %: [-10, 10] holds 0 -> 1/4; 80 %: [-20, 20] holds 0, 15 -> 2/4;
    # 90 %: [-30, 30] holds 0, 15, 25 -> 3/4
    assert s["coverage"] == {"0.5": 0.25, "0.8": 0.5, "0.9": 0.75}
    assert s["crps"] is not None


def test_coverage_from_samples() -> None:
    samples = np.linspace(0, 100, 101)[None, :].repeat(2, axis=0)
    s = summarize(np.full(2, 50.0), np.array([50.0, 97.0]), Predictive(samples=samples))
    # 90 % interval [5, 95]: 50 in, 97 out
    assert s["coverage"]["0.9"] == 0.5
