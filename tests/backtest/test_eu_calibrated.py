"""eu_calibrated: the model contract, procedure awareness, quantiles, coefficients files."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from realpolitik.compile import IssueArrays
from realpolitik.errors import InputError
from realpolitik.models import get_model
from realpolitik.models._eu_components import (
    COMPONENTS,
    candidates,
    components,
    dispersion,
    procedure,
    snap_to_nearest,
    voting_rule,
)
from realpolitik.models._predictive import PredictiveSpec
from realpolitik.models.base import Trajectory, weighted_mean, weighted_median
from realpolitik.models.eu_calibrated import EUCalibratedParams, calibration, shipped_path
from tests.models.contract import ModelContract, random_issue


class TestEUCalibrated(ModelContract):
    model = "eu_calibrated"
    dims = (1, 2)

    def run(self, arrays: IssueArrays, seed: int = 1) -> Trajectory:
        """Run on the issue among EU member states (the model refuses a non-EU issue)."""
        return super().run(member_states(arrays), seed)


def member_states(a: IssueArrays) -> IssueArrays:
    """The issue with every actor marked ``role: member_state``."""
    return replace(a, actor_roles=("member_state",) * a.n_actors)


def _eu_issue(proc: str, vote: str) -> IssueArrays:
    """Commission at 100, Parliament at 80, three member states; status quo 0."""
    pos = np.array([[[100.0], [80.0], [0.0], [40.0], [60.0]]])
    return IssueArrays(
        issue_id="i",
        actor_ids=("com", "ep", "de", "fr", "lu"),
        capability=np.array([[4.1, 4.1, 4.1, 2.8, 0.1]]),
        position=pos,
        salience=np.full((1, 5, 1), 0.5),
        lower=np.zeros(1),
        upper=np.full(1, 100.0),
        status_quo=np.zeros((1, 1)),
        attributes={"proc": proc, "counvte": vote},
        actor_roles=("commission", "parliament", "member_state", "member_state", "member_state"),
    )


def test_components_by_hand() -> None:
    a = _eu_issue("COD", "Unan")
    c = dict(zip(COMPONENTS, components(a)[0, 0], strict=True))
    assert c["compromise"] == pytest.approx(weighted_mean(a)[0, 0])
    assert c["mean"] == pytest.approx(56.0)  # (100 + 80 + 0 + 40 + 60) / 5
    assert c["council"] == pytest.approx(100 / 3)  # member states only: (0 + 40 + 60) / 3
    w = a.capability[:, :, None] * a.salience
    assert c["median"] == weighted_median(a.position, w)[0, 0]
    assert c["commission"] == 100.0
    assert c["parliament_cod"] == 80.0  # codecision: the Parliament's position
    assert c["parliament_other"] == c["compromise"]  # not consultation: falls back
    assert c["reference_unan"] == 0.0  # unanimity: the status quo
    assert c["reference_qmv"] == c["compromise"]


def test_procedure_and_rule_switch_components() -> None:
    c = dict(zip(COMPONENTS, components(_eu_issue("CNS", "QMV(10)"))[0, 0], strict=True))
    assert c["parliament_other"] == 80.0
    assert c["parliament_cod"] == c["compromise"]
    assert c["reference_qmv"] == 0.0
    assert c["reference_unan"] == c["compromise"]


def test_missing_facts_fall_back_to_the_compromise() -> None:
    a = replace(_eu_issue("", ""), actor_ids=("a", "b", "c", "d", "e"), status_quo=None)
    c = components(a)[0, 0]
    base = weighted_mean(a)[0, 0]
    for name in ("commission", "parliament_cod", "parliament_other", "reference_unan"):
        assert c[COMPONENTS.index(name)] == base
    assert c[COMPONENTS.index("council")] == c[COMPONENTS.index("mean")]  # all are members


def test_readers_of_procedure_and_voting_rule() -> None:
    assert procedure({"proc": "cod"}, "proc") == "codecision"
    assert procedure({"proc": "CNS"}, "proc") == "other"
    assert procedure({}, "proc") is None
    assert voting_rule({"v": "QMV"}, "v") == "qmv"
    assert voting_rule({"v": "Unanimity"}, "v") == "unanimity"
    assert voting_rule({"v": "simple"}, "v") is None


def test_dispersion_by_hand() -> None:
    a = IssueArrays(
        issue_id="i",
        actor_ids=("a", "b"),
        capability=np.array([[1.0, 1.0]]),
        position=np.array([[[0.0], [10.0]]]),
        salience=np.ones((1, 2, 1)),
        lower=np.zeros(1),
        upper=np.full(1, 10.0),
    )
    # equal weights at 0 and 10: SD 5 on a 0-10 scale = 50 points of 0-100
    assert dispersion(a)[0, 0] == pytest.approx(50.0)


def test_forecast_is_the_shipped_blend_snapped() -> None:
    a = _eu_issue("COD", "QMV")
    spec = get_model("eu_calibrated")
    out = spec.run(a, spec.make_params(), np.random.default_rng(0)).forecast
    blend = components(a)[0, 0] @ calibration().weights
    assert 40.0 < blend < 50.0  # between France (40) and the range's midpoint (50)
    assert 0 < blend - 40.0 < calibration().snap
    assert out[0, 0] == 40.0  # snapped onto France's position


def test_snap_to_nearest_by_hand() -> None:
    points = np.array([[0.0, 40.0, 60.0, np.nan], [0.0, 10.0, 20.0, 100.0]])
    forecast = np.array([50.0, 14.0])
    # a tie between 40 and 60 goes to the lower; NaN pads are never chosen
    np.testing.assert_array_equal(snap_to_nearest(forecast, points, 10.0), [40.0, 10.0])
    np.testing.assert_array_equal(snap_to_nearest(forecast, points, 5.0), [50.0, 10.0])
    np.testing.assert_array_equal(snap_to_nearest(forecast, points, 0.0), forecast)
    np.testing.assert_array_equal(snap_to_nearest(forecast, points, np.array([10, 3])), [40, 14])


def test_candidates_are_the_positions_and_their_midrange() -> None:
    a = _eu_issue("COD", "QMV")
    np.testing.assert_array_equal(candidates(a)[0, 0], [0, 40, 50, 60, 80, 100])


def test_snapping_scales_with_the_issue() -> None:
    """The threshold is in points of 0-100: the same issue on a 0-10 scale snaps the same."""
    a = _eu_issue("CNS", "Unan")
    small = replace(a, position=a.position / 10, upper=a.upper / 10, status_quo=np.zeros((1, 1)))
    spec = get_model("eu_calibrated")
    big = spec.run(a, spec.make_params(), np.random.default_rng(0)).forecast
    little = spec.run(small, spec.make_params(), np.random.default_rng(0)).forecast
    assert big[0, 0] == 40.0  # the blend, about 42, snapped onto France
    assert little[0, 0] == pytest.approx(4.0)


def test_quantiles_are_ordered_within_bounds_and_widen_with_dispersion() -> None:
    spec = get_model("eu_calibrated")
    assert isinstance(spec, PredictiveSpec)
    params = spec.make_params()
    a = member_states(random_issue(4, n=6, d=2, batch=3))
    q = spec.predict(a, params)
    assert q.values.shape == (3, q.levels.size, 2)
    assert np.all(np.diff(q.values, axis=1) >= 0)
    assert np.all((q.values >= 0) & (q.values <= 100))
    narrow = replace(a, position=50 + (a.position - 50) / 10)  # same centre, 1/10 the spread
    width = np.ptp(q.values, axis=1)
    assert np.all(np.ptp(spec.predict(narrow, params).values, axis=1) < width)


def test_bad_coefficients_file_is_an_input_error(tmp_path: Path) -> None:
    spec = get_model("eu_calibrated")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"calibration": {"weights": {}}}))
    params = EUCalibratedParams(coefficients=str(bad))
    with pytest.raises(InputError, match="not an eu_calibrated coefficients file") as exc:
        spec.run(member_states(random_issue(0)), params, np.random.default_rng(0))
    assert exc.value.problems[0].file == str(bad)
    with pytest.raises(InputError, match="cannot read"):
        spec.run(
            member_states(random_issue(0)),
            EUCalibratedParams(coefficients=str(tmp_path / "no.json")),
            np.random.default_rng(0),
        )


def test_an_alternative_coefficients_file_is_used(tmp_path: Path) -> None:
    doc = json.loads(shipped_path().read_text(encoding="utf-8"))
    doc["calibration"]["weights"] = {c: float(c == "mean") for c in COMPONENTS}
    del doc["calibration"]["snap"]  # a file without a threshold does not snap
    path = tmp_path / "mean-only.json"
    path.write_text(json.dumps(doc))
    a = member_states(random_issue(1))
    spec = get_model("eu_calibrated")
    out = spec.run(a, EUCalibratedParams(coefficients=str(path)), np.random.default_rng(0))
    assert out.forecast[0, 0] == pytest.approx(a.position[0, :, 0].mean())


def test_negative_snap_is_an_input_error(tmp_path: Path) -> None:
    doc = json.loads(shipped_path().read_text(encoding="utf-8"))
    doc["calibration"]["snap"] = -1
    path = tmp_path / "neg.json"
    path.write_text(json.dumps(doc))
    spec = get_model("eu_calibrated")
    with pytest.raises(InputError, match="snap must be >= 0"):
        spec.run(
            member_states(random_issue(0)),
            EUCalibratedParams(coefficients=str(path)),
            np.random.default_rng(0),
        )
