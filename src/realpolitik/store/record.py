"""Record a deterministic run (``realpolitik run``) in the results store."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pyarrow as pa

from realpolitik.forecast import Forecast
from realpolitik.results.table import outcome_rows, trajectory_rows
from realpolitik.store.runs import Store


def forecast_rows(fc: Forecast) -> pa.Table:
    """The tidy table of a deterministic forecast (run 0): trajectories and forecasts."""
    run = np.zeros(1, dtype=np.int64)
    parts = []
    for issue_id, traj in fc.trajectories.items():
        actors = fc.arrays[issue_id].actor_ids
        parts.append(trajectory_rows(issue_id, actors, run, traj))
        parts.append(outcome_rows(issue_id, run, traj.forecast[:1]))
    return pa.concat_tables(parts)


def record_run(store: Store, fc: Forecast, document: Mapping[str, Any], elapsed: float) -> int:
    """Store one deterministic run: scenario, model, options, seed, its JSON document
    (as the summary), timing, and its trajectory as tidy rows. Returns the run id."""
    return store.record(
        kind="run",
        scenario=fc.scenario,
        model=fc.model,
        params=fc.params.model_dump(mode="json"),
        seed=fc.seed,
        summary=document,
        elapsed=elapsed,
        runs=1,
        rows=forecast_rows(fc),
    )
