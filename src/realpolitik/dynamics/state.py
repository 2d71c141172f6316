"""The mutable state of a batch of runs during the monthly loop."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from realpolitik.arrays import FloatArray
from realpolitik.dynamics.beliefs import prior
from realpolitik.dynamics.compiled import CompiledDynamics
from realpolitik.dynamics.inputs import Inputs

NONE = -1
"""Month index meaning "did not happen within the horizon"."""


@dataclass(kw_only=True)
class State:
    """Everything that changes from month to month (arrays with a leading run axis ``B``).

    Attributes:
        z: ground held by the defender.
        alpha, beta: ``(B, 2)`` Beta beliefs of (defender, attacker) over θ.
        aid, drain: ``(B, 2)`` capability stocks from aid and sanctions (fractions).
        claim: ``(B, 2)`` public claims on the war issue.
        preferred: ``(B, n)`` preferred war terms of every actor (NaN: none).
        strength_mult, cost_mult: ``(B, 2)`` multipliers set by events.
        rate_mult: ``(B,)`` battle-rate multiplier set by events.
        lever_on: ``(B, nL)`` levers switched on (by the file, events or deals).
        lever_scale: ``(B, nL)`` size multipliers set by events or deals.
        alignment: ``(B, nA)`` alignment levels.
        spent: ``(B, n)`` cumulative holder costs; resolve: ``(B, n)`` exp(−sensitivity × spent).
        positions: per deal, ``(B, m)`` public positions at that table.
        active: runs whose war goes on (not settled, no victory).
        settled, victory, deal_month: month indices (``NONE`` if not yet).
        victor: 0 = defender, 1 = attacker, -1 = none.
        terms: settlement terms (NaN if none).
    """

    z: FloatArray
    alpha: FloatArray
    beta: FloatArray
    aid: FloatArray
    drain: FloatArray
    claim: FloatArray
    preferred: FloatArray
    strength_mult: FloatArray
    cost_mult: FloatArray
    rate_mult: FloatArray
    lever_on: NDArray[np.bool_]
    lever_scale: FloatArray
    alignment: FloatArray
    spent: FloatArray
    resolve: FloatArray
    positions: list[FloatArray]
    active: NDArray[np.bool_]
    settled: NDArray[np.int64]
    victory: NDArray[np.int64]
    victor: NDArray[np.int64]
    terms: FloatArray
    deal_month: NDArray[np.int64]

    @classmethod
    def initial(cls, dyn: CompiledDynamics, inp: Inputs) -> State:
        """The state at the start of the first month."""
        b, n = inp.batch, len(dyn.actor_ids)
        alpha, beta = prior(inp.prior_mean, inp.prior_strength)
        none = np.full(b, NONE, dtype=np.int64)
        return cls(
            z=inp.ground.copy(),
            alpha=alpha,
            beta=beta,
            aid=inp.aid_stock.copy(),
            drain=np.zeros((b, 2)),
            claim=inp.claim.copy(),
            preferred=inp.preferred.copy(),
            strength_mult=np.ones((b, 2)),
            cost_mult=np.ones((b, 2)),
            rate_mult=np.ones(b),
            lever_on=np.repeat(dyn.lever_enabled[None, :], b, axis=0),
            lever_scale=np.ones((b, dyn.n_levers)),
            alignment=inp.alignment.copy(),
            spent=np.zeros((b, n)),
            resolve=np.ones((b, n)),
            positions=[d.position.copy() for d in inp.deals],
            active=np.ones(b, dtype=np.bool_),
            settled=none.copy(),
            victory=none.copy(),
            victor=none.copy(),
            terms=np.full(b, np.nan),
            deal_month=np.full((b, len(dyn.deals)), NONE, dtype=np.int64),
        )
