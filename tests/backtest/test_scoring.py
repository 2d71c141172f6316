"""Scoring functions against hand computations (every expected value worked out in comments)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from realpolitik.backtest import scoring
from realpolitik.models._predictive import midpoint_levels


def test_absolute_error_and_within() -> None:
    errors = scoring.absolute_error([10.0, 50.0, 0.0, 95.0], [0.0, 35.0, 20.0, 100.0])
    np.testing.assert_array_equal(errors, [10.0, 15.0, 20.0, 5.0])
    assert scoring.within(errors, 10) == 0.5  # 10 and 5
    assert scoring.within(errors, 20) == 1.0
    assert math.isnan(scoring.within([], 10))


def test_quantile_at_interpolates_between_levels() -> None:
    levels, values = [0.1, 0.5, 0.9], [[0.0, 10.0, 20.0], [5.0, 5.0, 9.0]]
    # tau 0.3 is halfway from 0.1 to 0.5: 0 + 0.5 * 10 = 5; 5 + 0.5 * 0 = 5
    np.testing.assert_allclose(scoring.quantile_at(levels, values, 0.3), [5.0, 5.0])
    # tau 0.8 is 3/4 of the way from 0.5 to 0.9: 10 + 7.5 = 17.5; 5 + 3 = 8
    np.testing.assert_allclose(scoring.quantile_at(levels, values, 0.8), [17.5, 8.0])
    # outside the grid: the end values
    np.testing.assert_allclose(scoring.quantile_at(levels, values, 0.05), [0.0, 5.0])
    np.testing.assert_allclose(scoring.quantile_at(levels, values, 0.95), [20.0, 9.0])


def test_central_interval_and_coverage() -> None:
    levels, values = [0.1, 0.5, 0.9], [[0.0, 10.0, 20.0]] * 3
    iv = scoring.central_interval(levels, values, 0.8)  # the 0.1 and 0.9 quantiles
    np.testing.assert_allclose(iv, [[0.0, 20.0]] * 3)
    # closed interval: both ends count as covered
    np.testing.assert_array_equal(scoring.covered(iv, [0.0, 20.0, 20.5]), [True, True, False])


def test_sample_interval() -> None:
    samples = np.arange(101.0)[None, :]  # 0..100: the 10 % and 90 % quantiles are 10, 90
    np.testing.assert_allclose(scoring.sample_interval(samples, 0.8), [[10.0, 90.0]])


def test_pinball_by_hand() -> None:
    # level 0.5, quantile 10: y = 4 is below, (1 - 0.5) * (10 - 4) = 3;
    # y = 14 is above, (0 - 0.5) * (10 - 14) = 2
    np.testing.assert_allclose(scoring.pinball([0.5], [[10.0], [10.0]], [4.0, 14.0]), [[3], [2]])
    # level 0.9, quantile 10, y = 14: (0 - 0.9) * (10 - 14) = 3.6
    np.testing.assert_allclose(scoring.pinball([0.9], [[10.0]], [14.0]), [[3.6]])


def test_level_weights() -> None:
    np.testing.assert_allclose(scoring.level_weights(midpoint_levels(4)), [0.25] * 4)
    # levels 0.1, 0.5, 0.9: edges 0, 0.3, 0.7, 1
    np.testing.assert_allclose(scoring.level_weights([0.1, 0.5, 0.9]), [0.3, 0.4, 0.3])


def test_crps_samples_by_hand() -> None:
    # samples {0, 10}: E|X - X'| = (0 + 10 + 10 + 0) / 4 = 5.
    # y = 5: E|X - y| = 5, CRPS = 5 - 5/2 = 2.5; y = 20: E|X - y| = 15, CRPS = 12.5
    samples = np.array([[0.0, 10.0], [10.0, 0.0]])
    np.testing.assert_allclose(scoring.crps_samples(samples, [5.0, 20.0]), [2.5, 12.5])
    # one sample: CRPS is the absolute error
    np.testing.assert_allclose(scoring.crps_samples([[3.0]], [7.0]), [4.0])


def test_crps_quantiles_of_a_normal_matches_the_closed_form() -> None:
    # CRPS(N(0, 1), y) = y (2 Φ(y) - 1) + 2 φ(y) - 1/√π (Gneiting & Raftery 2007, eq. 5)
    levels = midpoint_levels(2000)
    q = norm.ppf(levels)[None, :].repeat(3, axis=0)
    y = np.array([0.0, 1.0, -2.5])
    exact = y * (2 * norm.cdf(y) - 1) + 2 * norm.pdf(y) - 1 / np.sqrt(np.pi)
    np.testing.assert_allclose(scoring.crps_quantiles(levels, q, y), exact, atol=2e-3)
    # at y = 0 the exact value is 2 φ(0) - 1/√π = 0.23370
    assert exact[0] == pytest.approx(0.23370, abs=1e-5)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-100, 100), min_size=1, max_size=30),
    st.floats(-150, 150),
)
def test_crps_quantiles_on_the_midpoint_grid_equals_the_ensemble_crps(
    values: list[float], y: float
) -> None:
    x = np.sort(np.array(values))[None, :]
    levels = midpoint_levels(x.shape[1])
    a = scoring.crps_quantiles(levels, x, [y])
    b = scoring.crps_samples(x, [y])
    np.testing.assert_allclose(a, b, atol=1e-9)


def test_brier_and_log_score_by_hand() -> None:
    # p = 0.8: happened -> (0.2)² = 0.04; did not -> 0.8² = 0.64
    np.testing.assert_allclose(scoring.brier([0.8, 0.8], [1, 0]), [0.04, 0.64])
    # -log 0.8 = 0.22314, -log 0.2 = 1.60944
    np.testing.assert_allclose(scoring.log_score([0.8, 0.8], [1, 0]), [0.22314, 1.60944], atol=1e-5)
    # a certain miss costs -log(1e-12) = 27.631, not infinity
    np.testing.assert_allclose(scoring.log_score([0.0], [1]), [27.631], atol=1e-3)
