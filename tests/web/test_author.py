"""Building a scenario in the browser from nothing: rows added and removed, each problem
beside its field, nothing saved while a problem remains, then saved and run."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from realpolitik.web.author import Draft, check, slug

README_EXAMPLE = {
    "title": "EC car emissions standards",
    "as_of": "1994-01-01",
    "salience_scale": "100",
    "n_issues": "1",
    "n_actors": "2",
    "issue-0-id": "delay",
    "issue-0-name": "Delay before the standard applies",
    "issue-0-unit": "years",
    "issue-0-low": "immediately",
    "issue-0-high": "ten years",
    "issue-0-lo": "0",
    "issue-0-hi": "10",
    "actor-0-id": "germany",
    "actor-0-name": "Germany",
    "actor-0-cap": "16",
    "pos-0-0": "4",
    "sal-0-0": "80",
    "actor-1-id": "uk",
    "actor-1-name": "United Kingdom",
    "actor-1-cap": "16 ± 2",
    "pos-1-0": "10",
    "sal-1-0": "uniform(80, 95)",
}


def test_the_readme_example_from_a_form_is_the_readme_scenario() -> None:
    scenario = check(Draft(values=dict(README_EXAMPLE), issues=1, actors=2))
    assert scenario is not None
    assert scenario.salience_scale == 100
    [issue] = scenario.issues
    assert (issue.id, issue.low, issue.high, tuple(issue.bounds)) == (
        "delay",
        "immediately",
        "ten years",
        (0, 10),
    )
    uk = scenario.actors[1]
    assert str(uk.capability) == "16 ± 2"
    assert str(uk.stances["delay"].salience) == "uniform(80, 95)"


def test_each_problem_is_placed_beside_its_field() -> None:
    values = {
        **README_EXAMPLE,
        "actor-1-cap": "-3",
        "sal-0-0": "lots",
        "issue-0-id": "",
        "issue-0-name": "Delay: before it applies",
    }
    draft = Draft(values=values, issues=1, actors=2)
    assert check(draft) is None
    assert "capability" in draft.errors["actor-1-cap"][0]
    assert "neither a number" in draft.errors["sal-0-0"][0]
    assert draft.general == []
    assert slug("Delay: before it applies") == "delay_before_it_applies"  # the empty id's


def _post(client: TestClient, values: dict[str, str], action: str, **kw: Any) -> Any:
    return client.post("/new", data={**values, "action": action}, **kw)


def test_new_page_adds_and_removes_rows_and_keeps_what_was_typed(client: TestClient) -> None:
    page = client.get("/new")
    assert page.status_code == 200
    assert 'name="issue-0-id"' in page.text
    assert 'name="actor-1-id"' in page.text
    added = _post(client, README_EXAMPLE, "add-actor").text
    assert 'name="actor-2-id"' in added
    assert 'value="United Kingdom"' in added
    removed = _post(
        client, {**README_EXAMPLE, "n_actors": "3", "actor-2-id": "fr"}, "remove-actor-0"
    ).text
    assert 'name="actor-2-id"' not in removed
    assert 'id="f-actor-0-id" value="uk"' in removed  # the UK moved up, with its stance
    assert 'id="f-sal-0-0" value="uniform(80, 95)"' in removed


def test_check_then_save_then_run(client: TestClient) -> None:
    bad = _post(client, {**README_EXAMPLE, "actor-1-cap": "-3"}, "save")
    assert bad.status_code == 422
    assert 'id="err-actor-1-cap"' in bad.text
    assert client.get("/api/scenarios").json()[-1]["title"] != README_EXAMPLE["title"]
    ok = _post(client, README_EXAMPLE, "check")
    assert ok.status_code == 200
    assert 'id="new-ok"' in ok.text
    saved = _post(client, README_EXAMPLE, "save", follow_redirects=False)
    assert saved.status_code == 303
    sid = saved.headers["location"].split("/")[2].split("?")[0]
    data = client.get(f"/api/scenarios/{sid}").json()
    assert data["title"] == "EC car emissions standards"
    assert "salience_scale: 100" in data["text"]
    job = client.post("/api/runs", json={"scenario": sid, "model": "compromise"})
    assert job.status_code == 202


def test_upload_a_workbook_and_a_long_table_with_several_issues(client: TestClient) -> None:
    """The web's upload reads the library's multi-issue importers (tests/data/tables)."""
    from pathlib import Path

    from tests.web.conftest import upload

    tables = Path(__file__).parents[1] / "data" / "tables"
    book = upload(client, tables / "book.xlsx")
    assert book["issues"] >= 2
    assert book["name"] == "book.xlsx"
    long = upload(client, tables / "long-three-issues.csv")
    assert long["issues"] == 3
    page = client.get("/new").text
    assert "(.xlsx" in page


def test_live_check_looks_past_missing_ids() -> None:
    """While typing, a row without an id yet does not hide the problem of a field typed."""
    values = {"title": "EC", "actor-0-cap": "-1"}
    plain = Draft(values=dict(values), issues=1, actors=2)
    assert check(plain) is None
    assert "actor-0-cap" not in plain.errors  # the parser stopped at the empty ids
    live = Draft(values=dict(values), issues=1, actors=2, live=True)
    assert check(live) is None
    assert "greater than 0" in live.errors["actor-0-cap"][0]
    assert live.stand_in
