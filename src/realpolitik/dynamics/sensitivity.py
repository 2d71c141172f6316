"""Which lever moves the settlement date most: a quick one-at-a-time sensitivity.

Each lever is switched off in turn (its size set to 0) and the same runs are
simulated again with the *same* random numbers (common random numbers: the
inputs and battles of a run do not depend on the other inputs), so the
difference to the baseline is due to the lever, not to Monte Carlo noise.
The settlement date is summarised by the restricted mean time to settlement,
E[min(τ, T)] with τ = T when no settlement happens within the horizon.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from realpolitik.arrays import FloatArray
from realpolitik.dynamics.inputs import Inputs
from realpolitik.dynamics.output import DynamicsOutput
from realpolitik.results.schemas import Baseline, LeverEffect, LeverSensitivity, make


def mean_months_to_settlement(out: DynamicsOutput, horizon: int) -> float:
    """E[min(τ, T)] in months: settlement in month t counts t + 1, none counts T."""
    tau: FloatArray = np.where(out.settled >= 0, out.settled + 1.0, float(horizon))
    return float(tau.mean())


def lever_off(k: int) -> Callable[[Inputs], Inputs]:
    """An input override switching lever ``k`` off."""

    def override(inp: Inputs) -> Inputs:
        size = inp.lever_size.copy()
        size[:, k] = 0.0
        return replace(inp, lever_size=size)

    return override


def lever_effects(
    lever_ids: tuple[str, ...],
    horizon: int,
    baseline: DynamicsOutput,
    without: list[DynamicsOutput],
    top: int = 3,
) -> LeverSensitivity:
    """The sensitivity document: per lever, how settlement changes when it is off.

    ``months_earlier`` is the mean months to settlement without the lever minus
    with it (positive: the lever brings the settlement forward);
    ``probability`` the change of P(settled within the horizon) the lever makes.
    """
    base_t = mean_months_to_settlement(baseline, horizon)
    base_p = float(np.mean(baseline.settled >= 0))
    indices = {
        lever: make(
            LeverEffect,
            months_earlier=mean_months_to_settlement(out, horizon) - base_t,
            probability=base_p - float(np.mean(out.settled >= 0)),
        )
        for lever, out in zip(lever_ids, without, strict=True)
    }
    ranked = sorted(indices, key=lambda k: -abs(indices[k].months_earlier))
    return make(
        LeverSensitivity,
        output="settlement date",
        method="one at a time, lever off, common random numbers",
        runs=baseline.batch,
        baseline=make(Baseline, mean_months=base_t, probability=base_p),
        indices={k: indices[k] for k in ranked},
        top=ranked[:top],
    )
