"""Two versions of one dynamic scenario on common random numbers (paired runs).

A what-if compares a scenario with a changed copy of it. Run ``r`` of both
uses the same random numbers: the same battle, event and deal draws, and the
same uniform for every uncertain input the two versions share (matched by the
input's key, :mod:`realpolitik.dynamics.params`). An input that is uncertain only
in the variant (a number made a distribution) draws from its own stream. So
the paired difference of any outcome is the effect of the change and not Monte
Carlo noise (the method of common random numbers: Law, *Simulation Modeling and
Analysis*, 5th ed., 2015, §11.2), and the baseline's runs are exactly those of
``realpolitik simulate`` with the same seed (block ``k`` draws from
``block_rng(seed, k)`` in the engine's order, :func:`~.engine.draw_block`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from realpolitik.arrays import FloatArray
from realpolitik.dynamics.compiled import CompiledDynamics
from realpolitik.dynamics.engine import run_months
from realpolitik.dynamics.inputs import make_inputs
from realpolitik.dynamics.output import DynamicsOutput, concat
from realpolitik.dynamics.params import ParamTable
from realpolitik.rng import block_rng, blocks

FRESH_STREAM = 0x5EED
"""Spawn key of the stream for inputs uncertain only in the variant."""


@dataclass(frozen=True, kw_only=True)
class Draws:
    """The random numbers of one block, as the engine draws them (see ``draw_block``)."""

    index: int
    u_params: FloatArray
    u_events: FloatArray
    u_month: FloatArray
    deal_seed: int

    @property
    def size(self) -> int:
        """Runs in the block."""
        return int(self.u_params.shape[0])


def draw(dyn: CompiledDynamics, runs: int, seed: int) -> tuple[Draws, ...]:
    """Every block's random numbers for ``runs`` runs with master seed ``seed``."""
    out = []
    for index, start, stop in blocks(runs):
        rng = block_rng(seed, index)
        n = stop - start
        u_params = rng.random((n, dyn.table.n_uniforms))
        u_events = rng.random((n, len(dyn.events)))
        u_month = rng.random((dyn.horizon, 3, n))
        deal_seed = int(rng.integers(2**63))
        out.append(
            Draws(
                index=index,
                u_params=u_params,
                u_events=u_events,
                u_month=u_month,
                deal_seed=deal_seed,
            )
        )
    return tuple(out)


def matched_uniforms(base: ParamTable, variant: ParamTable, d: Draws, seed: int) -> FloatArray:
    """The variant's uniforms: the baseline's column for every input uncertain in both,
    a fresh stream's for the others."""
    columns = {key: j for j, key in enumerate(base.uncertain_keys())}
    keys = variant.uncertain_keys()
    fresh = block_rng(seed, FRESH_STREAM + d.index).random((d.size, len(keys)))
    take = [(i, columns[k]) for i, k in enumerate(keys) if k in columns]
    out = fresh.copy()
    if take:
        mine, theirs = zip(*take, strict=True)
        out[:, list(mine)] = d.u_params[:, list(theirs)]
    return out


def run_draws(
    dyn: CompiledDynamics, draws: tuple[Draws, ...], seed: int, base: ParamTable | None = None
) -> DynamicsOutput:
    """Run a compiled scenario on given draws (``base``: the table the draws were made for,
    when ``dyn`` is a variant of it)."""
    if len(draws[0].u_events[0]) != len(dyn.events):
        raise ValueError("a paired variant must keep the baseline's events")
    parts = []
    for d in draws:
        u = d.u_params if base is None else matched_uniforms(base, dyn.table, d, seed)
        inp = make_inputs(dyn, dyn.table.sample(u), dyn.salience_scale)
        deal_rng = np.random.default_rng(d.deal_seed)
        parts.append(run_months(dyn, inp, d.u_events, d.u_month, deal_rng))
    return concat(parts)
