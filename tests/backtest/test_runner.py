"""Running models on cases: scores, n/a cases with reasons, distributions, the bar."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from realpolitik.backtest import runner
from realpolitik.backtest.document import backtest_document
from realpolitik.backtest.runner import run_backtest
from realpolitik.compile import IssueArrays
from realpolitik.errors import InputError
from realpolitik.models import get_model
from realpolitik.models.base import (
    ModelInfo,
    ModelSpec,
    Params,
    Trajectory,
    static_trajectory,
    weighted_mean,
)
from realpolitik.results.schemas import dump
from tests.backtest.conftest import DEU

TOLERANCE = 0.005  # the DEU README prints two decimals


def _noisy(arrays: IssueArrays, params: Params, rng: np.random.Generator) -> Trajectory:
    """The compromise forecast plus N(0, 1) noise: a stochastic model."""
    noise = rng.normal(0.0, 1.0, size=(arrays.batch, arrays.n_dims))
    return static_trajectory(arrays, weighted_mean(arrays) + noise)


def _picky(arrays: IssueArrays, params: Params, rng: np.random.Generator) -> Trajectory:
    if arrays.issue_id == "tax":
        raise InputError.one("cannot do taxes", field="issue")
    return static_trajectory(arrays, weighted_mean(arrays))


def _lost(arrays: IssueArrays, params: Params, rng: np.random.Generator) -> Trajectory:
    return static_trajectory(arrays, np.full((arrays.batch, arrays.n_dims), np.nan))


FAKES = {
    "lost": ModelSpec(
        info=ModelInfo(name="lost", title="", reference="", summary=""),
        params=Params,
        run=_lost,
    ),
    "noisy": ModelSpec(
        info=ModelInfo(name="noisy", title="", reference="", summary="", deterministic=False),
        params=Params,
        run=_noisy,
    ),
    "picky": ModelSpec(
        info=ModelInfo(name="picky", title="", reference="", summary="", max_dims=1),
        params=Params,
        run=_picky,
    ),
}


@pytest.fixture
def fakes(monkeypatch: pytest.MonkeyPatch) -> None:
    real = runner.get_model
    monkeypatch.setattr(runner, "get_model", lambda n: FAKES.get(n) or real(n))


def test_deu_baselines_through_the_backtest() -> None:
    bt = run_backtest(DEU, ["median_voter"])
    scores = {k: dump(v) for k, v in bt.scores().items()}
    assert list(scores) == ["compromise", "median_voter"]  # the bar is always run; best first
    # DEU README: compromise 24.11, capability × salience weighted median 28.91
    assert scores["compromise"]["mae"] == pytest.approx(24.11, abs=TOLERANCE)
    assert scores["median_voter"]["mae"] == pytest.approx(28.91, abs=TOLERANCE)
    assert scores["compromise"]["n"] == 172
    assert scores["median_voter"]["bar_mae"] == scores["compromise"]["mae"]
    assert scores["compromise"]["coverage"] is None


def test_model_that_cannot_run_is_na_with_its_reason(fakes: None, scenario_file: Path) -> None:
    bt = run_backtest(scenario_file, ["picky"])
    picky = bt.models["picky"]
    # 'tax' raised an InputError, 'plan' has 2 dimensions (max_dims=1): both n/a
    assert picky.reasons == {
        "tax": "cannot do taxes",
        "plan": "the model handles at most 1 dimension(s), this issue has 2",
    }
    assert np.isnan(picky.forecast).all()
    s = dump(bt.scores()["picky"])
    assert (s["n"], s["n_a"], s["mae"], s["bar_mae"]) == (0, 2, None, None)
    assert list(bt.scores())[-1] == "picky"  # no forecast: last


def test_a_nan_forecast_is_na_not_a_silent_gap(fakes: None, scenario_file: Path) -> None:
    lost = run_backtest(scenario_file, ["lost"]).models["lost"]
    assert set(lost.reasons) == {"tax", "plan"}
    assert "no finite forecast" in lost.reasons["tax"]


def test_errors_are_in_points_of_the_scale(scenario_file: Path) -> None:
    bt = run_backtest(scenario_file, ["compromise"])
    a = bt.cases.cases[0].arrays  # 'tax' on a 0-10 scale, outcome 4
    w = a.capability[0] * a.salience[0, :, 0]
    expected = abs(np.sum(w * a.position[0, :, 0]) / w.sum() - 4.0) * 10  # 0-10 -> 0-100
    r = bt.models["compromise"]
    assert bt.outcome[0] == 40.0
    assert abs(r.forecast[0] - bt.outcome[0]) == pytest.approx(expected)
    assert bt.outcome.size == 3  # tax, and the two dimensions of plan


def test_stochastic_model_gives_samples_and_a_median(fakes: None, scenario_file: Path) -> None:
    bt = run_backtest(scenario_file, ["noisy"], seed=3, draws=400)
    noisy = bt.models["noisy"]
    assert noisy.predictive is not None
    assert noisy.predictive.samples is not None
    assert noisy.predictive.samples.shape == (3, 400)
    # the point forecast is the median of the draws: within 0.2 points of the
    # compromise (noise N(0, 1) on the issue scale; 0-10 scale x10 for 'tax')
    diff = np.abs(noisy.forecast - bt.models["compromise"].forecast)
    assert diff[0] < 2.0
    assert np.all(diff[1:] < 0.2)
    s = dump(bt.scores()["noisy"])
    assert set(s["coverage"]) == {"0.5", "0.8", "0.9"}
    assert s["crps"] > 0
    again = run_backtest(scenario_file, ["noisy"], seed=3, draws=400).models["noisy"]
    np.testing.assert_array_equal(again.forecast, noisy.forecast)  # seeded


def test_unknown_model_is_an_input_error(scenario_file: Path) -> None:
    with pytest.raises(InputError, match="unknown model 'oracle'"):
        run_backtest(scenario_file, ["oracle"])


def test_document_shape(scenario_file: Path) -> None:
    doc = dump(backtest_document(run_backtest(scenario_file, ["eu_calibrated"]), True))
    assert doc["cases"] == 2
    assert doc["bar"] == "compromise"
    cal = doc["models"]["eu_calibrated"]
    for key in ("mae", "median_ae", "within10", "within20", "n", "crps"):
        assert key in cal
    assert set(cal["coverage"]) == {"0.5", "0.8", "0.9"}
    assert cal["in_sample"] is False  # not fitted on this file
    first = doc["per_case"][0]
    assert first["case"] == "tax"
    assert first["outcome"] == 4.0  # on the issue's own scale
    assert set(first["forecasts"]) == {"compromise", "eu_calibrated"}
    assert 0 <= first["forecasts"]["compromise"] <= 10


def test_calibrated_model_on_its_own_data_is_flagged_in_sample() -> None:
    s = dump(run_backtest(DEU, ["eu_calibrated"]).scores()["eu_calibrated"])
    assert s["in_sample"] is True
    assert s["fitted_on"]["file"] == "deu-1996-2000.tsv"
    assert s["cross_validated"]["mae"] > s["mae"]  # honest figures are worse than in-sample
    spec = get_model("eu_calibrated")
    assert spec.info.name == "eu_calibrated"


def test_calibrated_model_on_other_data_is_not_flagged(tmp_path: Path) -> None:
    copy = tmp_path / "deu-copy.tsv"
    lines = DEU.read_text(encoding="utf-8").splitlines(keepends=True)
    copy.write_text(
        "".join(lines[:30]), encoding="utf-8"
    )  # the first 28 issues, 27 with an outcome
    s = dump(run_backtest(copy, ["eu_calibrated"]).scores()["eu_calibrated"])
    assert s["in_sample"] is False
    assert s["n"] == 27
