"""The expected utility model (eum): contract, round-1 intermediates, kernels, options, limits."""

from __future__ import annotations

import json
import re
import shutil
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pydantic import ValidationError

from realpolitik.compile import IssueArrays, stack
from realpolitik.errors import InputError
from realpolitik.io.notices import collect_notices
from realpolitik.models import get_model
from realpolitik.models._eum_kernel import make_dyads, midpoint_ranks, support, win_probability
from realpolitik.models.base import Trajectory
from realpolitik.models.expected_utility import explain
from tests.conftest import reference_path
from tests.models.contract import ModelContract, random_issue
from tests.regression.test_eum_replications import load_case


def run(arrays: IssueArrays, **params: Any) -> Trajectory:
    spec = get_model("eum")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # degenerate input must not even warn
        return spec.run(arrays, spec.make_params(params), np.random.default_rng(0))


def issue(
    x: list[float], c: list[float] | None = None, s: list[float] | None = None
) -> IssueArrays:
    n = len(x)
    return IssueArrays(
        issue_id="x",
        actor_ids=tuple(f"a{i}" for i in range(n)),
        capability=np.array([c if c is not None else [1.0] * n], dtype=np.float64),
        position=np.array(x, dtype=np.float64).reshape(1, n, 1),
        salience=np.array(s if s is not None else [0.5] * n, dtype=np.float64).reshape(1, n, 1),
        lower=np.zeros(1),
        upper=np.full(1, 100.0),
    )


class TestEumContract(ModelContract):
    model = "eum"


class TestEumPaperReadingContract(ModelContract):
    model = "eum"
    params = {  # noqa: RUF012 - class-level options read by the contract
        "probability": "contest",
        "offer_choice": "smallest_move",
        "status_quo_probability": 0.5,
        "range_basis": "current",
        "stopping": "median_stable",
    }


class TestEumHighestEuContract(ModelContract):
    model = "eum"
    params = {"offer_choice": "highest_eu", "rounds": 4}  # noqa: RUF012


# -- round-1 intermediates (reference/bdm/eu_car_emissions_round1_intermediates.json) ----------

INTERMEDIATE_TOLERANCE = 1e-12
"""The intermediates are O(1) numbers; ours differ only by the order of floating-point sums."""


@pytest.fixture(scope="module")
def round1() -> tuple[Any, dict[str, Any], list[str]]:
    arrays, names = load_case("eu_car_emissions_1994.csv")
    with reference_path("bdm/eu_car_emissions_round1_intermediates.json").open() as handle:
        ref = json.load(handle)
    return explain(arrays), ref, names


def pairs(names: list[str]) -> list[tuple[int, int]]:
    return [(i, j) for i in range(len(names)) for j in range(len(names)) if i != j]


def test_round1_median_mean_range(round1: tuple[Any, dict[str, Any], list[str]]) -> None:
    details, ref, _ = round1
    assert details.median[0] == ref["median0"]
    assert details.scale[0] == ref["position_range"]
    arrays, _ = load_case("eu_car_emissions_1994.csv")
    assert run(arrays).mean[0, 0, 0] == pytest.approx(ref["mean0"], abs=1e-15)


def test_round1_probabilities(round1: tuple[Any, dict[str, Any], list[str]]) -> None:
    details, ref, names = round1
    for i, j in pairs(names):
        expected = ref["P_r1"][names[i]][names[j]]
        assert details.p_win_neutral[0, i, j] == pytest.approx(expected, abs=1e-15)


def test_round1_risk_neutral_expected_utilities(
    round1: tuple[Any, dict[str, Any], list[str]],
) -> None:
    details, ref, names = round1
    for i, j in pairs(names):
        expected = ref["EU_r1_i_challenges_j"][names[i]][names[j]]
        assert details.eu_neutral[0, i, j] == pytest.approx(expected, abs=INTERMEDIATE_TOLERANCE)


def test_round1_security_and_risk(round1: tuple[Any, dict[str, Any], list[str]]) -> None:
    details, ref, names = round1
    for k, name in enumerate(names):
        assert details.security[0, k] == pytest.approx(ref["danger_r1"][name], abs=1e-12)
        assert details.relative_security[0, k] == pytest.approx(ref["R_i"][name], abs=1e-12)
        assert details.r[0, k] == pytest.approx(ref["r_i"][name], abs=1e-12)


def test_round1_risk_adjusted_expected_utilities(
    round1: tuple[Any, dict[str, Any], list[str]],
) -> None:
    details, ref, names = round1
    for i, j in pairs(names):
        own, other = ref["EU_riskadj_from_i_perspective"][names[i]][names[j]]
        assert details.eu_own[0, i, j] == pytest.approx(own, abs=INTERMEDIATE_TOLERANCE)
        assert details.eu_other[0, i, j] == pytest.approx(other, abs=INTERMEDIATE_TOLERANCE)


def test_round1_accepted_offers(round1: tuple[Any, dict[str, Any], list[str]]) -> None:
    details, ref, names = round1
    kinds = {0: None, 1: "confrontation", 2: "compromise", 3: "capitulation"}
    for k, name in enumerate(names):
        expected = ref["round1_accepted_offers"][name]
        kind = kinds[int(details.kind[0, k])]
        if expected is None:
            assert kind is None
            assert details.proposer[0, k] == -1
            continue
        j = int(details.proposer[0, k])
        assert (kind, names[j]) == (expected["type"], expected["from"])
        assert details.to[0, k] == pytest.approx(expected["new_x"], abs=1e-12)
        assert details.eu_own[0, k, j] == pytest.approx(expected["eu_ij"], abs=1e-12)
        assert details.eu_other[0, k, j] == pytest.approx(expected["eu_ji"], abs=1e-12)


# -- kernels against their definitions ------------------------------------------------------


def brute_support(x: np.ndarray, w: np.ndarray, u: np.ndarray) -> np.ndarray:
    """``N[b, i, j] = Σ_k max(w_k (u_kj − u_ki), 0)`` the slow way, ``(B, n, n, n)``."""
    v = w[:, :, None, None] * (u[:, :, None, :] - u[:, :, :, None])
    return np.maximum(v, 0.0).sum(axis=1)


@pytest.mark.parametrize("grid", [False, True])
def test_support_factorisation_equals_the_sum_over_voters(grid: bool) -> None:
    rng = np.random.default_rng(5)
    x = np.sort(rng.integers(0, 5, (20, 9)) * 10.0 if grid else rng.uniform(0, 100, (20, 9)))
    w = rng.uniform(0, 2, (20, 9))
    r = rng.uniform(0.5, 2.0, (20, 9))
    dy = make_dyads(x, w, w, np.ptp(x, axis=1), x[:, 4])
    u = dy.d ** r[:, :, None]
    np.testing.assert_allclose(support(dy, u), brute_support(x, w, u), rtol=1e-12, atol=1e-12)


def test_all_pairs_denominator_is_every_vote_on_every_pair() -> None:
    rng = np.random.default_rng(6)
    x = np.sort(rng.uniform(0, 10, (3, 6)))
    w = rng.uniform(0, 1, (3, 6))
    dy = make_dyads(x, w, w, np.ptp(x, axis=1), x[:, 2])
    votes = support(dy, dy.d)
    v = w[:, :, None, None] * (dy.d[:, :, None, :] - dy.d[:, :, :, None])
    total = np.abs(v).sum(axis=(1, 2, 3))
    p = win_probability(votes.copy(), "all_pairs")
    np.testing.assert_allclose(p, votes / total[:, None, None], rtol=1e-12)


def test_contest_probabilities_sum_to_one() -> None:
    arrays = random_issue(3, n=8)
    x = np.sort(arrays.position[:, :, 0], axis=1)
    w = arrays.capability * arrays.salience[:, :, 0]
    dy = make_dyads(x, w, w, np.ptp(x, axis=1), x[:, 3])
    p = win_probability(support(dy, dy.d), "contest")
    off = ~np.eye(8, dtype=bool)
    np.testing.assert_allclose((p + p.swapaxes(1, 2))[0][off], 1.0, rtol=1e-12)


def test_midpoint_ranks_count_positions_strictly_left() -> None:
    x = np.array([[0.0, 10.0, 10.0, 20.0, 40.0]])
    ranks = midpoint_ranks(x)
    mid = 0.5 * (x[0][:, None] + x[0][None, :])
    np.testing.assert_array_equal(ranks[0], (x[0][None, None, :] < mid[:, :, None]).sum(axis=2))


# -- options --------------------------------------------------------------------------------


def test_params_validate() -> None:
    spec = get_model("eum")
    assert spec.make_params().rounds == 10  # type: ignore[attr-defined]
    for bad in [{"rounds": 0}, {"probability": "votes"}, {"status_quo_probability": 1.5}]:
        with pytest.raises(ValidationError):
            spec.make_params(bad)
    with pytest.raises(ValidationError):
        spec.make_params({"offer_choice": "nearest"})


def test_model_info() -> None:
    info = get_model("eum").info
    assert (info.name, info.iterative, info.max_dims, info.deterministic) == ("eum", True, 1, True)


def test_two_dimensions_are_refused_with_a_clear_error() -> None:
    with pytest.raises(InputError, match="one issue dimension at a time"):
        run(random_issue(1, d=2))


def test_each_reading_changes_the_emissions_forecast_path() -> None:
    arrays, _ = load_case("eu_car_emissions_1994.csv")
    base = run(arrays, rounds=6).median[0, :, 0]
    for option in [
        {"probability": "contest"},
        {"offer_choice": "smallest_move"},
        {"offer_choice": "highest_eu"},
        {"status_quo_probability": 0.5},
    ]:
        other = run(arrays, rounds=6, **option).median[0, :, 0]
        assert not np.allclose(other[: len(base)], base[: len(other)]), option


def test_smallest_move_takes_the_nearest_compromise() -> None:
    # Round 4 of the emissions case: Scholz's key sends Belgium to the Netherlands'
    # side (jmckib's comment); the smallest move keeps it near France.
    arrays, names = load_case("eu_car_emissions_1994.csv")
    for rule in ["eu_weighted_compromise", "smallest_move"]:
        out = run(arrays, rounds=4, offer_choice=rule)
        for t in range(1, 5):
            for rec in out.records[t]:
                assert rec["kind"] in {"confrontation", "compromise", "capitulation"}
    scholz = run(arrays, rounds=4)
    nearest = run(arrays, rounds=4, offer_choice="smallest_move")
    k = names.index("Belgium")
    assert scholz.positions[0, 4, k, 0] < 7.0 < nearest.positions[0, 4, k, 0]


def test_current_range_equals_initial_while_the_extremes_hold() -> None:
    arrays, _ = load_case("eu_car_emissions_1994.csv")  # someone stays at 4 and at 10
    a = run(arrays, rounds=5)
    b = run(arrays, rounds=5, range_basis="current")
    np.testing.assert_array_equal(a.positions, b.positions)


def test_median_stable_stops_and_says_so() -> None:
    arrays, _ = load_case("iran_election_2013.csv")  # the median stays at 5
    out = run(arrays, rounds=10, stopping="median_stable")
    assert out.rounds[0] == 1
    assert out.positions.shape[1] == 2
    assert out.notes == ["median stable at round 1: stopped"]
    assert run(arrays, rounds=10).rounds[0] == 10


# -- degenerate input -----------------------------------------------------------------------


def test_one_actor() -> None:
    out = run(issue([42.0]))
    assert out.forecast[0, 0] == 42.0
    assert out.rounds[0] == 0
    assert out.notes == ["positions converged at round 0: all actors at one position"]
    assert out.records == [[]]


def test_two_actors() -> None:
    out = run(issue([10.0, 60.0], c=[3.0, 1.0], s=[0.9, 0.4]))
    assert out.forecast[0, 0] in (10.0, 60.0)
    assert np.all((out.positions >= 10.0) & (out.positions <= 60.0))


def test_two_equal_actors_are_equally_secure() -> None:
    out = run(issue([10.0, 60.0]))
    assert out.rounds[0] == 0
    assert "equally secure" in out.notes[0]


def test_all_actors_at_one_position() -> None:
    out = run(issue([5.0, 5.0, 5.0], c=[1.0, 2.0, 3.0]))
    assert out.rounds[0] == 0
    assert out.forecast[0, 0] == 5.0
    assert out.notes == ["positions converged at round 0: all actors at one position"]


def test_convergence_later_is_reported_with_its_round() -> None:
    # Two weak flanks capitulate to a strong centre at once.
    out = run(issue([0.0, 50.0, 100.0], c=[1.0, 5.0, 1.0], s=[0.5, 0.9, 0.5]))
    assert out.rounds[0] == 1
    assert out.notes == ["positions converged at round 1: all actors at one position"]
    assert [rec["kind"] for rec in out.records[1]] == ["capitulation", "capitulation"]
    assert out.forecast[0, 0] == 50.0


@pytest.mark.parametrize("field", ["salience", "capability"])
def test_all_zero_weights(field: str) -> None:
    arrays = random_issue(2, n=5)
    zero = np.zeros_like(getattr(arrays, field))
    out = run(replace(arrays, **{field: zero}))
    assert np.isfinite(out.positions).all()
    assert np.isfinite(out.forecast).all()


def test_all_zero_saliences_move_nobody_and_say_so() -> None:
    arrays = random_issue(2, n=5)
    out = run(replace(arrays, salience=np.zeros_like(arrays.salience)))
    assert (out.positions == out.positions[:, :1]).all()
    assert out.forecast[0, 0] == np.median(arrays.position[0, :, 0])  # n = 5: one middle
    assert any("anything at stake" in note for note in out.notes)


@pytest.mark.parametrize("field", ["salience", "capability"])
def test_some_zero_weights(field: str) -> None:
    arrays = random_issue(4, n=6)
    values = getattr(arrays, field).copy()
    values[:, :2] = 0.0
    out = run(replace(arrays, **{field: values}))
    assert np.isfinite(out.positions).all()
    assert not any("anything at stake" in note for note in out.notes)
    lo, hi = arrays.position.min(), arrays.position.max()
    assert lo <= out.forecast[0, 0] <= hi


def test_an_actor_exactly_at_the_median() -> None:
    arrays = issue([0.0, 50.0, 100.0], c=[1.0, 1.0, 1.0], s=[0.6, 0.8, 0.7])
    assert explain(arrays).median[0] == 50.0
    out = run(arrays)
    assert np.isfinite(out.positions).all()
    assert 0.0 <= out.forecast[0, 0] <= 100.0


def test_batch_with_runs_stopping_at_different_rounds() -> None:
    parts = [
        issue([5.0, 5.0, 5.0]),
        issue([0.0, 50.0, 100.0], c=[1.0, 5.0, 1.0], s=[0.5, 0.9, 0.5]),
        issue([0.0, 50.0, 100.0], c=[1.0, 5.0, 1.0], s=[0.5, 0.9, 0.5]),
        random_issue(8, n=3),
    ]
    out = run(stack(parts), rounds=3)
    assert list(out.rounds) == [0, 1, 1, 3]
    assert out.notes == [
        "3 of 4 runs: positions converged at rounds 0-1: all actors at one position"
    ]
    assert out.positions.shape == (4, 4, 3, 1)
    np.testing.assert_array_equal(out.positions[0, -1], parts[0].position[0])
    np.testing.assert_array_equal(out.positions[1, -1], [[50.0]] * 3)


def test_records_are_for_run_zero_only_and_name_actors() -> None:
    out = run(random_issue(11, n=9, batch=3), rounds=3)
    assert len(out.records) == out.positions.shape[1]
    ids = {f"a{i}" for i in range(9)}
    for t, round_records in enumerate(out.records):
        for rec in round_records:
            assert set(rec) == {"actor", "from", "kind", "to"}
            assert rec["actor"] in ids
            assert rec["from"] in ids
            assert rec["actor"] != rec["from"]
            k = int(rec["actor"][1:])
            assert out.positions[0, t, k, 0] == rec["to"]


def test_risk_exponents_series() -> None:
    out = run(random_issue(12, n=7, batch=2), rounds=4)
    r = out.series["r"]
    assert r.shape == (2, out.positions.shape[1], 7)
    assert np.all(r[:, 0] == 1.0)
    assert np.all((r >= 0.5 - 1e-12) & (r <= 2.0 + 1e-12))


def test_detail_keeps_every_offer_with_its_expected_utilities() -> None:
    arrays, _ = load_case("eu_car_emissions_1994.csv")
    plain = run(arrays, rounds=2)
    detailed = run(arrays, rounds=2, detail=True)
    np.testing.assert_array_equal(plain.positions, detailed.positions)
    accepted = [r for r in detailed.records[1] if r["accepted"]]
    keys = ("actor", "from", "kind", "to")
    assert [{k: r[k] for k in keys} for r in accepted] == plain.records[1]
    belgium = accepted[0]
    assert belgium["eu_own"] == pytest.approx(-0.11483050347300794, abs=1e-12)
    assert belgium["eu_other"] == pytest.approx(0.2432965945234421, abs=1e-12)
    declined = {(r["actor"], r["from"]): r for r in detailed.records[1] if not r["accepted"]}
    # Italy offers Belgium the same compromise as France; France is listed first.
    assert declined["Belgium", "Italy"]["kind"] == "compromise"
    assert declined["Belgium", "Italy"]["to"] == belgium["to"]
    for rec in declined.values():
        assert rec["kind"] in {"confrontation", "compromise", "capitulation"}
        assert rec["eu_other"] > 0


DOC = Path(__file__).parents[2] / "docs" / "models" / "eum.md"


@pytest.mark.parametrize("code", re.findall(r"```python\n(.*?)```", DOC.read_text("utf-8"), re.S))
def test_docs_python_examples_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], code: str
) -> None:
    shutil.copy(reference_path("bdm/cases/eu_car_emissions_1994.csv"), tmp_path)
    monkeypatch.chdir(tmp_path)
    with collect_notices():
        exec(compile(code, str(DOC), "exec"), {})
    assert "7.   8.42 9.61 9.96 9.96 9.96 7.47 8.82 9.67" in capsys.readouterr().out


def test_records_cover_every_round_when_run_zero_stops_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Run 0 converges at once; the other runs (in other chunks and threads) keep going.
    batch = stack([issue([5.0, 5.0, 5.0])] + [random_issue(k, n=3) for k in range(40)])
    whole = run(batch, rounds=3)
    monkeypatch.setattr("realpolitik.models._eum_run.CHUNK_ELEMENTS", 4 * 9)  # 4 runs a chunk
    out = run(batch, rounds=3)
    assert out.rounds[0] == 0
    assert out.rounds.max() == 3
    assert out.records == [[], [], [], []]
    np.testing.assert_array_equal(out.positions, whole.positions)


def test_round_loop_median_is_the_shared_weighted_median() -> None:
    from realpolitik.models._eum_run import _median
    from realpolitik.models.base import weighted_median

    rng = np.random.default_rng(0)
    for n in range(1, 9):  # small grids: many exact ties, zero weights
        x = rng.integers(0, 5, (50, n)).astype(float)
        w = rng.integers(0, 3, (50, n)).astype(float)
        expected = weighted_median(x[:, :, None], w[:, :, None])[:, 0]
        np.testing.assert_array_equal(_median(x, w), expected)


def test_no_threads_inside_worker_processes() -> None:
    import multiprocessing

    from realpolitik.models._eum_run import default_workers

    assert 1 <= default_workers() <= 4
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        assert pool.apply(default_workers) == 1
