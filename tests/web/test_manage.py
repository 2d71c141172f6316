"""Managing runs on the web: name, note, tags, delete after a question, undo, the deleted
list, the summary as CSV, and many runs or models in one chart."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.web.conftest import run, upload
from tests.web.test_api import SMALL


def _two_runs(client: TestClient) -> tuple[str, int, int]:
    sc = upload(client, SMALL)
    a = run(client, sc["id"], model="compromise")["run_id"]
    b = run(client, sc["id"], model="median_voter")["run_id"]
    return sc["id"], a, b


def test_label_a_run_through_the_api_and_the_page(client: TestClient) -> None:
    _, a, _ = _two_runs(client)
    r = client.patch(f"/api/runs/{a}", json={"name": "Baseline", "tags": ["ec", "base"]})
    assert r.status_code == 200, r.text
    assert (r.json()["name"], r.json()["tags"]) == ("Baseline", ["base", "ec"])
    assert client.get(f"/api/runs/{a}").json()["name"] == "Baseline"
    r = client.post(
        f"/runs/{a}/label",
        data={"name": "First", "note": "with <b>defaults</b>", "tags": "x, y"},
        follow_redirects=False,
    )
    assert (r.status_code, r.headers["location"]) == (303, f"/runs/{a}?saved=1")
    page = client.get(f"/runs/{a}?saved=1").text
    assert f"Run {a}: First" in page
    assert "with &lt;b&gt;defaults&lt;/b&gt;" in page  # escaped
    assert '<span class="tag">x</span>' in page
    assert "First" in client.get("/runs").text
    bad = client.patch(f"/api/runs/{a}", json={"tags": ["two words"]})
    assert bad.status_code == 400
    assert bad.json()["problems"][0]["field"] == "tag"
    assert client.patch("/api/runs/999", json={"name": "x"}).status_code == 404


def test_delete_asks_first_then_offers_undo(client: TestClient) -> None:
    _, a, b = _two_runs(client)
    question = client.get(f"/runs/{a}/delete")
    assert question.status_code == 200
    assert f"Delete run {a}?" in question.text
    assert [r["id"] for r in client.get("/api/runs").json()] == [b, a]  # asking deletes nothing
    r = client.post(f"/runs/{a}/delete", follow_redirects=False)
    assert (r.status_code, r.headers["location"]) == (303, f"/runs?deleted={a}")
    listing = client.get(f"/runs?deleted={a}").text
    assert f'action="/runs/{a}/restore"' in listing
    assert client.get(f"/runs/{a}").status_code == 404
    assert [r["id"] for r in client.get("/api/runs/deleted").json()] == [a]
    assert f'data-run="{a}"' in client.get("/runs/deleted").text
    r = client.post(f"/runs/{a}/restore", follow_redirects=False)
    assert (r.status_code, r.headers["location"]) == (303, f"/runs/{a}")
    assert client.get(f"/runs/{a}").status_code == 200
    assert client.post(f"/runs/{a}/restore").status_code == 404  # not deleted any more


def test_api_delete_is_undone_and_ids_are_never_reused(client: TestClient) -> None:
    sid, _, b = _two_runs(client)
    assert client.delete(f"/api/runs/{b}").status_code == 204
    assert client.get(f"/api/runs/{b}").status_code == 404
    c = run(client, sid, model="compromise")["run_id"]
    assert c == b + 1  # not b again: a bookmark of /runs/{b} never shows another run
    assert client.post(f"/api/runs/{b}/restore").json()["id"] == b


def test_summary_csv_download(client: TestClient) -> None:
    _, a, _ = _two_runs(client)
    r = client.get(f"/api/runs/{a}/summary.csv")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    assert r.text.startswith("field,value\n")
    assert re.search(r"^forecast\.budget,[0-9.]+$", r.text, re.M)
    assert f'href="/api/runs/{a}/summary.csv"' in client.get(f"/runs/{a}").text


def test_many_runs_and_models_in_one_chart(client: TestClient) -> None:
    sid, a, b = _two_runs(client)
    c = run(client, sid, model="smp", seed=1)["run_id"]
    page = client.get(f"/compare/many?run={a}&run={b}&run={c}")
    assert page.status_code == 200
    assert page.text.count('class="rp-figure-spec"') == 1
    assert "median_voter" in page.text
    models = client.get(f"/scenarios/{sid}/models?model=compromise&model=smp&model=nash")
    assert models.status_code == 200, models.text
    table = re.search(r'<table class="list" id="overlay-table">(.*?)</table>', models.text, re.S)
    assert table is not None
    assert "<th>issue</th><th>compromise</th><th>smp</th><th>nash</th>" in table.group(1)
    bad = client.get(f"/scenarios/{sid}/models?model=compromise&model=eum")
    assert bad.status_code == 400
    assert bad.headers["content-type"].startswith("text/html")  # a page, not raw JSON
    assert "at most 1 dimension" in bad.text
    assert client.get("/compare/many?run=999").status_code == 404


def test_new_routes_refuse_cross_site_requests(client: TestClient) -> None:
    _, a, _ = _two_runs(client)
    evil = {"Origin": "http://evil.example"}
    assert client.patch(f"/api/runs/{a}", json={"name": "x"}, headers=evil).status_code == 403
    assert client.post(f"/runs/{a}/delete", headers=evil).status_code == 403
    assert client.post(f"/runs/{a}/restore", headers=evil).status_code == 403
    assert client.post("/new", data={"action": "save"}, headers=evil).status_code == 403
    whatif = client.post("/api/scenarios/b-minerals-deal-2025/whatif", json={}, headers=evil)
    assert whatif.status_code == 403
    assert client.get(f"/api/runs/{a}").json()["name"] is None  # nothing changed
    page = client.get("/new")
    assert "script-src 'self'" in page.headers["content-security-policy"]
