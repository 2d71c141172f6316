"""Sampled inputs of a batch of runs, as named arrays with a leading run axis."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from realpolitik.arrays import FloatArray
from realpolitik.dynamics.compiled import CompiledDynamics


@dataclass(frozen=True, kw_only=True)
class DealInputs:
    """One deal table's sampled numbers: ``(B, m)`` per participant, ``(B, s)`` per signatory.

    ``tolerance`` is infinite for a signatory without one.
    """

    position: FloatArray
    salience: FloatArray
    capability: FloatArray
    status_quo: FloatArray | None
    accept_low: FloatArray
    accept_high: FloatArray
    tolerance: FloatArray
    rival_shift: FloatArray  # (B, s, nA)


@dataclass(frozen=True, kw_only=True)
class Inputs:
    """Every input of a batch of ``B`` runs (war-issue values in internal orientation).

    Side arrays have shape ``(B, 2)`` (defender, attacker); actor arrays
    ``(B, n)``; lever arrays ``(B, nL)``.
    """

    season: FloatArray
    ground: FloatArray
    battle_rate: FloatArray
    step: FloatArray
    gamma: FloatArray
    horizon: FloatArray
    discount: FloatArray
    decay: FloatArray
    kappa: FloatArray
    strength: FloatArray
    aid_stock: FloatArray
    cost: FloatArray
    prior_mean: FloatArray
    prior_strength: FloatArray
    audience: FloatArray
    claim: FloatArray
    preferred: FloatArray
    sensitivity: FloatArray
    alignment: FloatArray
    lever_size: FloatArray
    lever_threshold: FloatArray
    lever_above: FloatArray
    lever_below: FloatArray
    lever_holder_cost: FloatArray
    deals: tuple[DealInputs, ...]
    event_probability: FloatArray
    effects: dict[str, FloatArray] = field(default_factory=dict)

    @property
    def batch(self) -> int:
        """Number of runs ``B``."""
        return int(self.ground.shape[0])


def make_inputs(
    dyn: CompiledDynamics, values: dict[str, FloatArray], salience_scale: float
) -> Inputs:
    """Arrange sampled values (see :meth:`ParamTable.sample`) into :class:`Inputs`."""
    v = dict(values)
    if dyn.flip:
        for key in dyn.coords:
            v[key] = dyn.lower + dyn.upper - v[key]
        for key in dyn.shifts:
            v[key] = -v[key]
    batch = len(v["war.ground"])

    def cols(keys: list[str], default: float = 0.0) -> FloatArray:
        out = np.full((batch, len(keys)), default)
        for j, key in enumerate(keys):
            if key in v:
                out[:, j] = v[key]
        return out

    sides = ("war.defender", "war.attacker")
    side = {
        name: cols([f"{s}.{name}" for s in sides])
        for name in (
            "strength",
            "aid_stock",
            "monthly_cost",
            "prior.mean",
            "prior.strength",
            "audience_cost",
            "claim",
        )
    }
    lever = {
        name: cols([f"levers[{k}].{name}" for k in range(dyn.n_levers)])
        for name in ("size", "threshold", "above", "below", "holder_cost")
    }
    return Inputs(
        season=cols([f"clock.season[{k}]" for k in range(12)], 1.0),
        ground=v["war.ground"],
        battle_rate=v["war.battle_rate"],
        step=v["war.step"],
        gamma=v["war.contest_exponent"],
        horizon=v["war.planning_horizon"],
        discount=v["war.discount"],
        decay=v["war.capital_decay"],
        kappa=v["war.settlement_rate"],
        strength=side["strength"],
        aid_stock=side["aid_stock"],
        cost=side["monthly_cost"],
        prior_mean=side["prior.mean"],
        prior_strength=side["prior.strength"],
        audience=side["audience_cost"],
        claim=side["claim"],
        preferred=cols([f"preferred.{a}" for a in dyn.actor_ids], np.nan),
        sensitivity=cols([f"resolve.{a}" for a in dyn.actor_ids]),
        alignment=cols([f"war.alignments[{k}].level" for k in range(len(dyn.alignment_actor))]),
        lever_size=lever["size"],
        lever_threshold=lever["threshold"],
        lever_above=lever["above"],
        lever_below=lever["below"],
        lever_holder_cost=lever["holder_cost"],
        deals=tuple(_deal_inputs(dyn, k, v, salience_scale) for k in range(len(dyn.deals))),
        event_probability=cols([f"events[{k}].probability" for k in range(len(dyn.events))], 1.0),
        effects={k: x for k, x in v.items() if ".effects[" in k},
    )


def _deal_inputs(
    dyn: CompiledDynamics,
    k: int,
    v: dict[str, FloatArray],
    salience_scale: float,
) -> DealInputs:
    deal = dyn.deals[k]
    key = f"deals[{k}]"
    people = [dyn.actor_ids[i] for i in deal.participants]
    signers = [people[i] for i in deal.signatories]
    n_align = len(dyn.alignment_actor)
    aligned = [dyn.actor_ids[i] for i in dyn.alignment_actor]
    batch = len(v["war.ground"])

    def take(keys: list[str], default: float = 0.0) -> FloatArray:
        return np.stack([v.get(kk, np.full(batch, default)) for kk in keys], axis=1)

    rival = np.zeros((batch, len(signers), n_align))
    for s, signer in enumerate(signers):
        for a, actor in enumerate(aligned):
            rk = f"{key}.rival_shift.{signer}.{actor}"
            if rk in v:
                rival[:, s, a] = v[rk]
    return DealInputs(
        position=take([f"{key}.position.{p}" for p in people]),
        salience=take([f"{key}.salience.{p}" for p in people]) / salience_scale,
        capability=take([f"capability.{p}" for p in people]),
        status_quo=v.get(f"{key}.status_quo"),
        accept_low=take([f"{key}.accept_low.{s}" for s in signers]),
        accept_high=take([f"{key}.accept_high.{s}" for s in signers]),
        tolerance=take([f"{key}.tolerance.{s}" for s in signers]),
        rival_shift=rival,
    )
