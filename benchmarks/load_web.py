"""Load test of the web app on loopback: throughput, errors, lost results, responsiveness.

Usage::

    .venv/bin/python benchmarks/load_web.py [--requests 3000] [--clients 8] [--seed 1]

Starts ``realpolitik serve`` on 127.0.0.1 (a free port, a temporary store) in
a child process, then:

1. **load**: ``--requests`` requests from ``--clients`` concurrent clients
   (threads, one ``httpx`` client each), a seeded mix of pages (``/``, a
   scenario page, ``/runs``), API reads (scenarios, models, runs, one scenario,
   health), scenario uploads and small Monte Carlo simulations started through
   the JSON API; every request has an expected status (200, 201, 202);
2. **results**: waits for every simulation to finish, stops the server and
   reads the store file: each simulation started must be there, complete,
   with its run count (matched by its unique seed);
3. **responsiveness**: starts one long simulation (smp, 8 actors, 200,000
   runs), asks for the index page while it runs, then cancels it.

Prints throughput, error rate (any unexpected status or exception), 5xx
count, latency percentiles per kind of request, results lost, and the index
latency during the long run. Only loopback addresses are used; every request
has a 30 s timeout. The short mode (300 requests) runs in the test suite:
``tests/reliability/test_web_load.py``.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from realpolitik.store import Store  # noqa: E402

HOST = "127.0.0.1"
TIMEOUT_S = 30.0
MIX = {"page": 0.35, "read": 0.35, "upload": 0.15, "simulate": 0.15}
"""Share of each kind of request."""
EXPECTED = {"page": 200, "read": 200, "upload": 201, "simulate": 202}
LONG_RUNS = 200_000
"""Runs of the long simulation (smp on eight actors: about a minute; it is cancelled)."""


@dataclass(frozen=True)
class Sample:
    """One request: its kind, status (None: no answer), seconds, and what went wrong."""

    kind: str
    status: int | None
    seconds: float
    error: str | None = None


@dataclass
class LoadReport:
    """Figures of a load test."""

    requests: int = 0
    clients: int = 0
    seconds: float = 0.0
    samples: list[Sample] = field(default_factory=list)
    simulations: dict[int, int] = field(default_factory=dict)
    """Seed -> runs of every simulation started."""
    complete: int = 0
    lost: list[int] = field(default_factory=list)
    failed_jobs: list[str] = field(default_factory=list)
    index_during_long_run: list[float] = field(default_factory=list)
    long_run_status: str = ""
    long_run_done: int = 0
    server_log: str = ""

    @property
    def errors(self) -> list[Sample]:
        """Requests with an unexpected status or no answer."""
        return [s for s in self.samples if s.error is not None]

    @property
    def server_errors(self) -> int:
        """Answers with a 5xx status."""
        return sum(1 for s in self.samples if s.status is not None and s.status >= 500)

    @property
    def throughput(self) -> float:
        """Requests answered per second of the load phase."""
        return len(self.samples) / self.seconds if self.seconds else 0.0

    def lines(self) -> list[str]:
        """The report, for people."""
        rate = len(self.errors) / max(len(self.samples), 1)
        out = [
            f"load: {len(self.samples)} requests from {self.clients} clients in "
            f"{self.seconds:.1f} s: {self.throughput:.0f} requests/s, error rate {rate:.2%} "
            f"({len(self.errors)}), 5xx: {self.server_errors}",
        ]
        for kind in MIX:
            t = np.array([s.seconds for s in self.samples if s.kind == kind]) * 1000
            if t.size:
                p50, p95, p99 = np.percentile(t, [50, 95, 99])
                out.append(
                    f"  {kind:<9} n={t.size:<5} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  "
                    f"p99 {p99:6.1f} ms  max {t.max():6.1f} ms"
                )
        out.append(
            f"results: {len(self.simulations)} simulations started, {self.complete} complete in "
            f"the store, {len(self.lost)} lost, {len(self.failed_jobs)} failed jobs"
        )
        if self.index_during_long_run:
            t = np.array(self.index_during_long_run) * 1000
            out.append(
                f"responsiveness: index page during a {LONG_RUNS:,}-run simulation: "
                f"{t.size} requests, p50 {np.median(t):.0f} ms, max {t.max():.0f} ms "
                f"(the run: {self.long_run_done:,} runs done, then {self.long_run_status})"
            )
        for s in self.errors[:10]:
            out.append(f"  error: {s.kind} -> {s.status}: {s.error}")
        return out


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def server(store: Path, log: Path, startup_s: float = 60.0) -> Iterator[str]:
    """``realpolitik serve`` on 127.0.0.1 with this store (its stderr in ``log``); yields
    its base URL."""
    port = free_port()
    cmd = [sys.executable, "-m", "realpolitik", "serve", "--host", HOST, "--port", str(port)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("REALPOLITIK_TOKEN", None)
    with log.open("w", encoding="utf-8") as err:
        proc = subprocess.Popen(
            [*cmd, "--store", str(store)], env=env, stdout=subprocess.DEVNULL, stderr=err
        )
    base = f"http://{HOST}:{port}"
    try:
        _wait_until_up(base, proc, log, startup_s)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_until_up(base: str, proc: subprocess.Popen[bytes], log: Path, startup_s: float) -> None:
    deadline = time.monotonic() + startup_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = log.read_text(encoding="utf-8", errors="replace")
            raise RuntimeError(f"the server stopped (exit {proc.returncode}): {err[-2000:]}")
        try:
            if httpx.get(f"{base}/api/health", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the server did not answer within {startup_s:.0f} s")


def scenario_yaml(title: str, actors: int, rnd: random.Random) -> str:
    """A one-issue scenario with uncertain capabilities and positions."""
    lines = [
        "format: realpolitik/1",
        f"metadata: {{title: '{title}'}}",
        "issues: [{id: policy, bounds: [0, 100], ranges: {middle: [40, 60]}}]",
        "uncertainty: {position: 5, capability: '20%'}",
        "actors:",
    ]
    for k in range(actors):
        pos, sal, cap = rnd.uniform(5, 95), rnd.uniform(0.2, 0.9), rnd.uniform(10, 100)
        lines.append(
            f"  - {{id: a{k}, capability: {cap:.1f}, stances: "
            f"{{policy: {{position: {pos:.1f}, salience: {sal:.2f}}}}}}}"
        )
    return "\n".join(lines) + "\n"


def _upload(client: httpx.Client, base: str, title: str, rnd: random.Random) -> httpx.Response:
    text = scenario_yaml(title, rnd.randint(3, 8), rnd)
    return client.post(f"{base}/api/scenarios", files={"file": (f"{title}.yaml", text.encode())})


@dataclass
class _Shared:
    """What the clients share: scenario ids, simulations started, the samples."""

    scenario_ids: list[str]
    simulations: dict[int, int] = field(default_factory=dict)
    samples: list[Sample] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _request(
    client: httpx.Client, base: str, kind: str, k: int, rnd: random.Random, shared: _Shared
) -> httpx.Response:
    sid = rnd.choice(shared.scenario_ids)
    if kind == "page":
        path = rnd.choice(["/", f"/scenarios/{sid}", "/runs"])
        return client.get(base + path)
    if kind == "read":
        path = rnd.choice(
            ["/api/scenarios", "/api/models", "/api/runs", f"/api/scenarios/{sid}", "/api/health"]
        )
        return client.get(base + path)
    if kind == "upload":
        return _upload(client, base, f"load {k}", rnd)
    seed, runs = 1000 + k, rnd.choice([100, 500, 2000])
    model = rnd.choice(["compromise", "median_voter"])
    body = {"scenario": sid, "model": model, "runs": runs, "seed": seed}
    response = client.post(f"{base}/api/runs", json=body)
    if response.status_code == 202:
        with shared.lock:
            shared.simulations[seed] = runs
    return response


def _client(base: str, plan: list[tuple[int, str]], seed: int, shared: _Shared) -> None:
    rnd = random.Random(seed)
    with httpx.Client(timeout=TIMEOUT_S) as client:
        for k, kind in plan:
            start = time.perf_counter()
            try:
                r = _request(client, base, kind, k, rnd, shared)
                status: int | None = r.status_code
                error = None if status == EXPECTED[kind] else r.text[:200]
            except httpx.HTTPError as exc:
                status, error = None, f"{type(exc).__name__}: {exc}"
            sample = Sample(kind, status, time.perf_counter() - start, error)
            with shared.lock:
                shared.samples.append(sample)


def run_load(base: str, requests: int, clients: int, seed: int) -> LoadReport:
    """Phase 1: the request mix from concurrent clients."""
    rnd = random.Random(seed)
    with httpx.Client(timeout=TIMEOUT_S) as client:
        ids = [_upload(client, base, f"base {k}", rnd).json()["id"] for k in range(3)]
    shared = _Shared(scenario_ids=ids)
    kinds = rnd.choices(list(MIX), weights=list(MIX.values()), k=requests)
    plan = list(enumerate(kinds))
    threads = [
        threading.Thread(target=_client, args=(base, plan[c::clients], seed + c, shared))
        for c in range(clients)
    ]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return LoadReport(
        requests=requests,
        clients=clients,
        seconds=time.perf_counter() - start,
        samples=shared.samples,
        simulations=dict(shared.simulations),
    )


def wait_for_jobs(base: str, timeout_s: float) -> list[str]:
    """Phase 2a: wait until no job is queued or running; the failed jobs' errors."""
    deadline = time.monotonic() + timeout_s
    with httpx.Client(timeout=TIMEOUT_S) as client:
        while True:
            jobs = client.get(f"{base}/api/jobs").json()
            if all(j["status"] in ("done", "failed", "cancelled") for j in jobs):
                return [f"{j['title']}: {j['error']}" for j in jobs if j["status"] == "failed"]
            if time.monotonic() > deadline:
                raise RuntimeError(f"jobs still running after {timeout_s:.0f} s")
            time.sleep(0.2)


def check_store(store: Path, report: LoadReport) -> None:
    """Phase 2b (server stopped): every simulation started is complete in the store file."""
    stored = {
        r.seed: r
        for r in Store(store).list(summaries=True)
        if r.kind == "simulate" and r.complete and r.summary is not None
    }
    for seed, runs in report.simulations.items():
        record = stored.get(seed)
        if record is not None and record.runs == runs and record.summary["runs"] == runs:
            report.complete += 1
        else:
            report.lost.append(seed)


def responsiveness(base: str, probes: int, report: LoadReport) -> None:
    """Phase 3: the index page while one long simulation runs; then cancel it."""
    rnd = random.Random(7)
    with httpx.Client(timeout=TIMEOUT_S) as client:
        sid = _upload(client, base, "long", rnd).json()["id"]
        body = {"scenario": sid, "model": "smp", "runs": LONG_RUNS, "seed": 1}
        job = client.post(f"{base}/api/runs", json=body).json()
        url = f"{base}/api/jobs/{job['id']}"
        deadline = time.monotonic() + 60
        while client.get(url).json()["done"] == 0 and time.monotonic() < deadline:
            time.sleep(0.05)  # until it has really started (its first chunk is done)
        for _ in range(probes):
            start = time.perf_counter()
            status = client.get(f"{base}/").status_code
            report.index_during_long_run.append(time.perf_counter() - start)
            if status != 200:
                report.samples.append(Sample("page", status, 0.0, "index during the long run"))
            time.sleep(0.1)
        state = client.get(url).json()
        report.long_run_done = state["done"]
        if state["status"] != "running":
            report.long_run_status = f"{state['status']} before the probes ended"
            return
        client.post(f"{url}/cancel")
        while client.get(url).json()["status"] not in ("done", "failed", "cancelled"):
            time.sleep(0.1)
        report.long_run_status = client.get(url).json()["status"]


def load_test(
    requests: int, clients: int, seed: int, probes: int = 20, jobs_timeout_s: float = 300.0
) -> LoadReport:
    """All three phases on a fresh server and store."""
    with tempfile.TemporaryDirectory() as tmp:
        store, log = Path(tmp) / "load.duckdb", Path(tmp) / "server.log"
        with server(store, log) as base:
            report = run_load(base, requests, clients, seed)
            report.failed_jobs = wait_for_jobs(base, jobs_timeout_s)
            responsiveness(base, probes, report)
        check_store(store, report)
        report.server_log = log.read_text(encoding="utf-8", errors="replace")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--probes", type=int, default=30, help="index requests in phase 3")
    args = parser.parse_args(argv)
    print(f"load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    report = load_test(args.requests, args.clients, args.seed, args.probes)
    for line in report.lines():
        print(line)
    bad = report.errors or report.server_errors or report.lost or report.failed_jobs
    if bad and report.server_log.strip():
        saved = ROOT / "test-output" / "load-web-server.log"
        saved.parent.mkdir(exist_ok=True)
        saved.write_text(report.server_log, encoding="utf-8")
        print(f"server log: {saved}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
