"""Apply the effects of events and deals to the runs in which they happen."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from realpolitik.arrays import FloatArray
from realpolitik.dynamics.compiled import CompiledEffect
from realpolitik.dynamics.inputs import Inputs
from realpolitik.dynamics.state import State


def apply_effects(
    effects: tuple[CompiledEffect, ...], mask: NDArray[np.bool_], state: State, inp: Inputs
) -> None:
    """Change ``state`` in place, only in the runs where ``mask`` is true.

    ``enable`` switches a lever; ``scale`` multiplies its size; ``preferred``
    and ``claim`` shift a point on the war issue; ``strength``,
    ``monthly_cost`` and ``battle_rate`` multiply; ``alignment`` sets a level.
    """
    if not mask.any():
        return
    for e in effects:
        i = e.index
        if e.kind == "enable":
            state.lever_on[mask, i] = bool(e.enable)
            continue
        assert e.key is not None
        value = inp.effects[e.key][mask]
        if e.kind == "scale":
            state.lever_scale[mask, i] = _times(state.lever_scale[mask, i], value)
        elif e.kind == "preferred":
            state.preferred[mask, i] += value
        elif e.kind == "claim":
            state.claim[mask, i] += value
        elif e.kind == "strength":
            state.strength_mult[mask, i] = _times(state.strength_mult[mask, i], value)
        elif e.kind == "monthly_cost":
            state.cost_mult[mask, i] = _times(state.cost_mult[mask, i], value)
        elif e.kind == "alignment":
            state.alignment[mask, i] = value
        elif e.kind == "battle_rate":
            state.rate_mult[mask] = _times(state.rate_mult[mask], value)
        else:  # pragma: no cover - the compiler only emits the kinds above
            raise ValueError(f"unknown effect kind {e.kind}")


MAX_MULTIPLIER = 1e6
"""Repeated effects compound; their product is capped here to keep the arithmetic finite."""


def _times(current: FloatArray, factor: FloatArray) -> FloatArray:
    out: FloatArray = np.minimum(current * np.minimum(factor, MAX_MULTIPLIER), MAX_MULTIPLIER)
    return out
