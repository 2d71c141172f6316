"""One forecast: a model on every issue of a scenario, with the inputs at their means."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from realpolitik.forecast import Forecast
from realpolitik.forecast import forecast as run_model
from realpolitik.results.document import run_document
from realpolitik.results.schemas import RunDocument, dump
from realpolitik.results.table import outcome_rows, trajectory_rows
from realpolitik.scenario import Scenario
from realpolitik.sim.sink import RunSink

__all__ = ["Forecast", "ForecastRun", "forecast", "forecast_rows"]


@dataclass(frozen=True, kw_only=True)
class ForecastRun:
    """A forecast, its typed document (``run --json``) and where it was recorded.

    Attributes:
        forecast: the model's trajectories and arrays (:class:`~realpolitik.forecast.Forecast`).
        document: the ``run --json`` document, checked against its schema.
        run_id: its id in the sink (None when not recorded).
        elapsed: seconds spent.
    """

    forecast: Forecast
    document: RunDocument
    run_id: int | None
    elapsed: float

    def to_json(self) -> dict[str, Any]:
        """The ``run --json`` document as JSON-ready data (its dump)."""
        return dump(self.document)


def forecast(
    scenario: Scenario,
    model: str = "compromise",
    *,
    params: Mapping[str, Any] | None = None,
    seed: int | None = None,
    sink: RunSink | None = None,
) -> ForecastRun:
    """Run ``model`` once on every issue of ``scenario`` and record it in ``sink``.

    Raises:
        InputError: unknown model, bad options, or a scenario the model cannot run.
    """
    start = time.perf_counter()
    fc = run_model(scenario, model=model, params=params, seed=seed)
    document = run_document(fc)  # a non-finite number: an input error naming its place
    elapsed = time.perf_counter() - start
    run_id = None
    if sink is not None:
        run_id = sink.record(
            kind="run",
            scenario=fc.scenario,
            model=fc.model,
            params=fc.params.model_dump(mode="json"),
            seed=fc.seed,
            summary=dump(document),
            elapsed=elapsed,
            runs=1,
            rows=forecast_rows(fc),
        )
    return ForecastRun(forecast=fc, document=document, run_id=run_id, elapsed=elapsed)


def forecast_rows(fc: Forecast) -> pa.Table:
    """The tidy table of a deterministic forecast (run 0): trajectories and forecasts."""
    run = np.zeros(1, dtype=np.int64)
    parts = []
    for issue_id, traj in fc.trajectories.items():
        actors = fc.arrays[issue_id].actor_ids
        parts.append(trajectory_rows(issue_id, actors, run, traj))
        parts.append(outcome_rows(issue_id, run, traj.forecast[:1]))
    return pa.concat_tables(parts)
