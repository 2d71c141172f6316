"""Where a simulation sends what it computes: the *sink* the engine writes to.

The engine (Monte Carlo, sensitivity, the war engine, backtests) records a run
through this protocol and nothing else; :class:`realpolitik.store.Store`, the
results database, implements it. So no module of the engine imports the
store, and a surface that does not want its runs kept passes no sink (None).

A run is started (``incomplete``), its finished blocks committed as they go
(so an interrupted run can be resumed), and it is finished with its summary
document; :meth:`RunSink.record` does all three at once for a run that does
not stream.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

import numpy as np
import pyarrow as pa

from realpolitik.scenario import Scenario


class StoredRun(Protocol):
    """What the engine reads back about a recorded run (to resume it)."""

    @property
    def id(self) -> int:
        """The run's id."""

    @property
    def kind(self) -> str:
        """``simulate``, ``dynamics``, ``sensitivity``, ``backtest`` or ``run``."""

    @property
    def model(self) -> str | None:
        """The model it ran."""

    @property
    def seed(self) -> int | None:
        """Its master seed."""

    @property
    def runs(self) -> int | None:
        """Its number of runs."""

    @property
    def settings(self) -> dict[str, Any]:
        """Its settings (backend, options, what to keep ...)."""

    @property
    def elapsed(self) -> float | None:
        """Seconds spent on it so far."""

    @property
    def scenario_hash(self) -> str:
        """The hash of the scenario it was made with."""

    @property
    def complete(self) -> bool:
        """Whether it finished."""

    @property
    def summary(self) -> dict[str, Any] | None:
        """Its result document, once finished."""

    def to_json(self) -> dict[str, Any]:
        """The record as JSON-ready data (for a report's facts)."""


class RunSink(Protocol):
    """A place to record runs: what the engine needs of the results store."""

    def start(
        self,
        *,
        kind: str,
        scenario: Scenario,
        model: str | None,
        params: Mapping[str, Any],
        seed: int | None,
        runs: int | None,
        settings: Mapping[str, Any],
        status: str = "incomplete",
    ) -> int:
        """Record a new run (``incomplete``) and return its id."""

    def add_chunks(
        self,
        run_id: int,
        chunks: Iterable[tuple[int, np.ndarray[Any, Any]]],
        rows: pa.Table | None = None,
        elapsed: float = 0.0,
    ) -> None:
        """Commit the outcomes of finished blocks of a static simulation."""

    def add_digests(
        self,
        run_id: int,
        digests: Iterable[tuple[int, int, np.ndarray[Any, Any]]],
        rows: pa.Table | None = None,
        elapsed: float = 0.0,
    ) -> None:
        """Commit the digests of finished blocks of a war simulation."""

    def finish(self, run_id: int, summary: Mapping[str, Any], elapsed: float = 0.0) -> None:
        """Mark a run complete with its summary document."""

    def record(
        self,
        *,
        kind: str,
        scenario: Scenario,
        model: str | None,
        params: Mapping[str, Any],
        seed: int | None,
        summary: Mapping[str, Any],
        elapsed: float,
        runs: int | None = None,
        settings: Mapping[str, Any] | None = None,
        rows: pa.Table | None = None,
    ) -> int:
        """Record a finished run at once; its id."""

    def get(self, run_id: int) -> StoredRun:
        """A recorded run (InputError when there is none)."""

    def to_resume(self, run_id: int, kind: str, what: str) -> StoredRun:
        """A recorded run of ``kind`` that is not finished (InputError otherwise)."""

    def scenario(self, run_id: int) -> Scenario:
        """The scenario a run was made with."""

    def chunks(self, run_id: int) -> dict[int, np.ndarray[Any, Any]]:
        """The committed blocks of a static simulation."""

    def digests(self, run_id: int) -> dict[int, tuple[int, np.ndarray[Any, Any]]]:
        """The committed digests of a war simulation."""

    def rows(self, run_id: int) -> pa.Table:
        """The per-run rows kept for a run."""
