"""Cross-field rules of the dynamic blocks (clock, war, levers, deals, events).

Each problem is a ``(location, message)`` pair like
:func:`realpolitik.scenario.models.semantic_problems`, so the loader names the
file, line and field of every one at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from realpolitik.scenario.dynamics import (
    Deal,
    Effect,
    Event,
    Lever,
    Side,
    War,
)
from realpolitik.scenario.fields import Loc, month_number
from realpolitik.scenario.uncertain import Distribution, center

if TYPE_CHECKING:
    from realpolitik.scenario.models import Scenario

Problems = Iterator[tuple[Loc, str]]

BELLIGERENT_KINDS = {"aid", "sanction", "strike_support", "side_payment"}

FACTOR = 1e3
"""Largest multiplier, rate or exponent accepted (keeps every run's arithmetic finite)."""

BIG = 1e9
"""Largest cost, strength, weight or threshold accepted."""


def _fits(value: float | Distribution, lo: float, hi: float) -> str | None:
    """Why ``value`` cannot lie in [lo, hi], or None (normal: only its mean must fit)."""
    if isinstance(value, Distribution) and value.kind != "normal":
        a, b = value.support
        return None if lo <= a and b <= hi else f"'{value}' can take values outside [{lo}, {hi}]"
    v = center(value)
    return None if lo <= v <= hi else f"{value} is outside [{lo}, {hi}]"


def _check(value: float | Distribution | None, lo: float, hi: float, loc: Loc) -> Problems:
    if value is not None:
        problem = _fits(value, lo, hi)
        if problem:
            yield loc, problem


def dynamics_problems(sc: Scenario) -> Problems:
    """Every cross-field problem of the dynamic blocks of a scenario."""
    dynamic = sc.war is not None or sc.levers or sc.deals or sc.events
    if not dynamic:
        return
    if sc.clock is None:
        yield (
            ("clock",),
            (
                "a scenario with war, levers, deals or events needs a clock: "
                "clock: {start: 2025-03, horizon: 24}"
            ),
        )
        return
    if sc.war is None:
        yield ("war",), (
            "levers, deals and events run on the monthly clock of a war: add a war block "
            "(see docs/dynamics.md) or remove them"
        )
        return
    ctx = _Context(sc)
    for k, s in enumerate(sc.clock.season):
        yield from _check(s, 0, FACTOR, ("clock", "season", k))
    yield from _war_problems(sc.war, ctx)
    yield from _duplicates([lv.id for lv in sc.levers], "levers")
    yield from _duplicates([d.id for d in sc.deals], "deals")
    yield from _duplicates([e.id for e in sc.events], "events")
    for k, lever in enumerate(sc.levers):
        yield from _lever_problems(lever, ctx, ("levers", k))
    for k, deal in enumerate(sc.deals):
        yield from _deal_problems(deal, ctx, ("deals", k))
    for k, event in enumerate(sc.events):
        yield from _event_problems(event, ctx, ("events", k))


class _Context:
    """Names and ranges the rules refer to."""

    def __init__(self, sc: Scenario) -> None:
        assert sc.clock is not None
        self.sc = sc
        self.actors = {a.id: a for a in sc.actors}
        self.first = month_number(sc.clock.start)
        self.last = self.first + sc.clock.horizon - 1
        self.start, self.horizon = sc.clock.start, sc.clock.horizon
        self.war = sc.war
        self.belligerents = (
            {sc.war.defender.actor, sc.war.attacker.actor} if sc.war is not None else set()
        )
        self.aligned = {al.actor for al in sc.war.alignments} if sc.war is not None else set()
        self.levers = {lv.id for lv in sc.levers}
        self.deals = {d.id: d for d in sc.deals}

    def actor(self, actor_id: str, loc: Loc) -> Problems:
        if actor_id not in self.actors:
            yield loc, f"unknown actor '{actor_id}'; known actors: {', '.join(self.actors)}"

    def month(self, month: str | None, loc: Loc) -> Problems:
        if month is not None and not self.first <= month_number(month) <= self.last:
            yield (
                loc,
                (
                    f"month {month} is outside the clock's horizon ({self.start} and the "
                    f"{self.horizon - 1} months after it)"
                ),
            )

    def has_war_stance(self, actor_id: str) -> bool:
        actor = self.actors.get(actor_id)
        return self.war is not None and actor is not None and self.war.issue in actor.stances


def _duplicates(ids: list[str], kind: str) -> Problems:
    seen: dict[str, int] = {}
    for k, item in enumerate(ids):
        if item in seen:
            yield (kind, k, "id"), f"duplicate id '{item}' (also {kind}[{seen[item]}])"
        seen.setdefault(item, k)


def _war_problems(war: War, ctx: _Context) -> Problems:
    loc: Loc = ("war",)
    issues = {i.id: i for i in ctx.sc.issues}
    if war.issue not in issues:
        yield (*loc, "issue"), f"unknown issue '{war.issue}'; known issues: {', '.join(issues)}"
        return
    if issues[war.issue].n_dims != 1:
        yield (*loc, "issue"), "the war's issue must be one-dimensional"
    lo, hi = issues[war.issue].bounds
    if war.defender.actor == war.attacker.actor:
        yield (*loc, "attacker", "actor"), "the attacker must differ from the defender"
    for name, side in (("defender", war.defender), ("attacker", war.attacker)):
        yield from _side_problems(side, ctx, (*loc, name), (lo, hi))
    yield from _check(war.ground, lo, hi, (*loc, "ground"))
    for field, low, high in (
        ("battle_rate", 0, BIG),
        ("step", 1e-12, hi - lo),
        ("contest_exponent", 0, FACTOR),
        ("planning_horizon", 0, FACTOR),
        ("discount", 1e-9, 1),
        ("capital_decay", 0, 1),
        ("settlement_rate", 0, BIG),
    ):
        yield from _check(getattr(war, field), low, high, (*loc, field))
    yield from _mediator_problems(war, ctx)
    for k, al in enumerate(war.alignments):
        aloc = (*loc, "alignments", k)
        yield from ctx.actor(al.actor, (*aloc, "actor"))
        if al.side not in ctx.belligerents:
            yield (*aloc, "side"), f"'{al.side}' is not a belligerent of the war"
        yield from _check(al.level, 0, 1, (*aloc, "level"))
    for actor_id, res in war.resolve.items():
        yield from ctx.actor(actor_id, (*loc, "resolve", actor_id))
        yield from _check(res.sensitivity, 0, BIG, (*loc, "resolve", actor_id, "sensitivity"))


def _mediator_problems(war: War, ctx: _Context) -> Problems:
    loc: Loc = ("war", "mediator")
    if war.terms == "mediator" and war.mediator is None:
        yield loc, "terms: mediator needs a mediator (an actor with a stance on the war issue)"
    if war.mediator is not None:
        yield from ctx.actor(war.mediator, loc)
        if war.mediator in ctx.actors and not ctx.has_war_stance(war.mediator):
            yield (
                loc,
                (
                    f"the mediator '{war.mediator}' needs a stance on '{war.issue}' "
                    "(its preferred terms)"
                ),
            )


def _side_problems(side: Side, ctx: _Context, loc: Loc, bounds: tuple[float, float]) -> Problems:
    yield from ctx.actor(side.actor, (*loc, "actor"))
    if side.claim is None and side.actor in ctx.actors and not ctx.has_war_stance(side.actor):
        yield (
            (*loc, "claim"),
            (f"give '{side.actor}' a claim here or a stance on the war issue (its public demand)"),
        )
    yield from _check(side.claim, *bounds, (*loc, "claim"))
    yield from _check(side.strength, 1e-9, BIG, (*loc, "strength"))
    yield from _check(side.aid_stock, 0, FACTOR, (*loc, "aid_stock"))
    for field in ("monthly_cost", "audience_cost"):
        yield from _check(getattr(side, field), 0, BIG, (*loc, field))
    yield from _check(side.prior.mean, 1e-9, 1 - 1e-9, (*loc, "prior", "mean"))
    yield from _check(side.prior.strength, 1e-9, BIG, (*loc, "prior", "strength"))


def _lever_problems(lever: Lever, ctx: _Context, loc: Loc) -> Problems:
    yield from ctx.actor(lever.holder, (*loc, "holder"))
    yield from ctx.actor(lever.target, (*loc, "target"))
    if lever.holder == lever.target and lever.kind != "aid":
        yield (*loc, "target"), "the target must differ from the holder"
    if lever.kind in BELLIGERENT_KINDS and lever.target not in ctx.belligerents:
        yield (*loc, "target"), f"a '{lever.kind}' lever must target a belligerent"
    yield from _table_problems(lever, ctx, loc)
    high = 1.0 if lever.kind == "public_pressure" else FACTOR
    yield from _check(lever.size, 0, high, (*loc, "size"))
    yield from _check(lever.holder_cost, 0, BIG, (*loc, "holder_cost"))
    yield from ctx.month(lever.start, (*loc, "start"))
    yield from ctx.month(lever.end, (*loc, "end"))
    if lever.start and lever.end and month_number(lever.end) < month_number(lever.start):
        yield (*loc, "end"), f"end {lever.end} is before start {lever.start}"
    if lever.scale_by_alignment and lever.holder not in ctx.aligned:
        yield (*loc, "scale_by_alignment"), (f"'{lever.holder}' has no alignment in war.alignments")
    if lever.condition is not None:
        cond, cloc = lever.condition, (*loc, "condition")
        yield from _check(cond.threshold, 0, BIG, (*cloc, "threshold"))
        yield from _check(cond.above, 0, FACTOR, (*cloc, "above"))
        yield from _check(cond.below, 0, FACTOR, (*cloc, "below"))


def _table_problems(lever: Lever, ctx: _Context, loc: Loc) -> Problems:
    """The lever's table must exist and seat the actors its rule reads."""
    reads = lever.condition is not None or lever.kind == "public_pressure"
    if lever.table == "war":
        if not reads:
            return
        if lever.target not in ctx.belligerents:
            yield (
                (*loc, "target"),
                ("a condition or pressure at the war table must target a belligerent"),
            )
        if lever.holder in ctx.actors and not ctx.has_war_stance(lever.holder):
            yield (
                (*loc, "holder"),
                (
                    f"'{lever.holder}' needs a stance on the war issue (its preferred terms) "
                    "for a condition or pressure at the war table"
                ),
            )
        return
    deal = ctx.deals.get(lever.table)
    if deal is None:
        yield (*loc, "table"), f"unknown table '{lever.table}'; use 'war' or a deal id"
        return
    for role in ("holder", "target"):
        actor = ctx.actors.get(getattr(lever, role))
        if actor is not None and deal.issue not in actor.stances:
            yield (*loc, role), f"'{actor.id}' has no stance on the deal issue '{deal.issue}'"


def _deal_problems(deal: Deal, ctx: _Context, loc: Loc) -> Problems:
    issues = {i.id: i for i in ctx.sc.issues}
    if deal.issue not in issues:
        yield (*loc, "issue"), f"unknown issue '{deal.issue}'; known issues: {', '.join(issues)}"
        return
    if issues[deal.issue].n_dims != 1:
        yield (*loc, "issue"), "a deal's issue must be one-dimensional"
    lo, hi = issues[deal.issue].bounds
    for actor_id, sig in deal.signatories.items():
        sloc = (*loc, "signatories", actor_id)
        yield from ctx.actor(actor_id, sloc)
        actor = ctx.actors.get(actor_id)
        if actor is not None and deal.issue not in actor.stances:
            yield sloc, f"'{actor_id}' has no stance on the deal issue '{deal.issue}'"
        if sig.accept is not None:
            for k, bound in enumerate(sig.accept):
                yield from _check(bound, lo, hi, (*sloc, "accept", k))
            if center(sig.accept[0]) > center(sig.accept[1]):
                yield (*sloc, "accept"), "accept must be [lowest, highest]"
        yield from _check(sig.tolerance, 0, BIG, (*sloc, "tolerance"))
        for rival, shift in sig.rival_shift.items():
            if rival not in ctx.aligned:
                yield (*sloc, "rival_shift", rival), f"'{rival}' has no alignment in war.alignments"
            yield from _check(shift, -(hi - lo), hi - lo, (*sloc, "rival_shift", rival))
    yield from ctx.month(deal.start, (*loc, "start"))
    for k, effect in enumerate(deal.effects):
        yield from _effect_problems(effect, ctx, (*loc, "effects", k))


def _event_problems(event: Event, ctx: _Context, loc: Loc) -> Problems:
    yield from ctx.month(event.month, (*loc, "month"))
    yield from _check(event.probability, 0, 1, (*loc, "probability"))
    for k, effect in enumerate(event.effects):
        yield from _effect_problems(effect, ctx, (*loc, "effects", k))


def _effect_problems(effect: Effect, ctx: _Context, loc: Loc) -> Problems:
    if effect.lever is not None and effect.lever not in ctx.levers:
        yield (*loc, "lever"), f"unknown lever '{effect.lever}'"
    if effect.actor is not None:
        yield from ctx.actor(effect.actor, (*loc, "actor"))
        yield from _actor_effect_problems(effect, ctx, loc)
    for field in ("scale", "strength", "monthly_cost", "battle_rate"):
        yield from _check(getattr(effect, field), 0, FACTOR, (*loc, field))
    for field in ("preferred", "claim"):
        yield from _check(getattr(effect, field), -BIG, BIG, (*loc, field))


def _actor_effect_problems(effect: Effect, ctx: _Context, loc: Loc) -> Problems:
    actor = effect.actor
    assert actor is not None
    for field in ("claim", "strength", "monthly_cost"):
        if getattr(effect, field) is not None and actor not in ctx.belligerents:
            yield (*loc, field), f"'{field}' applies to a belligerent; '{actor}' is not one"
    if effect.preferred is not None and not ctx.has_war_stance(actor):
        yield (*loc, "preferred"), f"'{actor}' has no stance on the war issue to shift"
    if effect.alignment is not None:
        if actor not in ctx.aligned:
            yield (*loc, "alignment"), f"'{actor}' has no alignment in war.alignments"
        yield from _check(effect.alignment, 0, 1, (*loc, "alignment"))
