"""The dynamic blocks of a scenario file: clock, war, levers, deals and events.

A scenario with these blocks is run month by month by
:mod:`realpolitik.dynamics` (docs/models/spec.md §4): a battlefield between two
belligerents, their beliefs about the balance of power, the bargaining range
between them, third-party levers (carrots and sticks) and negotiated sub-deals
solved each month by a bargaining model. Every number may be uncertain (the
syntax of :mod:`realpolitik.scenario.uncertain`).

Units: ground, claims, preferred terms, steps, monthly costs, side payments
and thresholds are all on the scale of the war's issue (``war.issue``), whose
high end means "the defender holds all of the disputed territory" (set
``war.defender_end: low`` for the other orientation). Public stances (an
actor's ``position`` on an issue) may differ from its private reservation point
(mechanism M2): at the war table the private point is computed from beliefs and
costs, at a deal table it is the signatory's ``accept`` interval.

Cross-field rules (ids that must exist, months within the horizon, ...) are in
:mod:`realpolitik.scenario.dynamics_checks`; months and their arithmetic
(``month_number`` ..., re-exported here) in :mod:`realpolitik.scenario.fields`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from realpolitik.scenario.fields import FrozenModel as _Frozen
from realpolitik.scenario.fields import Id, Month, not_bool
from realpolitik.scenario.fields import month_label as month_label
from realpolitik.scenario.fields import month_labels as month_labels
from realpolitik.scenario.fields import month_number as month_number
from realpolitik.scenario.uncertain import Distribution, Uncertain

LeverKind = Literal["aid", "sanction", "strike_support", "side_payment", "public_pressure"]


def _flat_season() -> list[float | Distribution]:
    return [1.0] * 12


class Clock(_Frozen):
    """The monthly clock (M10).

    Attributes:
        start: first month simulated (``YYYY-MM``).
        horizon: number of months simulated.
        season: twelve fighting-intensity multipliers, January to December,
            applied to the battle rate (1 = the nominal rate).
        source: justification of the numbers.
    """

    start: Month
    horizon: Annotated[int, BeforeValidator(not_bool)] = Field(ge=1, le=600)
    season: list[Uncertain] = Field(default_factory=_flat_season, min_length=12, max_length=12)
    source: str = ""


class Prior(_Frozen):
    """A belligerent's prior belief about the defender's chance of winning a battle.

    Beta(mean × strength, (1 − mean) × strength) over θ (Smith & Stam 2004).

    Attributes:
        mean: believed chance that the *defender* wins a battle, in (0, 1)
            (an optimistic attacker has a low mean).
        strength: weight of the prior in battles' worth of evidence (> 0).
    """

    mean: Uncertain
    strength: Uncertain
    source: str = ""


class Side(_Frozen):
    """One belligerent.

    Attributes:
        actor: the actor's id.
        strength: base military capability K (> 0; only the ratio matters).
        aid_stock: capability already built from outside aid, as a fraction of
            ``strength`` (M5); it decays at ``war.capital_decay`` per month.
        monthly_cost: cost of a month of war, in issue points (M7).
        prior: belief about the balance of power (M10).
        audience_cost: cost per issue point of backing down from the public
            claim (Fearon 1994); 0 = none (M2, M8).
        claim: public demand on the war issue; default: the actor's stance
            position on that issue (M8).
    """

    actor: Id
    strength: Uncertain
    aid_stock: Uncertain = 0.0
    monthly_cost: Uncertain
    prior: Prior
    audience_cost: Uncertain = 0.0
    claim: Uncertain | None = None
    source: str = ""


class Alignment(_Frozen):
    """A third party's alignment with one belligerent (M13).

    Attributes:
        actor: the aligned actor (China ...).
        side: the belligerent it leans to.
        level: how far, in [0, 1]; scales its levers marked
            ``scale_by_alignment`` and shifts deal intervals (``rival_shift``).
    """

    actor: Id
    side: Id
    level: Uncertain
    source: str = ""


class Resolve(_Frozen):
    """How an actor's resolve (salience) falls with its own cumulative cost (M11).

    resolve_t = exp(−sensitivity × Σ past holder costs of its levers); it
    multiplies the actor's levers and its salience at deal tables.
    """

    sensitivity: Uncertain
    source: str = ""


class War(_Frozen):
    """The war between a defender (A) and an attacker (B), docs/models/spec.md §4.

    Attributes:
        issue: the territorial issue: its scale measures ground and terms (M8).
        defender_end: which end of the issue scale means "the defender holds
            all of the disputed territory".
        defender: side A.
        attacker: side B.
        ground: ground held by the defender at the start, on the issue scale.
        battle_rate: battles per month at seasonal multiplier 1 (Poisson).
        step: issue points gained by the winner of one battle.
        contest_exponent: γ of the Tullock contest θ = K_A^γ / (K_A^γ + K_B^γ).
        planning_horizon: months H each side looks ahead when it compares
            fighting with settling.
        discount: monthly discount factor of future costs, in (0, 1].
        capital_decay: monthly decay of aid and sanction stocks, in [0, 1].
        settlement_rate: κ: monthly settlement hazard 1 − exp(−κ (U − L)) when
            the bargaining range [L, U] (issue points) is open.
        terms: ``mediator`` (the mediator's preferred terms clipped to the
            range, Romer–Rosenthal agenda setter) or ``nash`` (the range split
            by relative capability).
        mediator: the agenda setter for ``terms: mediator``.
        alignments: third parties' alignments (M13).
        resolve: actors whose resolve falls with their own costs (M11).
    """

    issue: Id
    defender_end: Literal["high", "low"] = "high"
    defender: Side
    attacker: Side
    ground: Uncertain
    battle_rate: Uncertain
    step: Uncertain
    contest_exponent: Uncertain = 1.0
    planning_horizon: Uncertain = 6.0
    discount: Uncertain = 1.0
    capital_decay: Uncertain = 0.05
    settlement_rate: Uncertain = 1.0
    terms: Literal["mediator", "nash"] = "mediator"
    mediator: Id | None = None
    alignments: list[Alignment] = Field(default_factory=list)
    resolve: dict[str, Resolve] = Field(default_factory=dict)
    source: str = ""

    @property
    def sides(self) -> tuple[Side, Side]:
        """(defender, attacker)."""
        return (self.defender, self.attacker)


class Condition(_Frozen):
    """A reactive rule: the lever's strength depends on the target's stance (M3, M12).

    The *gap* is how far the target's stance is from the holder's: at the war
    table, the target's excess demand over the holder's preferred terms
    (positive = the target asks for more than the holder wants to give it); at
    a deal table, the distance between their positions.

    Attributes:
        threshold: gap (issue points) at which the rule switches.
        above: multiplier of the lever's size when gap > threshold.
        below: multiplier when gap <= threshold.
        mode: ``step`` switches at the threshold; ``linear`` moves from
            ``below`` at gap <= 0 to ``above`` at gap >= threshold.
    """

    threshold: Uncertain
    above: Uncertain = 1.0
    below: Uncertain = 0.0
    mode: Literal["step", "linear"] = "step"


class Lever(_Frozen):
    """A carrot or a stick held by one actor on another (M3-M6, M9, M12).

    Attributes:
        id: identifier.
        holder: who pulls it.
        target: whom it acts on.
        kind: ``aid`` (capability inflow, fraction of the target's strength
            per month; also eases its war costs), ``sanction`` (capability
            drain per month; raises war costs), ``strike_support`` (raises the
            target's monthly war cost by this fraction), ``side_payment``
            (issue points promised to the target on settlement),
            ``public_pressure`` (share of the gap between the target's public
            stance and the holder's closed per month).
        size: its size when fully on, in the unit of its kind.
        table: where the condition reads stances and where public pressure
            pushes: ``war`` or a deal id.
        start: first month it can act (default: the clock's start).
        end: last month it can act (default: the end of the horizon).
        enabled: whether it is on from the start (off: until an event or deal
            turns it on).
        condition: optional reactive rule.
        holder_cost: cost to the holder of a month fully on (for ``resolve``).
        scale_by_alignment: multiply the size by the holder's alignment level.
    """

    id: Id
    holder: Id
    target: Id
    kind: LeverKind
    size: Uncertain
    table: Id = "war"
    start: Month | None = None
    end: Month | None = None
    enabled: bool = True
    condition: Condition | None = None
    holder_cost: Uncertain = 0.0
    scale_by_alignment: bool = False
    source: str = ""


class Effect(_Frozen):
    """What an event or a deal changes, from the month it happens on.

    Either a lever (``lever`` with ``enable`` and/or ``scale``), an actor
    (``actor`` with one or more of ``preferred``, ``claim``, ``strength``,
    ``monthly_cost``, ``alignment``), or the battle rate.

    Attributes:
        lever: the lever changed.
        enable: switch it on (true) or off (false).
        scale: multiply its size.
        actor: the actor changed.
        preferred: shift of its preferred war terms (issue points).
        claim: shift of a belligerent's public claim (issue points).
        strength: multiply a belligerent's base strength (mobilisation).
        monthly_cost: multiply a belligerent's monthly cost.
        alignment: set the actor's alignment level.
        battle_rate: multiply the battle rate.
    """

    lever: Id | None = None
    enable: bool | None = None
    scale: Uncertain | None = None
    actor: Id | None = None
    preferred: Uncertain | None = None
    claim: Uncertain | None = None
    strength: Uncertain | None = None
    monthly_cost: Uncertain | None = None
    alignment: Uncertain | None = None
    battle_rate: Uncertain | None = None
    note: str = ""

    @model_validator(mode="after")
    def _one_target(self) -> Effect:
        actor_fields = ("preferred", "claim", "strength", "monthly_cost", "alignment")
        has_actor = any(getattr(self, f) is not None for f in actor_fields)
        has_lever = self.enable is not None or self.scale is not None
        if self.lever is not None and not has_lever:
            raise ValueError("a lever effect needs 'enable' and/or 'scale'")
        if self.lever is None and has_lever:
            raise ValueError("'enable' and 'scale' need 'lever'")
        if self.actor is not None and not has_actor:
            raise ValueError(f"an actor effect needs one of {', '.join(actor_fields)}")
        if self.actor is None and has_actor:
            raise ValueError(f"{', '.join(actor_fields)} need 'actor'")
        if self.lever is None and self.actor is None and self.battle_rate is None:
            raise ValueError("an effect needs 'lever', 'actor' or 'battle_rate'")
        return self

    def uncertain_fields(self) -> list[str]:
        """Names of the numeric fields that are set."""
        names = ("scale", "preferred", "claim", "strength", "monthly_cost", "alignment")
        return [n for n in (*names, "battle_rate") if getattr(self, n) is not None]


class Signatory(_Frozen):
    """A signatory of a deal and its private acceptable interval (M1, M2).

    Attributes:
        accept: lowest and highest outcome it would sign, on the deal issue's
            scale (private: may differ from its public position); default:
            the issue's bounds.
        tolerance: it also signs only outcomes within this distance of its
            *current* public position at the table (which public pressure
            moves); default: no such limit.
        rival_shift: shift of both bounds per unit of an aligned actor's
            alignment level, by actor id (M13).
    """

    accept: tuple[Uncertain, Uncertain] | None = None
    tolerance: Uncertain | None = None
    rival_shift: dict[str, Uncertain] = Field(default_factory=dict)
    source: str = ""

    @model_validator(mode="after")
    def _some_limit(self) -> Signatory:
        if self.accept is None and self.tolerance is None:
            raise ValueError("give 'accept' (an interval), 'tolerance' (a distance) or both")
        return self


class Deal(_Frozen):
    """A negotiated sub-issue solved every month by a bargaining model (M1).

    The deal event fires in the first month the model's outcome lies inside
    every signatory's ``accept`` interval; then its effects apply.

    Attributes:
        id: identifier (the event is reported as ``deal:<id>``).
        issue: the one-dimensional issue negotiated (its stances are the
            public positions at this table).
        model: the registry model that solves it each month.
        params: options of that model.
        signatories: who must accept, with their private intervals.
        start: first month it can be signed.
        effects: what signing changes.
    """

    id: Id
    issue: Id
    model: str = "compromise"
    params: dict[str, Any] = Field(default_factory=dict)
    signatories: dict[str, Signatory] = Field(min_length=1)
    start: Month | None = None
    effects: list[Effect] = Field(default_factory=list)
    source: str = ""


class Event(_Frozen):
    """A scheduled change (an election, an aid package, a mobilisation).

    Attributes:
        id: identifier.
        month: the month it happens in (effects apply from that month).
        probability: chance that it happens at all (may be uncertain).
        effects: what it changes.
    """

    id: Id
    month: Month
    probability: Uncertain = 1.0
    effects: list[Effect] = Field(min_length=1)
    source: str = ""
