"""Each figure function on data of the documented shapes: what is drawn is what was given."""

from __future__ import annotations

import pytest

from realpolitik.report import figures as fs
from realpolitik.report import figures_dynamics as fd
from realpolitik.report import figures_mc as fm
from realpolitik.report._style import parse_quantiles, quantile_pairs
from tests.report.helpers import MONTHS, quantiles

LEVELS = {q: [v] for q, v in parse_quantiles(quantiles(50.0, 5.0)).items()}


def test_quantile_pairs_widest_first_and_unpaired_levels_dropped() -> None:
    qs = parse_quantiles({"0.25": 1, "0.05": 0, "0.5": 2, "0.75": 3, "0.95": 4, "0.1": 9})
    assert list(qs) == [0.05, 0.1, 0.25, 0.5, 0.75, 0.95]
    assert quantile_pairs(qs) == [(0.05, 0.95), (0.25, 0.75)]


def test_trajectory_one_line_per_actor_and_the_forecast() -> None:
    positions = {"North": [20.0, 30.0, 35.0], "South": [70.0, 60.0, 50.0]}
    fig = fs.trajectory_figure(
        "t", [0, 1, 2], positions, forecast=[40.0, 41.0, 42.0], bounds=(0.0, 100.0)
    )
    assert [t.name for t in fig.data] == ["North", "South", "forecast"]
    assert list(fig.data[1].y) == [70.0, 60.0, 50.0]
    assert fig.data[0].mode == "lines+markers"
    assert fig.layout.xaxis.dtick == 1
    assert fig.layout.yaxis.range == (-4.0, 104.0)


def test_trajectory_of_a_static_model_is_markers_and_long_runs_drop_the_unit_tick() -> None:
    assert fs.trajectory_figure("t", [0], {"a": [1.0]}).data[0].mode == "markers"
    long = fs.trajectory_figure("t", list(range(50)), {"a": [1.0] * 50})
    assert long.layout.xaxis.dtick is None


def test_bubble_area_grows_with_capability_and_forecast_is_a_vertical_line() -> None:
    fig = fs.actor_bubble_figure(
        "b",
        ["a", "b", "c"],
        [10.0, 50.0, 90.0],
        [0.2, 0.5, 0.9],
        [1.0, 4.0, 16.0],
        forecast=42.0,
    )
    sizes = list(fig.data[0].marker.size)
    assert sizes == sorted(sizes)
    assert sizes[-1] == pytest.approx(60.0)  # the largest actor: 12 + 48
    assert sizes[1] == pytest.approx(12 + 48 * 0.5)  # area ∝ capability: √(4/16)
    assert list(fig.data[0].text) == ["a", "b", "c"]
    assert list(fig.data[1].x) == [42.0, 42.0]


def test_outcome_bands_span_their_quantiles() -> None:
    fig = fm.outcome_distribution_figure("o", ["x"], LEVELS, mean=[49.0], bounds=(0.0, 100.0))
    bands = [t for t in fig.data if t.type == "bar"]
    assert [b.name for b in bands] == ["90% band", "50% band"]
    assert list(bands[0].base) == [40.0]
    assert list(bands[0].x) == [20.0]
    assert list(bands[1].base) == [45.0]
    assert list(bands[1].x) == [10.0]
    median, mean = fig.data[-2], fig.data[-1]
    assert (median.name, list(median.x)) == ("median", [50.0])
    assert (mean.name, list(mean.x)) == ("mean", [49.0])


def test_range_probabilities_with_two_standard_errors() -> None:
    fig = fm.range_probability_figure("r", {"a: mid": 0.6, "b: low": 0.1}, stderr={"a: mid": 0.02})
    bar = fig.data[0]
    assert list(bar.x) == [0.6, 0.1]
    assert list(bar.y) == ["a: mid — 60% ± 4%", "b: low — 10%"]
    assert list(bar.error_x.array) == [0.04, 0.0]


def test_tornado_sorted_by_first_measure_with_confidence_bars() -> None:
    indices = {
        "small": {"ST": 0.1, "ST_conf": 0.01, "S1": 0.05},
        "big": {"ST": 0.7, "ST_conf": 0.02, "S1": 0.6},
        "negative": {"ST": -0.3, "ST_conf": 0.05, "S1": 0.0},
    }
    fig = fm.sensitivity_figure("s", indices, measures=["ST", "S1"])
    st, s1 = fig.data
    assert list(st.y) == ["big", "negative", "small"]
    assert list(st.x) == [0.7, -0.3, 0.1]
    assert list(st.error_x.array) == [0.02, 0.05, 0.01]
    assert s1.error_x.array is None  # no S1_conf given


def test_event_curves_name_their_median_month() -> None:
    fig = fd.event_probability_figure(
        "e", MONTHS[:3], {"settlement": [0.1, 0.3, 0.6]}, median_month={"settlement": MONTHS[2]}
    )
    assert fig.data[0].name == f"settlement (median {MONTHS[2]})"
    assert list(fig.data[0].y) == [0.1, 0.3, 0.6]
    assert fig.layout.yaxis.range == (0.0, 1.02)


def test_fan_chart_fills_between_each_pair_of_quantiles() -> None:
    qs = {0.05: [0.1, 0.2], 0.25: [0.3, 0.35], 0.5: [0.5, 0.5], 0.75: [0.6, 0.7], 0.95: [0.9, 0.95]}
    fig = fd.fan_chart_figure("g", MONTHS[:2], qs)
    lower, upper = fig.data[0], fig.data[1]
    assert list(lower.y) == [0.1, 0.2]
    assert lower.fill is None
    assert lower.showlegend is False
    assert list(upper.y) == [0.9, 0.95]
    assert upper.fill == "tonexty"
    assert [t.name for t in fig.data if t.showlegend is not False] == [
        "90% band",
        "50% band",
        "median",
    ]


def test_bargaining_range_draws_both_bounds() -> None:
    lower = {0.05: [0.5, 0.5], 0.5: [0.7, 0.6], 0.95: [0.9, 0.8]}
    upper = {0.5: [0.55, 0.65]}
    fig = fd.bargaining_range_figure("r", MONTHS[:2], lower, upper)
    named = {t.name: t for t in fig.data}
    assert list(named["L (A's minimum)"].y) == [0.7, 0.6]
    assert list(named["U (B's maximum)"].y) == [0.55, 0.65]
    assert "L (A's minimum) 90% band" in named  # U has one level only: no band


def test_lever_timeline_is_the_share_of_runs_on() -> None:
    fig = fd.lever_timeline_figure("l", MONTHS[:3], {"aid": [1.0, 0.5, 0.0], "tariff": [0, 0, 1]})
    heat = fig.data[0]
    assert list(heat.y) == ["aid", "tariff"]
    assert [list(r) for r in heat.z] == [[1.0, 0.5, 0.0], [0, 0, 1]]
    assert (heat.zmin, heat.zmax) == (0.0, 1.0)


def test_tornado_shows_the_most_influential_inputs_only() -> None:
    indices = {f"x{k}": {"mu_star": float(k)} for k in range(20)}
    fig = fm.sensitivity_figure("What moves y", indices, top=3)
    assert list(fig.data[0].y) == ["x19", "x18", "x17"]
    assert fig.layout.title.text == "What moves y — the 3 most influential of 20 inputs"
