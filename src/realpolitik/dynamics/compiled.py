"""What the engine runs: a dynamic scenario compiled to indices, masks and inputs.

:func:`realpolitik.dynamics.spec.compile_dynamics` builds a
:class:`CompiledDynamics` from a scenario; the engine and its outputs read
only these types, never the scenario's names. The war's issue is oriented
so that its high end means "the defender holds everything" (``flip`` says
whether the scenario's was mirrored).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import get_args

import numpy as np
from numpy.typing import NDArray

from realpolitik.arrays import FloatArray
from realpolitik.dynamics.params import ParamTable
from realpolitik.models.base import ModelSpec, Params
from realpolitik.scenario.dynamics import LeverKind

IntArray = NDArray[np.intp]
BoolArray = NDArray[np.bool_]

KINDS: tuple[str, ...] = get_args(LeverKind)
"""Lever kinds; ``CompiledDynamics.lever_kind`` holds indices into this tuple."""

WAR_TABLE = -1
"""``lever_table`` of a lever acting at the war table (else the deal's index)."""


@dataclass(frozen=True, kw_only=True)
class CompiledEffect:
    """One effect: what it changes (``kind``), on which index, by which input."""

    kind: str
    index: int
    key: str | None = None
    enable: bool | None = None


@dataclass(frozen=True, kw_only=True)
class CompiledDeal:
    """One deal table: its model, participants (actor indices) and signatories."""

    id: str
    issue: str
    model: ModelSpec
    params: Params
    participants: IntArray
    signatories: IntArray
    start: int
    lower: float
    upper: float
    has_status_quo: bool
    effects: tuple[CompiledEffect, ...]


@dataclass(frozen=True, kw_only=True)
class CompiledDynamics:
    """A dynamic scenario ready for the engine.

    Attributes:
        months: ``YYYY-MM`` labels of the horizon.
        calendar: ``(T,)`` calendar month (0 = January) of each step.
        actor_ids: every actor, in file order (actor axis ``n``).
        sides: actor indices of (defender, attacker).
        lower, upper: bounds of the war issue (internal orientation).
        flip: whether the war issue is mirrored internally.
        mediator: actor index of the mediator, or -1.
        nash_terms: whether terms are the Nash split (else the mediator's point).
        lever_*: per-lever structure (axis ``nL``).
        alignment_actor, alignment_side: per alignment (axis ``nA``).
        deals: the deal tables.
        events: ``(month index, effects)`` per scheduled event.
        table: the registered inputs.
        pin_frac, pin_add: ``(T, nL)`` observed lever activity pinned in every run
            (:mod:`.observe`; None: none): activity ← (1 − frac) × activity + add.
    """

    scenario_title: str
    war_issue: str
    months: list[str]
    calendar: IntArray
    actor_ids: tuple[str, ...]
    sides: tuple[int, int]
    lower: float
    upper: float
    flip: bool
    mediator: int
    nash_terms: bool
    lever_ids: tuple[str, ...]
    lever_kind: IntArray
    lever_holder: IntArray
    lever_target: IntArray
    lever_side: IntArray
    lever_table: IntArray
    lever_start: IntArray
    lever_end: IntArray
    lever_enabled: BoolArray
    lever_conditional: BoolArray
    lever_linear: BoolArray
    lever_alignment: IntArray
    lever_holder_seat: IntArray
    lever_target_seat: IntArray
    alignment_actor: IntArray
    alignment_side: IntArray
    deals: tuple[CompiledDeal, ...]
    events: tuple[tuple[int, tuple[CompiledEffect, ...]], ...]
    event_ids: tuple[str, ...]
    salience_scale: float
    table: ParamTable = field(repr=False)
    coords: tuple[str, ...] = ()
    shifts: tuple[str, ...] = ()
    pin_frac: FloatArray | None = None
    pin_add: FloatArray | None = None

    @property
    def horizon(self) -> int:
        """Number of months ``T``."""
        return len(self.months)

    @property
    def n_levers(self) -> int:
        """Number of levers."""
        return len(self.lever_ids)

    def kind_mask(self, kind: str) -> BoolArray:
        """Levers of one kind."""
        out: BoolArray = self.lever_kind == KINDS.index(kind)
        return out

    @cached_property
    def owner_matrix(self) -> FloatArray:
        """``(nL, n)``: 1 where the actor holds the lever."""
        owner = np.zeros((self.n_levers, len(self.actor_ids)))
        owner[np.arange(self.n_levers), self.lever_holder] = 1.0
        return owner

    @cached_property
    def side_matrices(self) -> dict[str, FloatArray]:
        """Per lever kind, ``(nL, 2)``: 1 where a lever of that kind targets that side."""
        return {
            kind: np.stack(
                [(self.lever_kind == k) & (self.lever_side == s) for s in (0, 1)], axis=1
            ).astype(np.float64)
            for k, kind in enumerate(KINDS)
        }
