"""The web app on a temporary store and scenarios folder, and helpers to follow its jobs."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from realpolitik.web import WebConfig, create_app

DATA = Path(__file__).parent / "data"
EIGHT = DATA / "eight.yaml"
"""Eight actors with uncertain inputs: the smp model needs about a second per 4096 runs."""

BASE = "http://127.0.0.1"


@pytest.fixture
def config(tmp_path: Path) -> WebConfig:
    return WebConfig(
        store=tmp_path / "store.duckdb",
        scenarios_dir=tmp_path / "scenarios",
        max_upload_bytes=100_000,
        max_runs=500_000,
    )


@pytest.fixture
def client(config: WebConfig) -> Iterator[TestClient]:
    with TestClient(create_app(config), base_url=BASE) as c:
        yield c


def upload(client: TestClient, path: Path, name: str | None = None) -> dict[str, Any]:
    """Upload a file through the API; the new scenario's JSON."""
    with path.open("rb") as fh:
        r = client.post("/api/scenarios", files={"file": (name or path.name, fh)})
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()
    return data


def wait(client: TestClient, job_id: str, timeout: float = 60.0) -> dict[str, Any]:
    """Poll a job until it is done, failed or cancelled; its final JSON."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state: dict[str, Any] = client.get(f"/api/jobs/{job_id}").json()
        if state["status"] in ("done", "failed", "cancelled"):
            return state
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish within {timeout} s")


def run(client: TestClient, scenario: str, **body: Any) -> dict[str, Any]:
    """Start a run through the API and wait for it."""
    r = client.post("/api/runs", json={"scenario": scenario, **body})
    assert r.status_code == 202, r.text
    return wait(client, r.json()["id"])
