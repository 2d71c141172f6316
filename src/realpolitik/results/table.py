"""The tidy long table of results: one row per (run, step, actor, issue, dimension, variable).

Columns (DESIGN.md, "Results are one tidy table"):

==========  =======  ==========================================================
run         int64    Monte Carlo run (0 for a deterministic run)
step        int32    round of the model (0 = input); the forecast has step -1
actor       string   actor id, or null for issue-level variables
issue       string   issue id
dimension   int32    dimension of a multi-dimensional issue (0 for one dimension)
variable    string   ``forecast``, ``position``, ``median``, ``mean`` or a model series
value       float64
==========  =======  ==========================================================

Builders here are vectorised (no loop over runs); :class:`ResultSet` pairs a
table with its metadata and exports it (:mod:`realpolitik.results.export`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from realpolitik.arrays import FloatArray
from realpolitik.models.base import Trajectory

SCHEMA = pa.schema(
    [
        ("run", pa.int64()),
        ("step", pa.int32()),
        ("actor", pa.string()),
        ("issue", pa.string()),
        ("dimension", pa.int32()),
        ("variable", pa.string()),
        ("value", pa.float64()),
    ]
)
FORECAST_STEP = -1
"""The ``step`` of a run's final forecast."""


@dataclass(frozen=True, kw_only=True)
class ResultSet:
    """A tidy table of results and the metadata of the run that made it.

    Attributes:
        table: rows with :data:`SCHEMA` (or, for a sensitivity analysis, its indices).
        metadata: run id, kind, model, parameters, seed, version, summary ...
    """

    table: pa.Table
    metadata: dict[str, Any] = field(default_factory=dict)


def empty() -> pa.Table:
    """A table with no rows."""
    return SCHEMA.empty_table()


def _table(
    run: NDArray[np.int64],
    step: NDArray[np.int64],
    actor: list[str | None] | NDArray[Any],
    issue: str,
    dimension: NDArray[np.int64],
    variable: str,
    value: FloatArray,
) -> pa.Table:
    n = len(value)
    return pa.table(
        {
            "run": pa.array(run, pa.int64()),
            "step": pa.array(step, pa.int32()),
            "actor": pa.array(actor, pa.string()),
            "issue": pa.array(np.full(n, issue, dtype=object), pa.string()),
            "dimension": pa.array(dimension, pa.int32()),
            "variable": pa.array(np.full(n, variable, dtype=object), pa.string()),
            "value": pa.array(value, pa.float64()),
        },
        schema=SCHEMA,
    )


def outcome_rows(issue: str, runs: NDArray[np.int64], forecast: FloatArray) -> pa.Table:
    """Rows of the forecasts ``(b, d)`` of runs ``runs`` (variable ``forecast``)."""
    b, d = forecast.shape
    return _table(
        np.repeat(runs, d),
        np.full(b * d, FORECAST_STEP),
        [None] * (b * d),
        issue,
        np.tile(np.arange(d), b),
        "forecast",
        forecast.reshape(-1),
    )


def _live(traj: Trajectory) -> NDArray[np.bool_]:
    """``(b, T + 1)``: steps each run actually reached."""
    steps = np.arange(traj.positions.shape[1])
    live: NDArray[np.bool_] = steps[None, :] <= traj.rounds[:, None]
    return live


def _live_cells(
    live: NDArray[np.bool_], tail: tuple[int, ...]
) -> tuple[NDArray[np.bool_], NDArray[np.intp]]:
    """The cells ``(run, step, *tail)`` of the steps each run reached.

    Returns:
        ``(mask, index)``: the flat mask of those cells over the whole grid, and
        their indices, one row per axis.
    """
    shape = (*live.shape, *tail)
    mask = np.broadcast_to(live.reshape(*live.shape, *(1,) * len(tail)), shape).reshape(-1)
    return mask, np.indices(shape).reshape(len(shape), -1)[:, mask]


def trajectory_rows(
    issue: str, actors: tuple[str, ...], runs: NDArray[np.int64], traj: Trajectory
) -> pa.Table:
    """Rows of a batch of trajectories: positions per actor, median and mean per step, series.

    Steps after a run stopped (repeats of its last state) are left out.
    """
    n, d = traj.positions.shape[2:]
    live = _live(traj)
    names = np.asarray(actors, dtype=object)
    mask, (r, s, a, k) = _live_cells(live, (n, d))
    values = traj.positions.reshape(-1)[mask]
    parts = [_table(runs[r], s, names[a], issue, k, "position", values)]
    mask, (r, s, k) = _live_cells(live, (d,))
    no_actor: list[str | None] = [None] * len(r)
    for name, arr in (("median", traj.median), ("mean", traj.mean)):
        parts.append(_table(runs[r], s, no_actor, issue, k, name, arr.reshape(-1)[mask]))
    mask, (r, s, a) = _live_cells(live, (n,))
    zeros = np.zeros(len(r), int)
    for name, arr in traj.series.items():
        parts.append(_table(runs[r], s, names[a], issue, zeros, name, arr.reshape(-1)[mask]))
    return pa.concat_tables(parts)


def indices_table(outcomes: dict[str, list[dict[str, Any]]]) -> pa.Table:
    """A sensitivity analysis as a tidy table: (outcome, input, index, value)."""
    rows = [
        (outcome, row["input"], key, value)
        for outcome, table in outcomes.items()
        for row in table
        for key, value in row.items()
        if key != "input"
    ]
    cols: list[tuple[Any, ...]] = list(zip(*rows, strict=True)) if rows else [()] * 4
    return pa.table(
        {
            "outcome": pa.array(cols[0], pa.string()),
            "input": pa.array(cols[1], pa.string()),
            "index": pa.array(cols[2], pa.string()),
            "value": pa.array(cols[3], pa.float64()),
        }
    )
