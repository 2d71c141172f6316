"""The job queue: progress, cancellation, failures kept for people, the next job still runs."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from realpolitik.errors import InputError
from realpolitik.web.jobs import Job, JobManager, Progress


@pytest.fixture
def manager() -> Iterator[JobManager]:
    m = JobManager(keep=3)
    yield m
    m.shutdown()


def finished(job: Job) -> Job:
    for _ in range(2000):
        if job.finished is not None:
            return job
        threading.Event().wait(0.005)
    raise AssertionError("job did not finish")


def test_a_job_reports_progress_and_its_run(manager: JobManager) -> None:
    def work(p: Progress) -> int:
        for k in range(4):
            p(k, 3)
        p.note("done counting")
        return 7

    job = finished(manager.submit("count", work))
    assert (job.status, job.run_id, job.done, job.total, job.message) == (
        "done",
        7,
        3,
        3,
        "done counting",
    )


def test_cancel_stops_a_job_at_its_next_report_and_cleans_up(manager: JobManager) -> None:
    started, cleaned = threading.Event(), []

    def work(p: Progress) -> int:
        p(0, 100)
        started.set()
        for k in range(1, 100):
            threading.Event().wait(0.01)
            p(k, 100)
        return 1

    job = manager.submit("long", work, on_cancel=lambda j: cleaned.append(j.id))
    assert started.wait(10)
    job.cancel()
    assert job.to_json()["cancelling"] is True
    finished(job)
    assert job.status == "cancelled"
    assert job.done < 99
    assert cleaned == [job.id]
    assert job.to_json()["cancelling"] is False


def test_a_job_cancelled_while_queued_never_runs(manager: JobManager) -> None:
    gate, ran = threading.Event(), []
    first = manager.submit("gate", lambda p: int(gate.wait(10)))
    second = manager.submit("queued", lambda p: ran.append(1) or 2)
    second.cancel()
    gate.set()
    finished(first)
    assert finished(second).status == "cancelled"
    assert ran == []


def test_failures_are_kept_as_text_and_the_queue_goes_on(manager: JobManager) -> None:
    def bad_input(p: Progress) -> int:
        raise InputError.one("no such thing", field="x")

    def crash(p: Progress) -> int:
        raise RuntimeError("boom")

    a = finished(manager.submit("a", bad_input))
    b = finished(manager.submit("b", crash))
    c = finished(manager.submit("c", lambda p: 3))
    assert (a.status, a.error) == ("failed", "field 'x': no such thing")
    assert (b.status, b.error) == ("failed", "RuntimeError: boom")
    assert (c.status, c.run_id) == ("done", 3)


def test_only_the_latest_finished_jobs_are_kept(manager: JobManager) -> None:
    jobs = [finished(manager.submit(str(k), lambda p: 1)) for k in range(5)]
    manager.submit("last", lambda p: 1)
    assert jobs[0].id not in manager.jobs
    assert len(manager.jobs) <= 4
    with pytest.raises(InputError, match="no job"):
        manager.get(jobs[0].id)


class _FinishingJob:
    """A job whose thread finishes between the stream's snapshot and its status check."""

    def __init__(self) -> None:
        self.status = "done"  # already final when the stream first looks at the status
        self._snapshots = iter(
            [{"status": "running", "run_id": None}, {"status": "done", "run_id": 2}]
        )

    def to_json(self) -> dict[str, object]:
        return next(self._snapshots)


class _Connected:
    async def is_disconnected(self) -> bool:
        return False


def test_the_final_event_carries_the_run_id_when_the_job_ends_mid_look() -> None:
    """The job page goes on to ``/runs/<id>`` from the final event: it must hold the id
    (a web journey stayed on the job page when the event carried a stale snapshot)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from realpolitik.web.api import _stream

    async def collect() -> list[str]:
        return [chunk async for chunk in _stream(_Connected(), _FinishingJob(), poll=0)]  # type: ignore[arg-type]

    # a thread of its own: a browser test earlier in this process may leave a loop running here
    with ThreadPoolExecutor(1) as pool:
        chunks = pool.submit(asyncio.run, collect()).result()
    final = chunks[-1]
    assert final.startswith("event: done\n")
    assert '"run_id": 2' in final
