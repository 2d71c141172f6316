"""One block of runs: sample (or take) the inputs, compile, run the model, collect.

:class:`Setup` holds everything a block needs (picklable, so it travels to
worker processes and Dask workers once); :class:`ModelBlock` is the per-block
function given to :func:`realpolitik.sim.backends.run_blocks`. Block ``k``
uses only the generator :func:`realpolitik.rng.block_rng` ``(seed, k)``:
first a ``(b, K)`` matrix of uniforms for the ``K`` uncertain inputs (unless
the block carries its own design, as in sensitivity analysis), then, for
stochastic models, the model's own draws, issue after issue.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pyarrow as pa

from realpolitik.arrays import FloatArray
from realpolitik.compile import IssueArrays
from realpolitik.errors import InputError, Problem
from realpolitik.models import get_model
from realpolitik.models.base import ModelSpec
from realpolitik.results.table import outcome_rows, trajectory_rows
from realpolitik.rng import block_rng
from realpolitik.scenario import Scenario
from realpolitik.sim.backends import Block
from realpolitik.sim.params import ParamPlan, param_plan
from realpolitik.sim.uncertainty import InputPlan, input_plan, sample_uniforms

Keep = Literal["none", "outcomes", "trajectories"]
KEEP: tuple[str, ...] = ("none", "outcomes", "trajectories")


@dataclass(frozen=True, kw_only=True)
class Setup:
    """A model on a scenario's uncertain inputs, ready to run blocks.

    Attributes:
        model: the model's registry name.
        plan: the uncertain inputs (scenario inputs first, then model options).
        params: the model's options, fixed and uncertain.
        seed: the master seed.
        keep: which per-run rows to return (``none``, ``outcomes``, ``trajectories``).
        dims: per issue id, its number of dimensions (the outcome columns, in order).
    """

    model: str
    plan: InputPlan
    params: ParamPlan
    seed: int
    keep: Keep
    dims: dict[str, int]

    @property
    def width(self) -> int:
        """Number of outcome columns (issue dimensions, all issues)."""
        return sum(self.dims.values())

    def columns(self) -> dict[str, slice]:
        """The outcome columns of each issue."""
        out, start = {}, 0
        for issue_id, d in self.dims.items():
            out[issue_id] = slice(start, start + d)
            start += d
        return out

    def params_json(self) -> dict[str, Any]:
        """The options as used: fixed values, and distributions as their text."""
        data: dict[str, Any] = self.params.center.model_dump(mode="json")
        for name, col in zip(self.params.names, self.params.columns, strict=True):
            data[name] = self.plan.inputs[col].dist.text
        return data


def _check_supported(spec: ModelSpec, plan: InputPlan) -> None:
    limit = spec.info.max_dims
    problems = [
        Problem(
            message=f"the {spec.info.name} model handles at most {limit} dimension(s); this "
            f"issue has {t.base.n_dims}",
            field=f"issues.{issue_id}.dimensions",
        )
        for issue_id, t in plan.issues.items()
        if limit is not None and t.base.n_dims > limit
    ]
    if problems:
        raise InputError(problems)


def make_setup(
    scenario: Scenario,
    model: str,
    *,
    seed: int,
    params: Mapping[str, Any] | None = None,
    keep: str = "none",
) -> Setup:
    """Plan a simulation: list the uncertain inputs, validate the model's options.

    Raises:
        InputError: unknown model or ``keep``, bad options, unsupported dimensions.
    """
    if keep not in KEEP:
        raise InputError.one(f"keep takes one of {', '.join(KEEP)}, got '{keep}'", field="keep")
    spec = get_model(model)
    plan = input_plan(scenario)
    _check_supported(spec, plan)
    pplan, extra = param_plan(spec, scenario, params or {}, len(plan.inputs))
    full = InputPlan(inputs=plan.inputs + tuple(extra), issues=plan.issues)
    dims = {issue_id: t.base.n_dims for issue_id, t in plan.issues.items()}
    return Setup(model=model, plan=full, params=pplan, seed=seed, keep=keep, dims=dims)  # type: ignore[arg-type]


@dataclass(frozen=True, kw_only=True)
class BlockOutcome:
    """What a block returns: its outcomes ``(b, width)`` and, on request, tidy rows."""

    index: int
    start: int
    forecasts: FloatArray
    rows: pa.Table | None = None


def _rows(
    setup: Setup, issue_id: str, arrays: IssueArrays, runs: np.ndarray[Any, Any], traj: Any
) -> list[pa.Table]:
    out = [outcome_rows(issue_id, runs, traj.forecast)]
    if setup.keep == "trajectories":
        out.append(trajectory_rows(issue_id, arrays.actor_ids, runs, traj))
    return out


@dataclass(frozen=True)
class ModelBlock:
    """The per-block function of a simulation (see the module docstring)."""

    setup: Setup

    def __call__(self, block: Block) -> BlockOutcome:
        setup = self.setup
        spec = get_model(setup.model)
        rng = block_rng(setup.seed, block.index)
        u = block.data
        if u is None:
            u = sample_uniforms(rng, block.size, len(setup.plan.inputs))
        values = setup.plan.values(u)
        run_ids = np.arange(block.start, block.stop, dtype=np.int64)
        forecasts = np.empty((block.size, setup.width))
        cols = setup.columns()
        rows: list[pa.Table] = []
        for params, idx in setup.params.groups(spec, values):
            for issue_id in setup.dims:
                arrays = setup.plan.issue_arrays(issue_id, values[idx])
                traj = spec.run(arrays, params, rng)
                forecasts[idx, cols[issue_id]] = traj.forecast
                if setup.keep != "none":
                    rows += _rows(setup, issue_id, arrays, run_ids[idx], traj)
        table = pa.concat_tables(rows) if rows else None
        return BlockOutcome(index=block.index, start=block.start, forecasts=forecasts, rows=table)
