"""The monthly loop of docs/models/spec.md §4: levers, deals, bargaining range, settlement, battles.

One call runs a whole batch of runs; the only Python loop is over months (and
over the few levers and deal tables). Month t, for every run whose war goes on:

1. scheduled events of month t apply (where they happen in that run);
2. levers act: activity from their windows, conditions, resolve and
   alignment; public pressure moves stances; holders pay their costs;
3. aid and sanction stocks update (decay, inflow); capabilities
   K_i = base_i (1 + aid_i)(1 − drain_i) give the battle odds θ (Tullock);
4. every open deal table is solved; deal events fire and apply their effects;
5. the bargaining range [L, U] is computed from beliefs, discounted costs,
   audience costs and side payments; where it is open the war ends with
   hazard 1 − exp(−κ (U − L)) on the mediator's (or Nash) terms;
6. the runs still at war fight the month's battles; ground moves; both
   sides update their beliefs; ground at a bound ends the war by victory.
   Where neither side has any strength left (K_A = K_B = 0) no battle is
   fought, none is expected in step 5, and θ = 1/2 (:mod:`.battlefield`).

Randomness: a block draws, in this order, a ``(B, K)`` block of uniforms for
the uncertain inputs, ``(B, E)`` uniforms for whether each event happens,
``(T, 3, B)`` uniforms for the months (defender's wins, attacker's wins,
settlement), and one seed for stochastic deal models.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from realpolitik.arrays import FloatArray
from realpolitik.dynamics import bargaining as barg
from realpolitik.dynamics.battlefield import battle_odds, can_fight, fight
from realpolitik.dynamics.beliefs import belief_mean, expected_outcome, update
from realpolitik.dynamics.compiled import CompiledDynamics
from realpolitik.dynamics.deals import solve_deals
from realpolitik.dynamics.effects import apply_effects
from realpolitik.dynamics.inputs import Inputs, make_inputs
from realpolitik.dynamics.levers import SideTotals, activity, apply_pressure, side_totals, spend
from realpolitik.dynamics.output import DynamicsOutput, Recorder
from realpolitik.dynamics.state import State

MAX_DRAIN = 0.95
"""Sanctions never take away more than this share of a belligerent's capability."""

Override = Callable[[Inputs], Inputs]


def draw_block(
    dyn: CompiledDynamics, n_runs: int, rng: np.random.Generator
) -> tuple[Inputs, FloatArray, FloatArray, np.random.Generator]:
    """Draw a block's randomness in the fixed order; return inputs and the rest."""
    values, u_events, u_month, deal_rng = draw_values(dyn, n_runs, rng)
    inp = make_inputs(dyn, values, dyn.salience_scale)
    return inp, u_events, u_month, deal_rng


def draw_values(
    dyn: CompiledDynamics, n_runs: int, rng: np.random.Generator
) -> tuple[dict[str, FloatArray], FloatArray, FloatArray, np.random.Generator]:
    """:func:`draw_block` with the sampled inputs by key instead of :class:`Inputs`."""
    u_params = rng.random((n_runs, dyn.table.n_uniforms))
    u_events = rng.random((n_runs, len(dyn.events)))
    u_month = rng.random((dyn.horizon, 3, n_runs))
    deal_rng = np.random.default_rng(int(rng.integers(2**63)))
    return dyn.table.sample(u_params), u_events, u_month, deal_rng


def simulate_block(
    dyn: CompiledDynamics,
    n_runs: int,
    rng: np.random.Generator,
    override: Override | None = None,
) -> DynamicsOutput:
    """Simulate ``n_runs`` runs with all their randomness from ``rng``.

    Args:
        dyn: the compiled scenario.
        n_runs: runs in the batch.
        rng: the block's generator (see :func:`realpolitik.rng.block_rng`).
        override: optional change of the sampled inputs before the run (used by
            the one-at-a-time sensitivity: same random numbers, one input changed).
    """
    inp, u_events, u_month, deal_rng = draw_block(dyn, n_runs, rng)
    if override is not None:
        inp = override(inp)
    return run_months(dyn, inp, u_events, u_month, deal_rng)


def run_months(
    dyn: CompiledDynamics,
    inp: Inputs,
    u_events: FloatArray,
    u_month: FloatArray,
    deal_rng: np.random.Generator,
) -> DynamicsOutput:
    """The monthly loop on sampled inputs (see the module docstring)."""
    state = State.initial(dyn, inp)
    rec = Recorder.empty(dyn, inp.batch)
    rec.ground[:, 0] = state.z
    happens = u_events < inp.event_probability
    advance(dyn, inp, state, rec, happens, u_month, deal_rng, range(dyn.horizon))
    return rec.finish(dyn, state)


def advance(
    dyn: CompiledDynamics,
    inp: Inputs,
    state: State,
    rec: Recorder,
    happens: NDArray[np.bool_],
    u_month: FloatArray,
    deal_rng: np.random.Generator,
    months: range,
) -> None:
    """Run ``months`` of the monthly loop on ``state`` (``u_month`` indexed by month)."""
    for t in months:
        _month(dyn, inp, state, rec, t, happens, u_month[t], deal_rng)


def _month(
    dyn: CompiledDynamics,
    inp: Inputs,
    state: State,
    rec: Recorder,
    t: int,
    happens: NDArray[np.bool_],
    u: FloatArray,
    deal_rng: np.random.Generator,
) -> None:
    """One month, steps 1-6 of the module docstring."""
    for e, (month, effects) in enumerate(dyn.events):
        if month == t:
            apply_effects(effects, happens[:, e], state, inp)
    _clip_stances(dyn, state)
    totals = _levers(dyn, inp, state, rec, t)
    k = _capabilities(inp, state, totals)
    theta = battle_odds(k[:, 0], k[:, 1], inp.gamma)
    fighting = can_fight(k)
    rec.deals[:, t] = solve_deals(dyn, inp, state, t, deal_rng)
    _clip_stances(dyn, state)  # deal effects may shift claims and preferred terms
    m = belief_mean(state.alpha, state.beta)
    lower, upper = _bargain(dyn, inp, state, totals, k, m, t, u[2])
    rate = inp.battle_rate * state.rate_mult * inp.season[:, dyn.calendar[t]]
    mu = np.where(fighting & state.active, rate, 0.0)
    state.z, wins, losses = fight(state.z, theta, mu, inp.step, u[0], u[1], (dyn.lower, dyn.upper))
    state.alpha, state.beta = update(state.alpha, state.beta, wins, losses)
    _victory(dyn, state, t)
    rec.month(t, state, theta, m, lower, upper)


def _clip_stances(dyn: CompiledDynamics, state: State) -> None:
    """Claims and preferred terms stay on the war issue's scale after shifts."""
    np.clip(state.claim, dyn.lower, dyn.upper, out=state.claim)
    np.clip(state.preferred, dyn.lower, dyn.upper, out=state.preferred)


def _levers(dyn: CompiledDynamics, inp: Inputs, state: State, rec: Recorder, t: int) -> SideTotals:
    """Levers act: record their states, pay holder costs, push stances; sum per side."""
    act = activity(dyn, inp, state, t)
    if dyn.pin_frac is not None and dyn.pin_add is not None and dyn.pin_frac[t].any():
        act = (1.0 - dyn.pin_frac[t]) * act + dyn.pin_add[t]  # observed levers (intervention)
    effective = inp.lever_size * act
    rec.levers[:, t] = effective
    spend(dyn, inp, state, act)
    apply_pressure(dyn, effective, state)
    return side_totals(dyn, effective)


def _capabilities(inp: Inputs, state: State, totals: SideTotals) -> FloatArray:
    """Update the aid and sanction stocks; K_i = base_i (1 + aid_i)(1 − drain_i), ``(B, 2)``."""
    keep = (1.0 - inp.decay)[:, None]
    state.aid = keep * state.aid + totals.aid
    state.drain = keep * state.drain + totals.sanction
    drain = np.minimum(state.drain, MAX_DRAIN)
    out: FloatArray = inp.strength * state.strength_mult * (1.0 + state.aid) * (1.0 - drain)
    return out


def _bargain(
    dyn: CompiledDynamics,
    inp: Inputs,
    state: State,
    totals: SideTotals,
    k: FloatArray,
    m: FloatArray,
    t: int,
    u: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """The range [L, U]; settle where it is open with the hazard; return (L, U)."""
    bounds = (dyn.lower, dyn.upper)
    rate = np.where(can_fight(k), inp.battle_rate * state.rate_mult, 0.0)
    p = expected_outcome(state.z, m, inp.horizon, rate, inp.step, bounds)
    drain = np.minimum(state.drain, MAX_DRAIN)
    monthly = inp.cost * state.cost_mult * (1.0 + totals.strikes) * (1.0 + drain)
    cost = barg.discounted_cost(monthly / (1.0 + state.aid), inp.discount, inp.horizon)
    audience = barg.audience_costs(inp.audience, state.claim, p)
    lower, upper = barg.bargaining_range(p, cost, audience, totals.side_payment)
    settle = state.active & (u < barg.settlement_hazard(lower, upper, inp.kappa))
    mediator = None if dyn.nash_terms else state.preferred[:, dyn.mediator]
    terms = barg.settlement_terms(lower, upper, bounds, mediator, _nash_weight(k))
    state.terms = np.where(settle, terms, state.terms)
    state.settled[settle] = t
    state.active &= ~settle
    return lower, upper


def _nash_weight(k: FloatArray) -> FloatArray:
    """The defender's Nash bargaining weight K_A / (K_A + K_B); 1/2 when neither has strength."""
    total = k.sum(axis=1)
    some = total > 0.0
    out: FloatArray = np.where(some, k[:, 0] / np.where(some, total, 1.0), 0.5)
    return out


def _victory(dyn: CompiledDynamics, state: State, t: int) -> None:
    won = state.active & (state.z >= dyn.upper)
    lost = state.active & (state.z <= dyn.lower)
    state.victory[won | lost] = t
    state.victor[won] = 0
    state.victor[lost] = 1
    state.active &= ~(won | lost)
