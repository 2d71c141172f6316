"""Levers: carrots and sticks held by third parties (M3-M6, M9, M11-M13).

Each month a lever's *activity* is

    on × window(t) × scale × condition(gap) × resolve_holder × alignment_holder,

and its effective size is ``size × activity`` (its state, reported per month).
The condition reads the *gap* between the target's public stance and the
holder's: at the war table, the target's excess demand over the holder's
preferred terms (positive: the target asks more than the holder would give
it); at a deal table, the distance between their positions. A ``step`` rule
uses ``above`` when gap > threshold, else ``below``; a ``linear`` rule moves
from ``below`` at gap 0 to ``above`` at the threshold. So "pause aid while
Kyiv demands more than m_US + 10" is ``above: 0, below: 1, threshold: 10``
and "sanctions while Moscow is far from the US terms" is ``above: 1, below: 0``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from realpolitik.arrays import FloatArray
from realpolitik.dynamics.compiled import WAR_TABLE, CompiledDynamics
from realpolitik.dynamics.inputs import Inputs
from realpolitik.dynamics.state import State


@dataclass(frozen=True)
class SideTotals:
    """Effective lever sizes summed per belligerent, ``(B, 2)`` each."""

    aid: FloatArray
    sanction: FloatArray
    strikes: FloatArray
    side_payment: FloatArray


def gaps(dyn: CompiledDynamics, state: State) -> FloatArray:
    """The gap of every lever's target, ``(B, nL)`` (0 where the lever reads none)."""
    b = state.z.shape[0]
    out = np.zeros((b, dyn.n_levers))
    war = (dyn.lever_table == WAR_TABLE) & (dyn.lever_side >= 0)
    if war.any():
        side = dyn.lever_side[war]
        claim = state.claim[:, side]
        pref = state.preferred[:, dyn.lever_holder[war]]
        sign = np.where(side == 0, 1.0, -1.0)
        out[:, war] = np.nan_to_num(sign * (claim - pref))
    for k in np.flatnonzero(dyn.lever_table != WAR_TABLE):
        pos = state.positions[int(dyn.lever_table[k])]
        out[:, k] = np.abs(pos[:, dyn.lever_target_seat[k]] - pos[:, dyn.lever_holder_seat[k]])
    return out


def condition_multiplier(dyn: CompiledDynamics, inp: Inputs, gap: FloatArray) -> FloatArray:
    """The condition's multiplier per lever, ``(B, nL)`` (1 for unconditional levers)."""
    thr = inp.lever_threshold
    step = np.where(gap > thr, inp.lever_above, inp.lever_below)
    positive = thr > 0
    safe_thr = np.where(positive, thr, 1.0)
    frac = np.clip(gap, 0.0, safe_thr) / safe_thr  # = clip(gap / thr, 0, 1), never overflows
    frac = np.where(positive, frac, (gap > 0).astype(np.float64))
    linear = inp.lever_below + (inp.lever_above - inp.lever_below) * frac
    mult = np.where(dyn.lever_linear, linear, step)
    out: FloatArray = np.where(dyn.lever_conditional, mult, 1.0)
    return out


def activity(dyn: CompiledDynamics, inp: Inputs, state: State, t: int) -> FloatArray:
    """How much of each lever acts this month, ``(B, nL)``."""
    window = (dyn.lever_start <= t) & (t <= dyn.lever_end)
    act = state.lever_on * window * state.lever_scale
    act = act * condition_multiplier(dyn, inp, gaps(dyn, state))
    act = act * state.resolve[:, dyn.lever_holder]
    aligned = dyn.lever_alignment >= 0
    if aligned.any():
        act[:, aligned] *= state.alignment[:, dyn.lever_alignment[aligned]]
    out: FloatArray = act
    return out


def side_totals(dyn: CompiledDynamics, effective: FloatArray) -> SideTotals:
    """Sum effective sizes per kind and per targeted belligerent."""
    m = dyn.side_matrices
    return SideTotals(
        aid=effective @ m["aid"],
        sanction=effective @ m["sanction"],
        strikes=effective @ m["strike_support"],
        side_payment=effective @ m["side_payment"],
    )


def spend(dyn: CompiledDynamics, inp: Inputs, state: State, act: FloatArray) -> None:
    """Add this month's holder costs; resolve = exp(−sensitivity × cumulative cost) (M11)."""
    if not dyn.n_levers:
        return
    state.spent += (act * inp.lever_holder_cost) @ dyn.owner_matrix
    state.resolve = np.exp(-inp.sensitivity * state.spent)


def apply_pressure(dyn: CompiledDynamics, effective: FloatArray, state: State) -> None:
    """Public pressure moves the target's public stance toward the holder's (M3)."""
    for k in np.flatnonzero(dyn.kind_mask("public_pressure")):
        rate = np.clip(effective[:, k], 0.0, 1.0)
        if dyn.lever_table[k] == WAR_TABLE:
            s = int(dyn.lever_side[k])
            pref = state.preferred[:, dyn.lever_holder[k]]
            state.claim[:, s] += rate * (pref - state.claim[:, s])
        else:
            pos = state.positions[int(dyn.lever_table[k])]
            h, g = dyn.lever_holder_seat[k], dyn.lever_target_seat[k]
            pos[:, g] += rate * (pos[:, h] - pos[:, g])
