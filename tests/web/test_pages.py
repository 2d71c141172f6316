"""The pages, as a browser without JavaScript (and htmx) would use them."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.conftest import reference_path
from tests.report.helpers import DEAL, SMALL
from tests.web.conftest import run, upload, wait

HX = {"HX-Request": "true"}


def test_index_lists_scenarios_and_upload_leads_to_the_scenario(client: TestClient) -> None:
    assert "kyoto" not in client.get("/").text
    with reference_path("bdm/cases/kyoto.csv").open("rb") as fh:
        r = client.post("/upload", files={"file": ("kyoto.csv", fh)}, follow_redirects=False)
    assert r.status_code == 303
    page = client.get(r.headers["location"])
    assert "<h1>kyoto</h1>" in page.text
    assert 'id="cell-cap-2" value="87"' in page.text  # the EU's capability, editable
    assert "saliences read on 0-100" in page.text  # the import's notices are shown
    assert 'class="rp-figure" id="fig-actors-kyoto-0"' in page.text
    assert "kyoto.csv" in client.get("/").text


def test_a_broken_upload_shows_every_problem_and_saves_nothing(client: TestClient) -> None:
    bad = b"""format: realpolitik/1
metadata: {title: B}
issues: [{id: x}]
actors:
  - id: a
    capability: 0
    stances: {x: {position: 5, salience: 2}}
"""
    r = client.post("/upload", files={"file": ("bad.yaml", bad)})
    assert r.status_code == 400
    problems = re.search(r'<div id="upload-problems">(.*?)</div>', r.text, re.S)
    assert problems is not None
    assert "line 6, <code>actors[0].capability</code>" in problems.group(1)
    assert "line 7, <code>actors[0].stances.x.salience</code>" in problems.group(1)
    assert 'class="tag tag-uploaded"' not in r.text  # nothing was kept


def test_table_problems_appear_beside_their_cells(client: TestClient) -> None:
    sc = upload(client, SMALL)
    page = client.get(f"/scenarios/{sc['id']}").text
    form = dict(re.findall(r'name="((?:cap|pos|sal)-[^"]+)" id="[^"]+" value="([^"]*)"', page))
    assert form["pos-0-plan"] == "10, 30"
    form.update({"cap-1": "-3", "sal-2-budget": "7"})
    r = client.post(f"/scenarios/{sc['id']}/table", data=form, headers=HX)
    assert r.status_code == 200  # a fragment htmx swaps in
    assert r.text.lstrip().startswith('<form id="table-form"')
    assert 'id="cell-cap-1" value="-3" size="8" aria-invalid="true"' in r.text
    cap_error = re.search(r'id="err-cap-1" role="alert">(.*?)</div>\s*</td>', r.text, re.S)
    assert cap_error is not None
    assert "capability must be greater than 0" in cap_error.group(1)
    assert "salience: 7.0 is outside [0, 1]" in r.text
    assert 'id="err-pos-0-budget"' not in r.text  # good cells carry no error
    assert client.post(f"/scenarios/{sc['id']}/table", data=form).status_code == 422
    assert client.get(f"/api/scenarios/{sc['id']}").json()["data"]["actors"][1]["capability"] == 30


def test_table_edit_is_saved_and_a_bundled_or_stored_one_becomes_a_copy(client: TestClient) -> None:
    sc = upload(client, SMALL)
    form = {"cap-0": "61", "pos-0-budget": "25", "sal-0-budget": "0.8"}
    r = client.post(f"/scenarios/{sc['id']}/table", data=form, headers=HX)
    assert "Saved." in r.text
    assert 'value="61"' in r.text
    data = client.get(f"/api/scenarios/{sc['id']}").json()["data"]
    assert (
        data["actors"][0]["capability"],
        data["actors"][0]["stances"]["budget"]["position"],
    ) == (61, 25)
    job = run(client, sc["id"])
    stored = f"r-{job['run_id']}"
    r = client.post(f"/scenarios/{stored}/table", data={"cap-0": "62"}, headers=HX)
    assert r.headers["HX-Redirect"].startswith("/scenarios/u-")
    assert "Saved as a new copy" in client.get(r.headers["HX-Redirect"]).text


def test_clearing_a_stance_removes_it(client: TestClient) -> None:
    sc = upload(client, SMALL)
    r = client.post(
        f"/scenarios/{sc['id']}/table", data={"pos-2-plan": "", "sal-2-plan": ""}, headers=HX
    )
    assert "Saved." in r.text
    data = client.get(f"/api/scenarios/{sc['id']}").json()["data"]
    assert set(data["actors"][2]["stances"]) == {"budget"}


def test_yaml_problems_are_listed_with_their_lines_beside_the_editor(client: TestClient) -> None:
    sc = upload(client, SMALL)
    broken = sc["text"].replace("capability: 30", "capability: lots")
    r = client.post(f"/scenarios/{sc['id']}/yaml", data={"text": broken}, headers=HX)
    assert r.status_code == 200
    beside = re.search(r'<div class="beside" id="yaml-problems">(.*?)</div>', r.text, re.S)
    assert beside is not None
    line = broken.splitlines().index("    capability: lots") + 1
    assert f"line {line}, <code>actors[1].capability</code>" in beside.group(1)
    assert "capability: lots" in r.text  # the user's text is kept for fixing
    ok = client.post(
        f"/scenarios/{sc['id']}/yaml", data={"text": sc["text"] + "\n# checked\n"}, headers=HX
    )
    assert "Saved." in ok.text
    assert client.get(f"/api/scenarios/{sc['id']}").json()["text"].endswith("# checked\n")


def test_run_form_leads_to_progress_then_results(client: TestClient) -> None:
    sc = upload(client, DEAL)
    r = client.post(
        f"/scenarios/{sc['id']}/run",
        data={"model": "compromise", "runs": "2048", "seed": "3"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert r.headers["location"].startswith("/jobs/")
    job_id = r.headers["location"].rsplit("/", 1)[1]
    assert 'data-job="' + job_id in client.get(r.headers["location"]).text
    state = wait(client, job_id)
    result = client.get(f"/runs/{state['run_id']}").text
    assert "Outcome distributions (2048 runs, compromise model)" in result
    assert 'id="fig-distribution-plan"' in result
    assert f'href="/api/runs/{state["run_id"]}/report"' in result


def test_bad_run_form_shows_the_reason_on_the_scenario_page(client: TestClient) -> None:
    sc = upload(client, SMALL)
    r = client.post(f"/scenarios/{sc['id']}/run", data={"model": "compromise", "runs": "many"})
    assert r.status_code == 400
    assert "runs must be a whole number, got &#39;many&#39;" in r.text


@pytest.mark.parametrize(
    ("field", "value", "needle"),
    [
        ("runs", "0", "runs must be between 1 and"),
        ("seed", "-1", "seed must be between 0 and 9223372036854775807, got -1"),
        ("seed", str(2**63), "seed must be between 0 and 9223372036854775807"),
    ],
)
def test_out_of_range_run_form_values_are_refused_not_replaced(
    client: TestClient, field: str, value: str, needle: str
) -> None:
    sc = upload(client, SMALL)
    r = client.post(f"/scenarios/{sc['id']}/run", data={"model": "compromise", field: value})
    assert r.status_code == 400
    assert needle in r.text
    assert client.get("/api/jobs").json() == []


@pytest.mark.parametrize(
    ("path", "status", "needle"),
    [
        ("/runs/999", 404, "there is no run 999"),
        ("/runs/abc", 400, "field &#39;run_id&#39;: Input should be a valid integer"),
        ("/compare?a=1", 400, "field &#39;b&#39;: Field required"),
        ("/no/such/page", 404, "Not Found"),
    ],
)
def test_a_bad_address_gives_a_page_not_raw_json(
    client: TestClient, path: str, status: int, needle: str
) -> None:
    r = client.get(path)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("text/html")
    assert needle in r.text
    assert '<a href="/runs">the list of runs</a>' in r.text


def test_compare_two_runs_side_by_side(client: TestClient) -> None:
    sc = upload(client, SMALL)
    a = run(client, sc["id"], model="compromise")["run_id"]
    b = run(client, sc["id"], model="smp", seed=1)["run_id"]
    runs_page = client.get("/runs").text
    assert f'name="a" value="{a}"' in runs_page
    assert f'name="b" value="{b}"' in runs_page
    page = client.get(f"/compare?a={a}&b={b}").text
    table = re.search(r'<table class="list" id="compare-table">(.*?)</table>', page, re.S)
    assert table is not None
    row = re.search(
        r"<tr><th>budget: forecast</th><td>([^<]+)</td><td>([^<]+)</td></tr>", table.group(1)
    )
    assert row is not None
    assert row.group(1) != row.group(2)
    assert 'id="fig-a-trajectory-budget-0"' in page
    assert 'id="fig-b-trajectory-budget-0"' in page
    assert client.get(f"/compare?a={a}&b=999").status_code == 404


def test_deleting_an_uploaded_scenario(client: TestClient) -> None:
    sc = upload(client, SMALL)
    r = client.post(f"/scenarios/{sc['id']}/delete", follow_redirects=False)
    assert (r.status_code, r.headers["location"]) == (303, "/")
    assert client.get(f"/scenarios/{sc['id']}").status_code == 404
