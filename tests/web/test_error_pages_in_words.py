"""Every error a browser can meet is a page in words, never raw JSON or programmers' wording.

Before: opening the report link of a missing run showed ``{"detail": "field
'run_id': ..."}``; ``/compare?a=1`` said "field 'b': Field required".
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

BROWSER = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/api/runs/41/report", 404, "there is no run 41 in the results store"),
        ("/api/runs/41/tables/settlement.csv", 404, "there is no run 41"),
        ("/compare?a=1", 400, "the address is missing &#39;b&#39;; go back and choose it"),
        ("/runs/abc", 400, "&#39;abc&#39; in the address is not a number"),
        ("/runs/41", 404, "there is no run 41 in the results store"),
    ],
)
def test_a_browser_gets_a_page_in_words(
    client: TestClient, url: str, status: int, words: str
) -> None:
    r = client.get(url, headers=BROWSER)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("text/html")
    assert words in r.text
    for programmers in ('{"detail"', "field &#39;", "Field required", "realpolitik runs show"):
        assert programmers not in r.text


def test_a_program_still_gets_json(client: TestClient) -> None:
    r = client.get("/api/runs/41/report", headers={"accept": "application/json"})
    assert r.status_code == 404
    assert "there is no run 41" in r.json()["detail"]
