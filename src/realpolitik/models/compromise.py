"""The compromise model: the capability × salience weighted mean.

Achen, C. H. (2006). "Institutional realism and bargaining models." In
Thomson, Stokman, Achen & König (eds.), *The European Union Decides*,
Cambridge University Press, 86-123. The bar every other model must beat on
real EU decisions (see ``docs/backtest.md``).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from realpolitik.compile import IssueArrays
from realpolitik.models.base import (
    ModelInfo,
    ModelSpec,
    Params,
    Trajectory,
    static_trajectory,
    weighted_mean,
    zero_salience_note,
)


class CompromiseParams(Params):
    """The compromise model has no options."""


def run(arrays: IssueArrays, params: CompromiseParams, rng: np.random.Generator) -> Trajectory:
    """Forecast x̂ = Σ c_i s_i x_i / Σ c_i s_i per dimension (Achen 2006).

    Args:
        arrays: the issue, batched.
        params: no options.
        rng: unused (the model is deterministic).

    Returns:
        A one-round trajectory whose forecast is the weighted mean.
    """
    traj = static_trajectory(arrays, weighted_mean(arrays))
    note = zero_salience_note(arrays, "the unweighted mean of the positions")
    return traj if note is None else replace(traj, notes=(note,))


MODEL = ModelSpec(
    info=ModelInfo(
        name="compromise",
        title="Compromise (weighted mean)",
        reference="Achen (2006), The European Union Decides, ch. 4",
        summary="Capability × salience weighted mean of the positions.",
    ),
    params=CompromiseParams,
    run=run,
)
