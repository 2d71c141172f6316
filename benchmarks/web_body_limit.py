"""Server memory while a 200 MB chunked body is thrown at the web app (issue 17, item 1).

Starts ``realpolitik serve`` on 127.0.0.1 (a free port, a temporary store),
then, for each target (``/api/runs`` and ``/api/validate`` as JSON,
``/api/scenarios`` and ``/upload`` as multipart), opens a raw socket and sends a
200 MB body with ``Transfer-Encoding: chunked`` (no declared size), sampling
the server's resident memory (psutil) every 20 ms. It prints, per target, the
status answered, the bytes sent before the answer, the memory before and the
peak growth, and the number of files left in the server's temporary folder.

Run it with ``.venv/bin/python benchmarks/web_body_limit.py [--mb 200]``. The
guarantee (docs/reliability.md): peak growth under 50 MB, a 413, nothing written
to the temporary folder.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load_web import server

CHUNK = 64 * 1024
TARGETS = {
    "/api/runs": ("application/json", b'{"scenario":"', b'"}'),
    "/api/validate": ("application/json", b'{"text":"', b'"}'),
    "/api/scenarios": (
        "multipart/form-data; boundary=XyZ",
        b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.yaml"\r\n\r\n',
        b"\r\n--XyZ--\r\n",
    ),
    "/upload": (
        "multipart/form-data; boundary=XyZ",
        b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.yaml"\r\n\r\n',
        b"\r\n--XyZ--\r\n",
    ),
}


def _frame(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


def send_chunked(host: str, port: int, path: str, total: int) -> tuple[str, int]:
    """Send a chunked body of ``total`` bytes; the status line answered and the bytes sent."""
    ctype, head, tail = TARGETS[path]
    sent = 0
    answer = b""
    with socket.create_connection((host, port), timeout=30) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: {ctype}\r\n"
            "Transfer-Encoding: chunked\r\n\r\n".encode()
        )
        sock.sendall(_frame(head))
        frame = _frame(b"a" * CHUNK)
        sock.settimeout(0.5)
        try:
            while sent < total:
                sock.sendall(frame)
                sent += CHUNK
            sock.sendall(_frame(tail) + b"0\r\n\r\n")
        except (TimeoutError, BrokenPipeError, ConnectionResetError):
            pass
        sock.settimeout(30)
        try:
            while b"\r\n" not in answer:
                more = sock.recv(4096)
                if not more:
                    break
                answer += more
        except (TimeoutError, ConnectionResetError):
            pass
    return answer.split(b"\r\n", 1)[0].decode(errors="replace") or "(no answer)", sent


def _sample(proc: psutil.Process, stop: threading.Event, peak: list[int]) -> None:
    while not stop.is_set():
        try:
            rss = sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)])
        except psutil.Error:
            return
        peak[0] = max(peak[0], rss)
        time.sleep(0.02)


def _server_process(port: int) -> psutil.Process:
    for conn in psutil.net_connections("tcp"):
        if conn.laddr and conn.laddr.port == port and conn.status == "LISTEN" and conn.pid:
            return psutil.Process(conn.pid)
    raise RuntimeError(f"no process listens on port {port}")


def main() -> None:
    """Measure and print one line per target."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=int, default=200, help="body size in MB (default 200)")
    args = parser.parse_args()
    total = args.mb * 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp) / "tmp"
        tmpdir.mkdir()
        os.environ["TMPDIR"] = str(tmpdir)
        with server(Path(tmp) / "store.duckdb", Path(tmp) / "server.log") as base:
            host, port = base.removeprefix("http://").split(":")
            proc = _server_process(int(port))
            print(f"body {args.mb} MB chunked; limit 2,000,000 bytes (+64 KB form room)")
            for path in TARGETS:
                before = proc.memory_info().rss
                peak = [before]
                stop = threading.Event()
                sampler = threading.Thread(target=_sample, args=(proc, stop, peak))
                sampler.start()
                status, sent = send_chunked(host, int(port), path, total)
                time.sleep(0.3)
                stop.set()
                sampler.join()
                left = len(list(tmpdir.iterdir()))
                growth = (peak[0] - before) / 1e6
                print(
                    f"{path:15s} {status:28s} sent {sent / 1e6:7.1f} MB  "
                    f"rss before {before / 1e6:6.1f} MB  peak growth {growth:5.1f} MB"
                    f"  temp files {left}"
                )


if __name__ == "__main__":
    main()
