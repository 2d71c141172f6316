"""Charts show every actor, on the tables' scale; a static model's round is not one column of dots.

Before: two actors at the same position and salience were drawn one on top of
the other (Germany under the Netherlands), labels at the edge were clipped
("opean Commission"), salience was on a 0-1.2 axis beside a table "on 0-100",
and the compromise model's "round by round" was one column of dots at round 0.
"""

from __future__ import annotations

from realpolitik.report import figures as fs


def bubbles(**kw: object) -> dict:  # type: ignore[type-arg]
    fig = fs.actor_bubble_figure(
        "t",
        ["Germany", "Netherlands", "European Commission"],
        [4.0, 4.0, 10.0],
        [0.8, 0.8, 0.5],
        [16.0, 8.0, 10.0],
        bounds=(0.0, 10.0),
        **kw,  # type: ignore[arg-type]
    )
    return fig.to_plotly_json()  # type: ignore[no-any-return]


def test_actors_at_the_same_point_are_both_seen_and_named() -> None:
    trace = bubbles()["data"][0]
    x = list(trace["x"])
    assert x[0] != x[1]  # side by side, not one hidden under the other
    assert abs(x[0] - x[1]) < 0.5  # still at (nearly) their position
    assert trace["text"][0] == "Germany / Netherlands"
    assert [c[0] for c in trace["customdata"]] == ["Germany", "Netherlands", "European Commission"]
    assert [c[1] for c in trace["customdata"]][:2] == [4.0, 4.0]  # hover: the true position


def test_labels_at_the_edge_are_not_clipped() -> None:
    assert bubbles()["data"][0]["cliponaxis"] is False


def test_salience_is_on_the_scale_of_the_tables() -> None:
    fig = bubbles(salience_scale=100.0)
    assert list(fig["data"][0]["y"]) == [80.0, 80.0, 50.0]
    assert fig["layout"]["yaxis"]["range"] == [0.0, 120.0]
    assert fig["layout"]["yaxis"]["title"]["text"] == "salience (0-100)"


def test_one_round_is_drawn_actor_by_actor() -> None:
    fig = fs.trajectory_figure(
        "t", [0], {"North": [20.0], "South": [70.0], "East": [55.0]}, forecast=[41.8]
    ).to_plotly_json()
    xs = [tuple(t["x"]) for t in fig["data"]]
    assert xs == [("North",), ("South",), ("East",), ("forecast",)]  # not four dots at round 0
    assert fig["layout"]["xaxis"]["type"] == "category"
