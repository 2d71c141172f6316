"""The web app under a bounded load on loopback (short mode of ``benchmarks/load_web.py``).

300 requests from 6 concurrent clients — pages, API reads, uploads and small
simulations — against ``realpolitik serve`` on 127.0.0.1: no 5xx, no request
without its expected answer, every simulation started complete in the store;
and the index page keeps answering while a long simulation runs. The long
mode (3000 requests, 8 clients) is ``.venv/bin/python benchmarks/load_web.py``.
"""

from __future__ import annotations

import pytest
from benchmarks.load_web import LoadReport, load_test

pytestmark = pytest.mark.slow  # seconds each, on 2 cores

REQUESTS = 300
CLIENTS = 6
RESPONSIVE_S = 5.0
"""Bound on the index page while a long simulation runs (it takes ~0.1 s on 2 cores)."""


@pytest.fixture(scope="module")
def report() -> LoadReport:
    return load_test(REQUESTS, CLIENTS, seed=20261128, probes=8)


def test_every_request_gets_its_expected_answer(
    report: LoadReport, capsys: pytest.CaptureFixture[str]
) -> None:
    with capsys.disabled():  # the figures show in the CI log
        print("\n" + "\n".join(report.lines()))
    assert len(report.samples) >= REQUESTS
    assert report.server_errors == 0
    assert not report.errors, [f"{s.kind} {s.status} {s.error}" for s in report.errors[:5]]
    assert not report.server_log.count("Traceback"), report.server_log[-3000:]


def test_no_simulation_is_lost(report: LoadReport) -> None:
    assert len(report.simulations) > 20  # the mix started some
    assert report.lost == []
    assert report.failed_jobs == []
    assert report.complete == len(report.simulations)


def test_the_app_answers_while_a_long_simulation_runs(report: LoadReport) -> None:
    assert len(report.index_during_long_run) == 8
    assert max(report.index_during_long_run) < RESPONSIVE_S
    assert report.long_run_status == "cancelled"  # it was still running when the probes ended
    assert report.long_run_done > 0
