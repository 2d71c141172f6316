"""Background runs: a queue of jobs with progress, cancellation and errors kept for people.

A job is a function called with a :class:`Progress`; it reports ``(done,
total)`` through it, and the next report after :meth:`Job.cancel` raises
:class:`Cancelled` inside the job, which stops it cleanly. A job that raises
anything else is marked failed with a message; the app stays usable.
Jobs run one at a time (the machine's cores go to the model's own workers).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from realpolitik.errors import InputError
from realpolitik.web.limits import shown

log = logging.getLogger(__name__)

FINAL = ("done", "failed", "cancelled")


class Cancelled(Exception):  # noqa: N818 - a signal, named as what happened
    """Raised inside a job when it has been asked to stop."""


@dataclass
class Job:
    """One background run and what is known about it (thread-safe reads)."""

    id: str
    title: str
    status: str = "queued"
    done: int = 0
    total: int = 0
    message: str = ""
    error: str | None = None
    run_id: int | None = None
    created: float = field(default_factory=time.time)
    finished: float | None = None
    _cancel: threading.Event = field(default_factory=threading.Event, repr=False)

    def cancel(self) -> None:
        """Ask the job to stop at its next progress report (or before it starts)."""
        self._cancel.set()

    @property
    def cancelling(self) -> bool:
        """Whether a stop was asked for."""
        return self._cancel.is_set()

    def to_json(self) -> dict[str, Any]:
        """The job's state as JSON-ready data."""
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "done": self.done,
            "total": self.total,
            "message": self.message,
            "error": self.error,
            "run_id": self.run_id,
            "cancelling": self.cancelling and self.status not in FINAL,
        }


class Progress:
    """What a job reports through: progress, its stored run id, a message."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def __call__(self, done: int, total: int) -> None:
        """Record progress; raise :class:`Cancelled` if a stop was asked for."""
        self.job.done, self.job.total = int(done), int(total)
        self.check()

    def check(self) -> None:
        """Raise :class:`Cancelled` if a stop was asked for."""
        if self.job.cancelling:
            raise Cancelled

    def note(self, message: str) -> None:
        """A line for people about what the job is doing."""
        self.job.message = message

    def stored(self, run_id: int) -> None:
        """The job's results are (being) stored as this run."""
        self.job.run_id = run_id


Work = Callable[[Progress], int]
"""A job's function: returns the id of the stored run it made."""

Cleanup = Callable[[Job], None]


class JobManager:
    """Runs jobs one at a time in a background thread; keeps the last ``keep`` of them."""

    def __init__(self, keep: int = 200) -> None:
        self.keep = keep
        self.jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="realpolitik-job")

    def submit(self, title: str, work: Work, on_cancel: Cleanup | None = None) -> Job:
        """Queue a job; return it at once."""
        job = Job(id=uuid.uuid4().hex, title=title)
        with self._lock:
            self.jobs[job.id] = job
            self._trim()
        self._pool.submit(self._run, job, work, on_cancel)
        return job

    def get(self, job_id: str) -> Job:
        """A job by id (InputError if unknown)."""
        job = self.jobs.get(job_id)
        if job is None:
            raise InputError.one(f"no job '{shown(job_id)}'", field="job")
        return job

    def _run(self, job: Job, work: Work, on_cancel: Cleanup | None) -> None:
        progress = Progress(job)
        try:
            progress.check()
            job.status = "running"
            job.run_id = work(progress)
            job.status = "done"
        except Cancelled:
            if on_cancel is not None:
                _quietly(on_cancel, job)  # before the status says so: then all is clean
            job.status = "cancelled"
        except InputError as exc:
            job.error, job.status = str(exc), "failed"
        except Exception as exc:  # a failed run must leave the app usable
            log.exception("job %s failed", job.id)
            job.error, job.status = f"{type(exc).__name__}: {exc}", "failed"
        finally:
            job.finished = time.time()

    def _trim(self) -> None:
        finished = [j for j in self.jobs.values() if j.status in FINAL]
        for job in sorted(finished, key=lambda j: j.created)[: max(0, len(self.jobs) - self.keep)]:
            del self.jobs[job.id]

    def shutdown(self) -> None:
        """Cancel every job and wait for the running one to stop."""
        for job in list(self.jobs.values()):
            job.cancel()
        self._pool.shutdown(wait=True, cancel_futures=False)


def _quietly(fn: Cleanup, job: Job) -> None:
    try:
        fn(job)
    except Exception:  # cleanup after a cancel is best effort
        log.exception("cleanup of job %s failed", job.id)
