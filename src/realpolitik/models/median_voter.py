"""The median voter model: the capability × salience weighted median.

Black, D. (1948). "On the rationale of group decision-making." *Journal of
Political Economy* 56(1), 23-34. For a multi-dimensional issue the median is
taken dimension by dimension (a Condorcet winner need not exist in d > 1;
the per-dimension median is the usual stand-in, documented as such).
"""

from __future__ import annotations

import numpy as np

from realpolitik.compile import IssueArrays
from realpolitik.models.base import (
    ModelInfo,
    ModelSpec,
    Params,
    Trajectory,
    static_trajectory,
    weighted_median,
)


class MedianVoterParams(Params):
    """The median voter model has no options."""


def run(arrays: IssueArrays, params: MedianVoterParams, rng: np.random.Generator) -> Trajectory:
    """Forecast the position where cumulative c_i s_i (sorted by x) reaches half the total.

    Args:
        arrays: the issue, batched.
        params: no options.
        rng: unused (the model is deterministic).

    Returns:
        A one-round trajectory whose forecast is the weighted median per dimension.
    """
    w = arrays.capability[:, :, None] * arrays.salience
    return static_trajectory(arrays, weighted_median(arrays.position, w))


MODEL = ModelSpec(
    info=ModelInfo(
        name="median_voter",
        title="Median voter (weighted median)",
        reference="Black (1948), Journal of Political Economy 56(1)",
        summary="Capability × salience weighted median, per dimension.",
    ),
    params=MedianVoterParams,
    run=run,
)
