"""Negotiated sub-deals (the minerals deal, M1): one bargaining model per table per month.

Every month each unsigned deal table is solved by its registry model on the
current public positions (moved by public pressure), capabilities and
saliences (scaled by each actor's resolve, M11), all runs at once. The deal
event fires in the runs where the outcome lies inside every signatory's
private acceptable interval (M2), shifted by the alignment of rival powers
(M13) and, for a signatory with a ``tolerance``, within that distance of its
current public position (which public pressure moves, M3); its effects then
apply.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from realpolitik.arrays import FloatArray
from realpolitik.compile import IssueArrays
from realpolitik.dynamics.compiled import CompiledDynamics
from realpolitik.dynamics.effects import apply_effects
from realpolitik.dynamics.inputs import DealInputs, Inputs
from realpolitik.dynamics.state import NONE, State


def solve_deals(
    dyn: CompiledDynamics, inp: Inputs, state: State, t: int, rng: np.random.Generator
) -> FloatArray:
    """Solve every open deal table for month ``t``; fire deal events; ``(B, nD)`` outcomes.

    Outcomes are NaN where a deal was not negotiated (already signed, or
    before its start month).
    """
    b = inp.batch
    out = np.full((b, len(dyn.deals)), np.nan)
    for d, deal in enumerate(dyn.deals):
        open_runs = np.flatnonzero(state.deal_month[:, d] == NONE)
        if t < deal.start or open_runs.size == 0:
            continue
        di = inp.deals[d]
        people = deal.participants
        sal = di.salience[open_runs] * state.resolve[open_runs][:, people]
        arrays = IssueArrays(
            issue_id=deal.issue,
            actor_ids=tuple(dyn.actor_ids[i] for i in people),
            capability=di.capability[open_runs],
            position=state.positions[d][open_runs][:, :, None],
            salience=sal[:, :, None],
            lower=np.array([deal.lower]),
            upper=np.array([deal.upper]),
            status_quo=None if di.status_quo is None else di.status_quo[open_runs][:, None],
        )
        x = deal.model.run(arrays, deal.params, rng).forecast[:, 0]
        out[open_runs, d] = x
        low, high = _acceptable(deal.signatories, di, state, open_runs, d)
        inside = ((x[:, None] >= low - 1e-9) & (x[:, None] <= high + 1e-9)).all(axis=1)
        fired = np.zeros(b, dtype=np.bool_)
        fired[open_runs[inside]] = True
        state.deal_month[fired, d] = t
        apply_effects(deal.effects, fired, state, inp)
    return out


def _acceptable(
    seats: NDArray[np.intp], di: DealInputs, state: State, runs: NDArray[np.intp], d: int
) -> tuple[FloatArray, FloatArray]:
    """Each signatory's acceptable interval ``(r, s)`` in the open runs.

    Its private ``accept`` interval shifted by the rival powers' alignment,
    intersected with ``tolerance`` around its current public position.
    """
    shift = (di.rival_shift[runs] * state.alignment[runs][:, None, :]).sum(axis=2)
    own = state.positions[d][runs][:, seats]
    tol = di.tolerance[runs]
    low = np.maximum(di.accept_low[runs] + shift, own - tol)
    high = np.minimum(di.accept_high[runs] + shift, own + tol)
    return low, high
