"""The minor findings of issue 17 (item 9) on the web side: the list page reads each upload
once, booleans are not numbers, nested JSON is a 400 with problems, loopback origins."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from realpolitik.web import catalogue as catalogue_module
from tests.report.helpers import SMALL
from tests.web.conftest import upload


def test_the_list_page_reads_an_upload_again_only_when_it_changed(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [upload(client, SMALL)["id"] for _ in range(5)]
    assert client.get("/").status_code == 200
    parsed: list[str] = []
    original = catalogue_module.parse_text

    def counting(text: str, name: str) -> object:
        parsed.append(name)
        return original(text, name)

    monkeypatch.setattr(catalogue_module, "parse_text", counting)
    for _ in range(3):
        assert client.get("/").status_code == 200
        assert len(client.get("/api/scenarios").json()) >= 5
    assert parsed == []  # nothing read again: (mtime, size) unchanged
    cat = client.app.state.catalogue  # type: ignore[attr-defined]
    changed = cat.folder / f"{ids[0][2:]}.yaml"
    text = changed.read_text(encoding="utf-8").replace("Small test scenario", "Renamed")
    changed.write_text(text, encoding="utf-8")
    os.utime(changed, ns=(changed.stat().st_atime_ns, changed.stat().st_mtime_ns + 10**9))
    titles = [e["title"] for e in client.get("/api/scenarios").json()]
    assert "Renamed" in titles
    assert len(parsed) == 1  # only the changed file


@pytest.mark.parametrize(
    "body",
    [{"runs": True}, {"runs": False}, {"seed": True}, {"runs": "5"}],
)
def test_booleans_and_strings_are_not_run_counts(
    client: TestClient, body: dict[str, object]
) -> None:
    r = client.post("/api/runs", json={"scenario": "b-minerals-deal-2025", **body})
    assert r.status_code == 400
    assert r.json()["problems"]


def test_a_boolean_capability_in_an_upload_is_refused(client: TestClient) -> None:
    text = SMALL.read_text(encoding="utf-8").replace("capability: 60", "capability: true")
    r = client.post("/api/scenarios", files={"file": ("case.yaml", text.encode())})
    assert r.status_code == 400
    problem = r.json()["problems"][0]
    assert problem["field"] == "actors[0].capability"
    assert "yes/no" in problem["message"]


def test_deeply_nested_json_is_a_400_with_problems(client: TestClient) -> None:
    body = "[" * 50_000 + "]" * 50_000  # within the size limit, beyond any recursion limit
    for path in ("/api/validate", "/api/runs"):
        r = client.post(path, content=body, headers={"Content-Type": "application/json"})
        assert r.status_code == 400, path
        assert r.json()["problems"], path


def test_loopback_origins_are_aliases_on_the_same_port(client: TestClient) -> None:
    host = {"Host": "127.0.0.1:8000"}
    for origin in ("http://localhost:8000", "http://127.0.0.1:8000", "http://[::1]:8000"):
        r = client.post("/api/validate", json={"text": "x"}, headers={**host, "Origin": origin})
        assert r.status_code == 200, origin
    for origin in ("http://localhost:9999", "http://attacker.example:8000", "http://localhost:x"):
        r = client.post("/api/validate", json={"text": "x"}, headers={**host, "Origin": origin})
        assert r.status_code == 403, origin
        assert r.json()["problems"]
