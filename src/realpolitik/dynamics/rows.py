"""Per-run outputs of the monthly engine as rows of the tidy long table.

``simulate --keep outcomes`` stores, per run, one row for each thing that
happened (the table's ``step`` is -1, months count from ``clock.start``, 0
being its first month):

- issue = the war's issue: ``settlement`` (month of the settlement or
  ceasefire), ``terms`` (its terms), ``victory:<actor>`` (month of a victory);
- issue = a deal's issue: ``deal:<id>`` (month it was signed) and
  ``deal_terms:<id>`` (the table's outcome that month).

A run in which something did not happen has no row for it. ``--keep
trajectories`` adds, per run and month t (``step`` = t) while the series is
defined: ``ground`` (at the end of month t), ``lower`` and ``upper`` (the
bargaining range) on the war's issue, and ``lever:<id>`` (the lever's
effective size; ``actor`` = its holder).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from realpolitik.arrays import FloatArray
from realpolitik.dynamics.compiled import CompiledDynamics
from realpolitik.dynamics.output import DynamicsOutput
from realpolitik.results.table import FORECAST_STEP, SCHEMA


def _rows(
    values: FloatArray,
    issue: str,
    variable: str,
    step: NDArray[np.int64] | int = FORECAST_STEP,
    actor: str | None = None,
    first_run: int = 0,
) -> pa.Table:
    """Rows of ``values`` ``(B,)`` or ``(B, T)`` (run, month), finite values only.

    Row ``b`` of ``values`` is run ``first_run + b``.
    """
    values = np.asarray(values, dtype=np.float64)
    grid = values.reshape(values.shape[0], -1)
    runs, months = np.nonzero(np.isfinite(grid))
    steps = np.full(runs.size, step) if isinstance(step, int) else np.asarray(step)[months]
    n = runs.size
    return pa.table(
        {
            "run": pa.array(runs + first_run, pa.int64()),
            "step": pa.array(steps, pa.int32()),
            "actor": pa.array([actor] * n, pa.string()),
            "issue": pa.array([issue] * n, pa.string()),
            "dimension": pa.array(np.zeros(n, dtype=np.int32), pa.int32()),
            "variable": pa.array([variable] * n, pa.string()),
            "value": pa.array(grid[runs, months], pa.float64()),
        },
        schema=SCHEMA,
    )


def _month(month: NDArray[np.integer]) -> FloatArray:
    """Month indices with -1 (never) as NaN."""
    out: FloatArray = np.where(month >= 0, month, np.nan).astype(np.float64)
    return out


def _outcomes(dyn: CompiledDynamics, out: DynamicsOutput, first: int) -> Iterator[pa.Table]:
    war = dyn.war_issue
    yield _rows(_month(out.settled), war, "settlement", first_run=first)
    yield _rows(out.terms, war, "terms", first_run=first)
    for s, actor in enumerate(dyn.sides):
        name = dyn.actor_ids[actor]
        victory = _month(np.where(out.victor == s, out.victory, -1))
        yield _rows(victory, war, f"victory:{name}", first_run=first)
    for d, deal in enumerate(dyn.deals):
        month = out.deal_month[:, d]
        yield _rows(_month(month), deal.issue, f"deal:{deal.id}", first_run=first)
        signed = month >= 0
        terms = np.full(out.batch, np.nan)
        terms[signed] = out.deal_outcome[signed, month[signed], d]
        yield _rows(terms, deal.issue, f"deal_terms:{deal.id}", first_run=first)


def _trajectories(dyn: CompiledDynamics, out: DynamicsOutput, first: int) -> Iterator[pa.Table]:
    war = dyn.war_issue
    steps = np.arange(dyn.horizon, dtype=np.int64)
    yield _rows(out.ground[:, 1:], war, "ground", steps, first_run=first)
    yield _rows(out.lower, war, "lower", steps, first_run=first)
    yield _rows(out.upper, war, "upper", steps, first_run=first)
    for k, lever in enumerate(dyn.lever_ids):
        holder = dyn.actor_ids[int(dyn.lever_holder[k])]
        yield _rows(out.levers[:, :, k], war, f"lever:{lever}", steps, holder, first)


def row_parts(
    dyn: CompiledDynamics, out: DynamicsOutput, keep: str, first_run: int = 0
) -> list[pa.Table]:
    """The rows ``keep`` asks for, one table per variable (``none``: no table).

    Row ``b`` of ``out`` is run ``first_run + b``: a block's parts, joined
    variable by variable across the blocks in run order (:func:`join_parts`),
    are the rows of the whole simulation.
    """
    if keep == "none":
        return []
    parts = list(_outcomes(dyn, out, first_run))
    if keep == "trajectories":
        parts += list(_trajectories(dyn, out, first_run))
    return parts


def join_parts(blocks: list[list[pa.Table]]) -> pa.Table | None:
    """The blocks' :func:`row_parts` (in run order) as one table, variable by variable."""
    if not blocks or not blocks[0]:
        return None
    return pa.concat_tables([b[v] for v in range(len(blocks[0])) for b in blocks])


def dynamic_rows(dyn: CompiledDynamics, out: DynamicsOutput, keep: str) -> pa.Table | None:
    """The rows to store for ``keep`` (``none``: None), in run order within each variable."""
    return join_parts([row_parts(dyn, out, keep)])
