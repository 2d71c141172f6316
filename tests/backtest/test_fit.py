"""Fitting eu_calibrated: the linear programmes, no leakage across folds, the shipped file."""

from __future__ import annotations

import json
from dataclasses import replace
from functools import cache

import numpy as np
import pytest

from realpolitik.backtest.cases import load_cases
from realpolitik.backtest.fit import (
    Design,
    cross_validate,
    design,
    fit_calibration,
    fit_scale,
    fit_weights,
    sha256,
)
from realpolitik.models._eu_components import COMPONENTS
from realpolitik.models.eu_calibrated import calibration, load_document, shipped_path
from tests.backtest.conftest import DEU


@cache
def _deu() -> Design:
    return design(load_cases(DEU).cases)


def _subset(d: Design, groups: int) -> Design:
    keep = np.isin(d.groups, list(dict.fromkeys(d.groups))[:groups])
    fields = ("case_ids", "groups", "comps", "y", "disp", "lo", "hi", "cands")
    return replace(d, **{f: getattr(d, f)[keep] for f in fields})


def test_weights_recover_an_exact_component() -> None:
    rng = np.random.default_rng(0)
    comps = rng.uniform(0, 100, size=(60, len(COMPONENTS)))
    y = comps[:, 2].copy()  # the outcome is exactly component 2
    w = fit_weights(comps, y, penalty=0.0)
    np.testing.assert_allclose(w, np.eye(len(COMPONENTS))[2], atol=1e-7)
    # a penalty larger than any gain keeps the compromise model (component 0)
    gain = np.abs(comps[:, 0] - y).mean()
    w = fit_weights(comps, y, penalty=gain)
    np.testing.assert_allclose(w, np.eye(len(COMPONENTS))[0], atol=1e-7)


def test_weights_are_a_convex_combination() -> None:
    d = _deu()
    w = fit_weights(d.comps, d.y, 0.0)
    assert np.all(w >= 0)
    assert w.sum() == pytest.approx(1.0)


def test_scale_recovers_an_exact_line() -> None:
    disp = np.linspace(0, 40, 30)
    a, b = fit_scale(disp, 2.0 + 0.5 * disp)
    assert (a, b) == (pytest.approx(2.0, abs=1e-7), pytest.approx(0.5, abs=1e-7))


def test_shipped_coefficients_are_what_the_fit_gives() -> None:
    """The shipped file is reproducible: refitting on DEU gives the same numbers (1e-9)."""
    fit = fit_calibration(_deu())
    shipped = calibration()
    np.testing.assert_allclose(fit.calibration.weights, shipped.weights, atol=1e-9)
    np.testing.assert_allclose(fit.calibration.scale, shipped.scale, atol=1e-9)
    np.testing.assert_allclose(fit.calibration.z, shipped.z, atol=1e-9)
    assert fit.calibration.snap == shipped.snap
    assert fit.penalty == load_document()["penalty"]


def test_shipped_file_describes_its_data_and_honest_scores() -> None:
    doc = json.loads(shipped_path().read_text(encoding="utf-8"))
    fitted = doc["fitted_on"]
    assert fitted["file"] == "deu-1996-2000.tsv"
    assert fitted["sha256"] == sha256(DEU)
    assert (fitted["issues"], fitted["scored"], fitted["proposals"]) == (173, 172, 69)
    cv = doc["cross_validated"]
    # the claims of docs/backtest.md: nested CV beats the bar, 80 % intervals cover 75-85 %
    assert cv["eu_calibrated"]["mae"] < cv["compromise"]["mae"]
    assert 0.75 <= cv["eu_calibrated"]["coverage"]["0.8"] <= 0.85
    assert cv["compromise"]["mae"] == pytest.approx(24.11, abs=0.005)  # DEU README
    assert doc["in_sample"]["mae"] < cv["eu_calibrated"]["mae"]


@pytest.mark.slow
def test_cross_validation_never_sees_the_held_out_outcomes() -> None:
    """Changing the outcomes of one proposal changes no out-of-fold forecast of it."""
    d = _subset(_deu(), 8)
    first = d.groups == d.groups[0]
    poisoned = replace(d, y=np.where(first, 100.0 - d.y, d.y))
    a, b = cross_validate(d), cross_validate(poisoned)
    np.testing.assert_array_equal(a.points[first], b.points[first])
    np.testing.assert_array_equal(a.quantiles[first], b.quantiles[first])
    assert len(a.penalties) == 8  # one outer fold per proposal
    assert len(a.snaps) == 8
    assert np.all(np.diff(a.quantiles, axis=1) >= 0)
