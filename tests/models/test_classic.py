"""Contract tests for the one-shot models, plus hand-checked values."""

from __future__ import annotations

import numpy as np

from realpolitik.models import get_model
from tests.models.contract import ModelContract, random_issue


class TestCompromise(ModelContract):
    model = "compromise"
    dims = (1, 3)


class TestMedianVoter(ModelContract):
    model = "median_voter"
    dims = (1, 3)


def test_compromise_hand_value() -> None:
    arrays = random_issue(0, n=3)
    c, s, x = arrays.capability[0], arrays.salience[0, :, 0], arrays.position[0, :, 0]
    spec = get_model("compromise")
    out = spec.run(arrays, spec.make_params(), np.random.default_rng(0))
    assert out.forecast[0, 0] == np.sum(c * s * x) / np.sum(c * s)


def test_median_voter_hand_value() -> None:
    arrays = random_issue(0, n=3)
    arrays.capability[:] = [[1.0, 1.0, 1.0]]
    arrays.salience[:] = 1.0
    arrays.position[0, :, 0] = [10.0, 90.0, 40.0]
    spec = get_model("median_voter")
    out = spec.run(arrays, spec.make_params(), np.random.default_rng(0))
    assert out.forecast[0, 0] == 40.0
