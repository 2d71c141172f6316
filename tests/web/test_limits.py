"""Request bodies are limited while they are read, whatever their framing (issue 17, item 1).

A chunked request declares no size, so the guard's ``Content-Length`` check
cannot see it; the limit is counted on the ASGI ``receive`` channel instead.
Errors never echo unbounded input.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from realpolitik.web import WebConfig, create_app
from realpolitik.web.limits import ECHO_LIMIT, shown

LIMIT = 100_000  # the client fixture's max_upload_bytes
BIG = 2_000_000  # 20 times the limit, far past the form overhead too
TOTAL = 60_000_000  # the raw-socket body: more than any socket buffer holds


def _chunks(total: int, head: bytes = b"", tail: bytes = b"", size: int = 65536) -> Iterator[bytes]:
    yield head
    sent = 0
    while sent < total:
        n = min(size, total - sent)
        yield b"a" * n
        sent += n
    yield tail


def _problems(r: object) -> list[dict[str, object]]:
    data = r.json()  # type: ignore[attr-defined]
    assert isinstance(data["problems"], list), data
    assert data["problems"], data
    return data["problems"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("path", ["/api/runs", "/api/validate"])
def test_a_chunked_json_body_over_the_limit_is_refused(client: TestClient, path: str) -> None:
    body = _chunks(BIG, b'{"scenario":"', b'"}')
    r = client.post(path, content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    assert "limit" in _problems(r)[0]["message"]  # type: ignore[operator]
    assert len(r.content) < 1000  # nothing of the body is echoed


def test_a_chunked_multipart_upload_over_the_limit_is_refused(client: TestClient) -> None:
    boundary = b"XyZ"
    head = (
        b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.yaml"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n"
    )
    tail = b"\r\n--XyZ--\r\n"
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary.decode()}"}
    r = client.post("/api/scenarios", content=_chunks(BIG, head, tail), headers=headers)
    assert r.status_code == 413
    _problems(r)
    page = client.post("/upload", content=_chunks(BIG, head, tail), headers=headers)
    assert page.status_code == 413
    assert "limit" in page.text


def test_a_body_under_the_limit_still_works_chunked(client: TestClient) -> None:
    body = _chunks(10, b'{"text":"format: x', b'"}')
    r = client.post("/api/validate", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 200
    assert r.json()["ok"] is False


def test_a_long_id_is_not_echoed_back(client: TestClient) -> None:
    long_id = "u-" + "a" * 50_000
    for path in (f"/api/scenarios/{long_id}", f"/api/jobs/{long_id}", f"/scenarios/{long_id}"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert len(r.content) < 20_000, path
    r = client.post("/api/runs", json={"scenario": "x" * 90_000})
    assert r.status_code == 404
    assert len(r.text) < 1000
    assert "90,002 characters" not in r.text or "…" in r.text


def test_shown_caps_a_value() -> None:
    assert shown("abc") == "abc"
    long = shown("x" * 1000)
    assert long.startswith("x" * ECHO_LIMIT + "…")
    assert "1,000 characters" in long


def test_a_missing_run_does_not_show_the_store_path(client: TestClient, config: WebConfig) -> None:
    for path in ("/api/runs/99", "/api/scenarios/r-99", "/runs/99"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert str(config.store) not in r.text, path
        assert str(config.store.parent) not in r.text, path


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[str, int]]:
    import uvicorn

    cfg = WebConfig(
        store=tmp_path / "s.duckdb", scenarios_dir=tmp_path / "sc", max_upload_bytes=LIMIT
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(
        uvicorn.Config(create_app(cfg), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield "127.0.0.1", port
    srv.should_exit = True
    thread.join(timeout=10)


def test_a_real_server_answers_413_while_the_chunked_body_is_still_arriving(
    live: tuple[str, int],
) -> None:
    """Raw socket, real uvicorn: the 413 comes after about the limit, not after the body."""
    host, port = live
    sent = 0
    answer = b""
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(
            f"POST /api/runs HTTP/1.1\r\nHost: {host}:{port}\r\n"
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".encode()
        )
        chunk = b"a" * 16384
        frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
        sock.setblocking(False)
        while sent < TOTAL:
            with contextlib.suppress(BlockingIOError):
                answer += sock.recv(65536)
            if answer:
                break
            try:
                sock.sendall(frame)
            except (BlockingIOError, BrokenPipeError, ConnectionResetError):
                time.sleep(0.01)
                continue
            sent += len(chunk)
        sock.settimeout(10)
        while b"\r\n\r\n" not in answer:
            more = sock.recv(65536)
            if not more:
                break
            answer += more
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    # Refused while reading: the answer came before the body's end (a few MB sit in
    # the kernel's socket buffers, so the figure sent is not the figure read).
    assert sent < TOTAL
