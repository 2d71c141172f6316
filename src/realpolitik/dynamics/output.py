"""What a batch of runs returns: per-run paths and event months (user orientation)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import numpy as np
from numpy.typing import NDArray

from realpolitik.arrays import FloatArray
from realpolitik.dynamics.compiled import CompiledDynamics
from realpolitik.dynamics.state import State

IntArray = NDArray[np.int64]


@dataclass(frozen=True, kw_only=True)
class DynamicsOutput:
    """Outputs of ``B`` runs over ``T`` months, on the war issue's own scale.

    Month indices count from 0 (the clock's start); ``-1`` means "not within
    the horizon". Monthly series hold the state *during* month t (levers,
    range, odds, beliefs before that month's battles); ``ground[:, t + 1]``
    is the ground at the end of month t (``ground[:, 0]`` at the start).

    Attributes:
        settled: ``(B,)`` month of the settlement (ceasefire) or -1.
        terms: ``(B,)`` settlement terms (NaN without settlement).
        victory: ``(B,)`` month the war ended by victory or -1; victor: 0
            defender, 1 attacker, -1 none.
        ground: ``(B, T + 1)`` ground held by the defender.
        lower, upper: ``(B, T)`` the bargaining range (L, U).
        levers: ``(B, T, nL)`` each lever's effective size.
        deal_month: ``(B, nD)`` month each deal was signed or -1.
        deal_outcome: ``(B, T, nD)`` each deal table's model outcome (NaN once signed).
        theta: ``(B, T)`` the defender's battle odds.
        belief: ``(B, T, 2)`` belief means (defender, attacker) about θ.
        claim: ``(B, T, 2)`` public claims (defender, attacker).
    """

    settled: IntArray
    terms: FloatArray
    victory: IntArray
    victor: IntArray
    ground: FloatArray
    lower: FloatArray
    upper: FloatArray
    levers: FloatArray
    deal_month: IntArray
    deal_outcome: FloatArray
    theta: FloatArray
    belief: FloatArray
    claim: FloatArray

    @property
    def batch(self) -> int:
        """Number of runs."""
        return int(self.settled.shape[0])


def concat(parts: list[DynamicsOutput]) -> DynamicsOutput:
    """Join batches along the run axis."""
    first = parts[0]
    joined = {f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(first)}
    return replace(first, **joined)


@dataclass
class Recorder:
    """Monthly series filled in by the engine (internal orientation)."""

    ground: FloatArray
    lower: FloatArray
    upper: FloatArray
    levers: FloatArray
    deals: FloatArray
    theta: FloatArray
    belief: FloatArray
    claim: FloatArray

    @classmethod
    def empty(cls, dyn: CompiledDynamics, batch: int) -> Recorder:
        """Arrays for ``batch`` runs of the scenario's horizon."""
        t = dyn.horizon
        return cls(
            ground=np.empty((batch, t + 1)),
            lower=np.empty((batch, t)),
            upper=np.empty((batch, t)),
            levers=np.empty((batch, t, dyn.n_levers)),
            deals=np.empty((batch, t, len(dyn.deals))),
            theta=np.empty((batch, t)),
            belief=np.empty((batch, t, 2)),
            claim=np.empty((batch, t, 2)),
        )

    def month(
        self,
        t: int,
        state: State,
        theta: FloatArray,
        m: FloatArray,
        lower: FloatArray,
        upper: FloatArray,
    ) -> None:
        """Record month t."""
        self.ground[:, t + 1] = state.z
        self.lower[:, t] = lower
        self.upper[:, t] = upper
        self.theta[:, t] = theta
        self.belief[:, t] = m
        self.claim[:, t] = state.claim

    def finish(self, dyn: CompiledDynamics, state: State) -> DynamicsOutput:
        """The output, mirrored back when the war issue was flipped."""
        ground, terms, claim = self.ground, state.terms, self.claim
        lower, upper = self.lower, self.upper
        if dyn.flip:
            ground, terms, claim = (_mirror(dyn, x) for x in (ground, terms, claim))
            lower, upper = _mirror(dyn, upper), _mirror(dyn, lower)
        return DynamicsOutput(
            settled=state.settled,
            terms=terms,
            victory=state.victory,
            victor=state.victor,
            ground=ground,
            lower=lower,
            upper=upper,
            levers=self.levers,
            deal_month=state.deal_month,
            deal_outcome=self.deals,
            theta=self.theta,
            belief=self.belief,
            claim=claim,
        )


def _mirror(dyn: CompiledDynamics, x: FloatArray) -> FloatArray:
    """lower + upper − x, exact at the bounds (a victory lands exactly on a bound)."""
    out: FloatArray = np.where(
        x == dyn.upper, dyn.lower, np.where(x == dyn.lower, dyn.upper, dyn.lower + dyn.upper - x)
    )
    return out
