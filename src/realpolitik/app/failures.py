"""Runs that fail are marked ``failed``, not left ``incomplete`` for a resume that would fail.

A simulation records its run before it computes (``incomplete``), commits its
finished blocks as it goes and is marked ``complete`` at the end, so that an
*interrupted* run (Ctrl-C, SIGKILL, a full disk, a dead worker) can be resumed.
A run that stops on an *error* of its own (the model refuses an input, the
summary is not finite) would fail again on resume: :func:`recording_failures`
marks it ``failed`` with its error, and ``--resume`` then refuses it with a
clear message. Interruptions (``KeyboardInterrupt``, which is not an
``Exception``) and :class:`~realpolitik.errors.ResumableError` leave it as it
was: resumable.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any, cast

from realpolitik.errors import InputError, ResumableError
from realpolitik.sim.sink import RunSink


class _Tracked:
    """A sink that remembers the runs started through it (and forwards everything)."""

    def __init__(self, sink: RunSink) -> None:
        self._sink = sink
        self.started: list[int] = []

    def start(self, **kwargs: Any) -> int:
        run_id = self._sink.start(**kwargs)
        self.started.append(run_id)
        return run_id

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sink, name)


@contextmanager
def recording_failures(sink: RunSink | None, run_id: int | None = None) -> Iterator[Any]:
    """Yield the sink to run with; on an error, mark its unfinished runs ``failed``.

    Args:
        sink: where the run is recorded (None: nothing to mark).
        run_id: a run being resumed (its id is known before it starts).

    Yields:
        The sink to pass to the engine (it notes the id of every run started).
    """
    if sink is None:
        yield None
        return
    tracked = _Tracked(sink)
    try:
        yield cast(RunSink, tracked)
    except ResumableError:
        raise
    except Exception as exc:
        ids = tracked.started or ([run_id] if run_id is not None else [])
        for rid in ids:
            _mark(sink, rid, exc)
        raise


def _mark(sink: RunSink, run_id: int, exc: Exception) -> None:
    text = str(exc) if isinstance(exc, InputError) else f"{type(exc).__name__}: {exc}"
    with suppress(InputError):  # the store itself failed: the run stays as it was
        sink.fail(run_id, text)
