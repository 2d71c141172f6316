"""Every endpoint of the JSON API, with good and bad input."""

from __future__ import annotations

import time
from importlib import resources
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from realpolitik.models import get_model
from realpolitik.store import open_store
from realpolitik.web import WebConfig
from tests.conftest import reference_path
from tests.report.helpers import DEAL, DYNAMIC, SMALL
from tests.web.conftest import EIGHT, run, upload, wait

KYOTO = reference_path("bdm/cases/kyoto.csv")
BUNDLED = Path(str(resources.files("realpolitik") / "data" / "scenarios"))
BROKEN = b"""format: realpolitik/1
metadata:
  title: Broken
issues:
  - id: x
actors:
  - id: a
    capability: -5
    stances:
      x: {position: 150, salience: 0.5}
"""


def test_health_and_models(client: TestClient) -> None:
    assert client.get("/api/health").json()["status"] == "ok"
    models = client.get("/api/models").json()
    names = [m["name"] for m in models]
    assert names[:2] == ["compromise", "median_voter"]
    smp = next(m for m in models if m["name"] == "smp")
    assert smp["options"] == sorted(get_model("smp").params.model_fields)


def test_openapi_documents_every_endpoint(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    paths = spec["paths"]
    for path in (
        "/api/scenarios",
        "/api/scenarios/{sid}",
        "/api/validate",
        "/api/runs",
        "/api/runs/{run_id}",
        "/api/runs/{run_id}/report",
        "/api/jobs/{job_id}",
        "/api/jobs/{job_id}/cancel",
        "/api/jobs/{job_id}/events",
        "/api/models",
    ):
        assert path in paths
    assert not any(p.startswith("/scenarios") for p in paths)  # pages are not API
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert "/api/runs/{run_id}/report" in page.text


def test_bundled_scenarios_are_listed_and_read_only(client: TestClient) -> None:
    bundled = sorted(p.stem for p in BUNDLED.glob("*.yaml"))
    listed = [e for e in client.get("/api/scenarios").json() if e["source"] == "bundled"]
    assert [e["id"] for e in listed] == [f"b-{name}" for name in bundled]
    for entry in listed:
        sc = client.get(f"/api/scenarios/{entry['id']}").json()
        assert sc["editable"] is False
        assert sc["text"] == (BUNDLED / entry["name"]).read_text(encoding="utf-8")
        copy = client.put(f"/api/scenarios/{entry['id']}", json={"text": sc["text"]}).json()
        assert copy["id"].startswith("u-")  # saved as a copy, the original is untouched
        assert client.delete(f"/api/scenarios/{entry['id']}").status_code == 404


def test_upload_a_reference_case_keeps_its_name_and_notices(client: TestClient) -> None:
    sc = upload(client, KYOTO)
    assert sc["id"].startswith("u-")
    assert (sc["title"], sc["source"], sc["name"], sc["actors"]) == (
        "kyoto",
        "uploaded",
        "kyoto.csv",
        13,
    )
    assert any("saliences read on 0-100" in n for n in sc["notices"])
    assert "/tmp" not in " ".join(sc["notices"])  # never a path on the server
    listed = client.get("/api/scenarios").json()
    assert [e["id"] for e in listed if e["source"] == "uploaded"] == [sc["id"]]
    again = client.get(f"/api/scenarios/{sc['id']}").json()
    assert again["data"]["actors"][0]["id"] == "Australia"


def test_broken_upload_lists_every_problem_with_line_and_field(client: TestClient) -> None:
    r = client.post("/api/scenarios", files={"file": ("broken.yaml", BROKEN)})
    assert r.status_code == 400
    problems = r.json()["problems"]
    assert [(p["line"], p["field"]) for p in problems] == [
        (8, "actors[0].capability"),
        (10, "actors[0].stances.x.position"),
    ]
    assert {p["file"] for p in problems} == {"broken.yaml"}
    listed = client.get("/api/scenarios").json()
    assert [e for e in listed if e["source"] != "bundled"] == []  # nothing was kept


@pytest.mark.parametrize(
    ("name", "content", "status", "needle"),
    [
        ("model.exe", b"MZ", 400, "unsupported file type '.exe'"),
        ("sheet.csv", b"PK\x03\x04binary", 400, "save or export it as CSV"),
        ("empty.yaml", b"", 400, "the file is empty"),
        ("big.yaml", b"#" * 100_001, 413, "larger than the limit"),
        ("evil.yaml", b"!!python/object/apply:os.system ['echo pwned']\n", 400, "not valid YAML"),
    ],
)
def test_bad_uploads_are_refused_with_a_reason(
    client: TestClient, name: str, content: bytes, status: int, needle: str
) -> None:
    r = client.post("/api/scenarios", files={"file": (name, content)})
    assert r.status_code == status
    assert needle in r.json()["detail"]


def test_upload_file_names_never_become_paths(
    client: TestClient, config: WebConfig, tmp_path: Path
) -> None:
    sc = upload(client, SMALL, name="../../../outside.yaml")
    assert sc["name"] == "outside.yaml"
    assert not (tmp_path.parent / "outside.yaml").exists()
    files = sorted(p.name for p in config.scenarios_dir.iterdir())
    key = sc["id"][2:]
    assert files == [f"{key}.json", f"{key}.yaml"]


@pytest.mark.parametrize("sid", ["u-../../etc/passwd", "b-..", "r-99", "u-" + "0" * 32, "x"])
def test_unknown_scenario_ids_are_404(client: TestClient, sid: str) -> None:
    assert client.get(f"/api/scenarios/{sid}").status_code == 404


def test_replace_validate_and_delete_a_scenario(client: TestClient) -> None:
    sc = upload(client, SMALL)
    text = sc["text"].replace("capability: 60", "capability: 65")
    r = client.put(f"/api/scenarios/{sc['id']}", json={"text": text})
    assert r.status_code == 200
    assert r.json()["id"] == sc["id"]
    assert r.json()["data"]["actors"][0]["capability"] == 65
    bad = client.put(f"/api/scenarios/{sc['id']}", json={"text": BROKEN.decode()})
    assert bad.status_code == 400
    assert bad.json()["problems"][0]["field"] == "actors[0].capability"
    check = client.post("/api/validate", json={"text": BROKEN.decode(), "name": "b.yaml"}).json()
    assert check["ok"] is False
    assert check["problems"][1]["line"] == 10
    assert client.post("/api/validate", json={"text": text}).json() == {"ok": True, "problems": []}
    assert client.delete(f"/api/scenarios/{sc['id']}").status_code == 204
    assert client.get(f"/api/scenarios/{sc['id']}").status_code == 404
    assert client.delete(f"/api/scenarios/{sc['id']}").status_code == 404


def test_one_run_is_stored_and_reported(client: TestClient) -> None:
    sc = upload(client, SMALL)
    job = run(client, sc["id"], model="smp", seed=4)
    assert job["status"] == "done", job
    run_id = job["run_id"]
    listed = client.get("/api/runs").json()
    assert [r["id"] for r in listed] == [run_id]
    assert listed[0]["summary"] is None
    record = client.get(f"/api/runs/{run_id}").json()
    assert (record["kind"], record["model"], record["seed"]) == ("run", "smp", 4)
    assert set(record["summary"]["forecast"]) == {"budget", "plan"}
    report = client.get(f"/api/runs/{run_id}/report")
    assert report.headers["content-type"].startswith("text/html")
    assert 'id="fig-trajectory-plan-0"' in report.text
    stored = [e for e in client.get("/api/scenarios").json() if e["source"] == "stored"]
    assert [e["id"] for e in stored] == [f"r-{run_id}"]
    copy = client.put(f"/api/scenarios/r-{run_id}", json={"text": sc["text"]})
    assert copy.json()["id"].startswith("u-")  # a stored scenario is saved as a copy
    assert client.delete(f"/api/runs/{run_id}").status_code == 204
    assert client.get(f"/api/runs/{run_id}").status_code == 404
    assert client.get(f"/api/runs/{run_id}/report").status_code == 404


def test_monte_carlo_run_has_distributions(client: TestClient) -> None:
    sc = upload(client, DEAL)
    job = run(client, sc["id"], runs=2048, seed=1)
    assert job["status"] == "done"
    assert job["done"] == job["total"] == 2048
    summary = client.get(f"/api/runs/{job['run_id']}").json()["summary"]
    assert summary["runs"] == 2048
    assert set(summary["issues"]["deal"]["quantiles"]) == {"0.05", "0.25", "0.5", "0.75", "0.95"}


def test_a_war_scenario_runs_month_by_month(client: TestClient) -> None:
    sc = upload(client, DYNAMIC)
    job = run(client, sc["id"], runs=1024, seed=2)
    assert job["status"] == "done", job
    record = client.get(f"/api/runs/{job['run_id']}").json()
    assert (record["kind"], record["runs"], record["seed"]) == ("dynamics", 1024, 2)
    assert "settlement" in record["summary"]["events"]
    page = client.get(f"/runs/{job['run_id']}").text
    for key in ("events", "ground", "range", "levers", "levers-effect-0", "actors-line-0"):
        assert f'id="fig-{key}"' in page


def test_a_war_run_uses_the_chosen_model_for_the_static_issues(client: TestClient) -> None:
    sc = upload(client, DYNAMIC)
    job = run(client, sc["id"], runs=256, seed=2, model="median_voter")
    assert job["status"] == "done", job
    record = client.get(f"/api/runs/{job['run_id']}").json()
    assert record["model"] == "median_voter"
    assert record["summary"]["model"] == "median_voter"


@pytest.mark.parametrize(
    ("body", "status", "needle"),
    [
        ({"model": "oracle"}, 400, "unknown model 'oracle'"),
        ({"runs": 0}, 400, "greater than or equal to 1"),
        ({"runs": 10_000_000}, 400, "runs must be between 1 and 500000"),
        ({"seed": -1}, 400, "greater than or equal to 0"),
        ({"seed": 2**63}, 400, "less than or equal to 9223372036854775807"),
    ],
)
def test_bad_run_requests_are_refused_before_queueing(
    client: TestClient, body: dict[str, object], status: int, needle: str
) -> None:
    sc = upload(client, SMALL)
    r = client.post("/api/runs", json={"scenario": sc["id"], **body})
    assert r.status_code == status
    assert needle in r.json()["detail"]
    assert [p["field"] for p in r.json()["problems"]] == [next(iter(body))]
    assert client.get("/api/jobs").json() == []


def test_an_unknown_model_for_a_war_is_refused_before_queueing(client: TestClient) -> None:
    sc = upload(client, DYNAMIC)
    r = client.post("/api/runs", json={"scenario": sc["id"], "model": "oracle", "runs": 10})
    assert r.status_code == 400
    assert "unknown model 'oracle'" in r.json()["detail"]
    assert client.get("/api/jobs").json() == []


def test_a_malformed_address_under_the_api_is_a_400_with_its_problems(client: TestClient) -> None:
    r = client.get("/api/runs/abc")
    assert r.status_code == 400
    problem = r.json()["problems"][0]
    assert problem["field"] == "run_id"
    assert "valid integer" in problem["message"]


def test_a_failing_run_shows_its_error_and_the_app_goes_on(client: TestClient) -> None:
    sc = upload(client, SMALL)
    failed = run(client, sc["id"], model="eum")  # 'plan' has two dimensions
    assert failed["status"] == "failed"
    assert "the eum model handles at most 1 dimension(s)" in failed["error"]
    assert client.get("/api/runs").json() == []  # nothing half-stored
    assert run(client, sc["id"], model="compromise")["status"] == "done"


def test_a_long_run_can_be_cancelled_and_leaves_nothing_behind(client: TestClient) -> None:
    sc = upload(client, EIGHT)
    r = client.post("/api/runs", json={"scenario": sc["id"], "model": "smp", "runs": 409_600})
    job_id = r.json()["id"]
    deadline = time.monotonic() + 30
    while client.get(f"/api/jobs/{job_id}").json()["status"] != "running":
        assert time.monotonic() < deadline
        time.sleep(0.02)
    state = client.post(f"/api/jobs/{job_id}/cancel").json()
    assert state["cancelling"] is True
    final = wait(client, job_id)
    assert final["status"] == "cancelled"
    assert final["done"] < 409_600
    assert client.get("/api/runs").json() == []  # the incomplete run was removed


def test_a_war_run_commits_its_blocks_as_it_goes(client: TestClient, config: WebConfig) -> None:
    """A long war run is in the store, resumable, before it ends; a cancel removes it."""
    sc = upload(client, DYNAMIC)
    job_id = client.post("/api/runs", json={"scenario": sc["id"], "runs": 500_000}).json()["id"]
    deadline = time.monotonic() + 60
    committed: dict[int, object] = {}
    while not committed:
        assert time.monotonic() < deadline, "no block was committed within 60 s"
        time.sleep(0.1)
        store = open_store(config.store)
        unfinished = [r for r in store.list() if not r.complete]
        committed = store.digests(unfinished[0].id) if unfinished else {}
    assert unfinished[0].kind == "dynamics"
    assert client.post(f"/api/jobs/{job_id}/cancel").json()["cancelling"] is True
    assert wait(client, job_id)["status"] == "cancelled"
    assert client.get("/api/runs").json() == []  # the incomplete run was removed


def test_progress_is_streamed_as_server_sent_events(client: TestClient) -> None:
    sc = upload(client, DEAL)
    job_id = client.post("/api/runs", json={"scenario": sc["id"], "runs": 8192}).json()["id"]
    with client.stream("GET", f"/api/jobs/{job_id}/events") as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        text = "".join(stream.iter_text())
    events = [line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("event: ")]
    assert events[0] == "progress"
    assert events[-1] == "done"
    assert '"done": 8192' in text.split("event: done", 1)[1]


def test_jobs_list_and_unknown_jobs(client: TestClient) -> None:
    sc = upload(client, SMALL)
    job = run(client, sc["id"])
    assert [j["id"] for j in client.get("/api/jobs").json()] == [job["id"]]
    for path in ("/api/jobs/nope", "/api/jobs/nope/events"):
        assert client.get(path).status_code == 404
    assert client.post("/api/jobs/nope/cancel").status_code == 404
