"""Safety: the token, the host and origin checks, headers, local assets, the serve command."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from realpolitik.cli import app as cli
from realpolitik.web import WebConfig, create_app
from realpolitik.web.config import is_loopback
from tests.report.helpers import SMALL
from tests.web.conftest import BASE, upload

TOKEN = "s3cret-token"


@pytest.fixture
def guarded(tmp_path: Path) -> Iterator[TestClient]:
    cfg = WebConfig(
        store=tmp_path / "s.duckdb", scenarios_dir=tmp_path / "sc", token=TOKEN, loopback=False
    )
    with TestClient(create_app(cfg), base_url="http://192.0.2.10:8000") as c:
        yield c


def test_without_the_token_every_request_is_refused(guarded: TestClient) -> None:
    for path in ("/", "/api/health", "/api/scenarios", "/static/htmx.min.js", "/api/openapi.json"):
        r = guarded.get(path)
        assert r.status_code == 401, path
        assert "access token" in r.json()["detail"]
    assert guarded.get("/api/health", headers={"Authorization": "Bearer wrong"}).status_code == 401


@pytest.mark.parametrize(
    "headers",
    [{"Authorization": f"Bearer {TOKEN}"}, {"X-Realpolitik-Token": TOKEN}],
)
def test_the_token_in_a_header_opens_the_api(guarded: TestClient, headers: dict[str, str]) -> None:
    assert guarded.get("/api/health", headers=headers).status_code == 200


def test_the_token_in_the_address_sets_a_cookie_for_the_browser(guarded: TestClient) -> None:
    first = guarded.get(f"/?token={TOKEN}")
    assert first.status_code == 200
    cookie = first.headers["set-cookie"]
    assert "realpolitik_token=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert guarded.get("/api/scenarios").status_code == 200  # the cookie is sent back


def test_loopback_app_serves_only_loopback_host_names(client: TestClient) -> None:
    assert client.get("/api/health").status_code == 200
    assert client.get("/api/health", headers={"Host": "localhost:8000"}).status_code == 200
    r = client.get("/api/health", headers={"Host": "attacker.example"})
    assert r.status_code == 400  # a DNS-rebinding page cannot reach the app


def test_cross_site_posts_are_refused(client: TestClient) -> None:
    evil = {"Origin": "http://attacker.example"}
    r = client.post("/api/validate", json={"text": "x"}, headers=evil)
    assert r.status_code == 403
    assert (
        client.post("/api/validate", json={"text": "x"}, headers={"Origin": "null"}).status_code
        == 403
    )
    same = {"Origin": BASE}
    assert client.post("/api/validate", json={"text": "x"}, headers=same).status_code == 200


def test_pages_forbid_framing_sniffing_and_foreign_scripts(client: TestClient) -> None:
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["x-content-type-options"] == "nosniff"


def test_assets_are_served_from_the_package(client: TestClient) -> None:
    htmx = client.get("/static/htmx.min.js")
    assert htmx.status_code == 200
    assert "htmx" in htmx.text[:2000]
    plotly = client.get("/static/plotly.min.js")
    assert plotly.status_code == 200
    assert len(plotly.content) > 1_000_000
    sc = upload(client, SMALL)
    page = client.get(f"/scenarios/{sc['id']}").text
    sources = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert sources
    assert all(s.startswith("/static/") for s in sources)
    assert not re.search(r"<script>(?!\s*</script>)", page)  # no inline script


def test_loopback_names() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "127.0.0.2", "[::1]"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "192.168.1.5", "example.org", "::"))


def test_serve_refuses_to_listen_elsewhere_without_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REALPOLITIK_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "give an access token with --token" in result.stderr


def test_serve_refuses_a_port_in_use_and_a_store_that_is_a_folder(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = CliRunner().invoke(cli, ["serve", "--port", port, "--store", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "choose another with --port" in result.stderr
    result = CliRunner().invoke(cli, ["serve", "--port", port, "--store", str(tmp_path)])
    assert result.exit_code == 2
    assert "cannot open the results store" in result.stderr


def test_a_body_declared_too_large_is_refused_before_it_is_read(client: TestClient) -> None:
    r = client.post(
        "/upload", content=b"x", headers={"Content-Length": "5000000", "Content-Type": "text/plain"}
    )
    assert r.status_code == 413
