"""Scenario -> :class:`CompiledDynamics`: names resolved to indices, inputs registered.

Everything about names happens here; the engine sees integer indices, masks
and a :class:`~realpolitik.dynamics.params.ParamTable` of inputs (the compiled
types are in :mod:`realpolitik.dynamics.compiled`, re-exported here). Internally
the war's issue is oriented so that its high end means "the defender holds
everything" (``war.defender_end: low`` scenarios are mirrored on the way in
and out).
"""

from __future__ import annotations

import math

import numpy as np

from realpolitik.dynamics.compiled import (
    KINDS,
    WAR_TABLE,
    BoolArray,
    CompiledDeal,
    CompiledDynamics,
    CompiledEffect,
    IntArray,
)
from realpolitik.dynamics.params import ParamTable, with_noise
from realpolitik.errors import InputError
from realpolitik.models.registry import get_model
from realpolitik.scenario import Scenario
from realpolitik.scenario.dynamics import Deal, Effect, Lever, War
from realpolitik.scenario.dynamics_checks import BIG, FACTOR
from realpolitik.scenario.fields import month_labels, month_number
from realpolitik.scenario.uncertain import Uncertain

__all__ = [
    "KINDS",
    "WAR_TABLE",
    "CompiledDeal",
    "CompiledDynamics",
    "CompiledEffect",
    "compile_dynamics",
]


def compile_dynamics(sc: Scenario) -> CompiledDynamics:
    """Compile the dynamic blocks of a validated scenario (``InputError`` if it has none)."""
    if sc.clock is None or sc.war is None:
        raise InputError.one(
            "this scenario has no war and clock to simulate month by month; add 'clock' and "
            "'war' blocks (see docs/dynamics.md) or use `realpolitik run`",
            field="war",
        )
    return _Builder(sc, sc.war).build()


class _Builder:
    """Walks the scenario once, in file order, registering inputs."""

    def __init__(self, sc: Scenario, war: War) -> None:
        assert sc.clock is not None
        self.sc, self.war, self.clock = sc, war, sc.clock
        self.t = ParamTable()
        self.actors = {a.id: k for k, a in enumerate(sc.actors)}
        self.first = month_number(sc.clock.start)
        lo, hi = sc.issue(war.issue).bounds
        self.lo, self.hi, self.flip = lo, hi, war.defender_end == "low"
        self.noise = sc.uncertainty
        self.levers = {lv.id: k for k, lv in enumerate(sc.levers)}
        self.aligned = {al.actor: k for k, al in enumerate(war.alignments)}
        self.coords: list[str] = []
        self.shifts: list[str] = []

    def month(self, month: str | None, default: int) -> int:
        return default if month is None else month_number(month) - self.first

    def coord(self, key: str, value: Uncertain) -> None:
        """Register a point on the war issue's scale (mirrored after sampling if flipped)."""
        self.t.add(key, value, self.lo, self.hi)
        self.coords.append(key)

    def shift(self, key: str, value: Uncertain) -> None:
        """Register a shift along the war issue's scale (negated after sampling if flipped)."""
        self.t.add(key, value, -BIG, BIG)
        self.shifts.append(key)

    def build(self) -> CompiledDynamics:
        self._clock_inputs()
        self._war_inputs()
        mediator = self.actors[self.war.mediator] if self.war.mediator else -1
        deals = tuple(self._deal(k, d) for k, d in enumerate(self.sc.deals))
        levers = [self._lever(k, lv) for k, lv in enumerate(self.sc.levers)]
        events = tuple(self._event(k) for k in range(len(self.sc.events)))
        for k, al in enumerate(self.war.alignments):
            self.t.add(f"war.alignments[{k}].level", al.level, 0, 1)
        sides = (self.actors[self.war.defender.actor], self.actors[self.war.attacker.actor])
        ints, flags = _lever_arrays(levers, sides)
        return CompiledDynamics(
            scenario_title=self.sc.metadata.title,
            war_issue=self.war.issue,
            months=month_labels(self.clock),
            calendar=np.array(
                [(self.first + t) % 12 for t in range(self.clock.horizon)], dtype=np.intp
            ),
            actor_ids=tuple(self.actors),
            sides=sides,
            lower=self.lo,
            upper=self.hi,
            flip=self.flip,
            mediator=mediator,
            nash_terms=self.war.terms == "nash",
            lever_ids=tuple(lv.id for lv in self.sc.levers),
            lever_kind=ints["kind"],
            lever_holder=ints["holder"],
            lever_target=ints["target"],
            lever_side=ints["side"],
            lever_table=ints["table"],
            lever_start=ints["start"],
            lever_end=ints["end"],
            lever_enabled=flags["enabled"],
            lever_conditional=flags["conditional"],
            lever_linear=flags["linear"],
            lever_alignment=ints["alignment"],
            lever_holder_seat=ints["holder_seat"],
            lever_target_seat=ints["target_seat"],
            alignment_actor=np.array(
                [self.actors[al.actor] for al in self.war.alignments], dtype=np.intp
            ),
            alignment_side=np.array(
                [sides.index(self.actors[al.side]) for al in self.war.alignments], dtype=np.intp
            ),
            deals=deals,
            events=events,
            event_ids=tuple(e.id for e in self.sc.events),
            salience_scale=float(self.sc.salience_scale),
            table=self.t,
            coords=tuple(self.coords),
            shifts=tuple(self.shifts),
        )

    def _clock_inputs(self) -> None:
        for k, s in enumerate(self.clock.season):
            self.t.add(f"clock.season[{k}]", s, 0, FACTOR)

    def _war_inputs(self) -> None:
        w, t = self.war, self.t
        self.coord("war.ground", w.ground)
        t.add("war.battle_rate", w.battle_rate, 0, BIG)
        t.add("war.step", w.step, 1e-12, self.hi - self.lo)
        t.add("war.contest_exponent", w.contest_exponent, 0, FACTOR)
        t.add("war.planning_horizon", w.planning_horizon, 0, FACTOR)
        t.add("war.discount", w.discount, 1e-9, 1)
        t.add("war.capital_decay", w.capital_decay, 0, 1)
        t.add("war.settlement_rate", w.settlement_rate, 0, BIG)
        for name, side in (("defender", w.defender), ("attacker", w.attacker)):
            key = f"war.{name}"
            t.add(f"{key}.strength", side.strength, 1e-9, BIG)
            t.add(f"{key}.aid_stock", side.aid_stock, 0, FACTOR)
            t.add(f"{key}.monthly_cost", side.monthly_cost, 0, BIG)
            t.add(f"{key}.prior.mean", side.prior.mean, 1e-9, 1 - 1e-9)
            t.add(f"{key}.prior.strength", side.prior.strength, 1e-9, BIG)
            t.add(f"{key}.audience_cost", side.audience_cost, 0, BIG)
            claim = side.claim
            if claim is None:
                actor = self.sc.actors[self.actors[side.actor]]
                claim = self._position(actor.stances[w.issue].position)
            self.coord(f"{key}.claim", claim)
        for actor in self.sc.actors:
            if w.issue in actor.stances:
                pos = self._position(actor.stances[w.issue].position)
                self.coord(f"preferred.{actor.id}", pos)
        for actor_id, res in w.resolve.items():
            t.add(f"resolve.{actor_id}", res.sensitivity, 0, BIG)

    def _position(self, value: Uncertain | list[Uncertain]) -> Uncertain:
        pos = value[0] if isinstance(value, list) else value
        return with_noise(pos, self.noise.position if self.noise else None)

    def _lever(self, k: int, lv: Lever) -> dict[str, int | bool]:
        key, t = f"levers[{k}]", self.t
        t.add(f"{key}.size", lv.size, 0, 1 if lv.kind == "public_pressure" else FACTOR)
        cond = lv.condition
        t.add(f"{key}.threshold", cond.threshold if cond else 0.0, 0, BIG)
        t.add(f"{key}.above", cond.above if cond else 1.0, 0, FACTOR)
        t.add(f"{key}.below", cond.below if cond else 1.0, 0, FACTOR)
        t.add(f"{key}.holder_cost", lv.holder_cost, 0, BIG)
        deal_ids = [d.id for d in self.sc.deals]
        table = WAR_TABLE if lv.table == "war" else deal_ids.index(lv.table)
        seats = (-1, -1)
        if table != WAR_TABLE:
            people = [a.id for a in self.sc.participants(self.sc.deals[table].issue)]
            seats = (people.index(lv.holder), people.index(lv.target))
        return {
            "kind": KINDS.index(lv.kind),
            "holder": self.actors[lv.holder],
            "target": self.actors[lv.target],
            "table": table,
            "start": self.month(lv.start, 0),
            "end": self.month(lv.end, self.clock.horizon - 1),
            "enabled": lv.enabled,
            "conditional": cond is not None,
            "linear": cond is not None and cond.mode == "linear",
            "alignment": self.aligned[lv.holder] if lv.scale_by_alignment else -1,
            "holder_seat": seats[0],
            "target_seat": seats[1],
        }

    def _deal(self, k: int, deal: Deal) -> CompiledDeal:
        key, t, sc = f"deals[{k}]", self.t, self.sc
        issue = sc.issue(deal.issue)
        lo, hi = issue.bounds
        people = sc.participants(deal.issue)
        noise = self.noise
        for a in people:
            stance = a.stances[deal.issue]
            pos = self._position(stance.position)
            sal = stance.salience[0] if isinstance(stance.salience, list) else stance.salience
            sal = with_noise(sal, noise.salience if noise else None)
            t.add(f"{key}.position.{a.id}", pos, lo, hi)
            t.add(f"{key}.salience.{a.id}", sal, 0, sc.salience_scale)
            self._capability(a.id)
        if issue.status_quo is not None:
            sq = issue.status_quo[0] if isinstance(issue.status_quo, list) else issue.status_quo
            t.add(f"{key}.status_quo", sq, lo, hi)
        for actor_id, sig in deal.signatories.items():
            low, high = sig.accept if sig.accept is not None else (lo, hi)
            t.add(f"{key}.accept_low.{actor_id}", low, lo, hi)
            t.add(f"{key}.accept_high.{actor_id}", high, lo, hi)
            tolerance = math.inf if sig.tolerance is None else sig.tolerance
            t.add(f"{key}.tolerance.{actor_id}", tolerance, 0, math.inf)
            for rival, coef in sig.rival_shift.items():
                t.add(f"{key}.rival_shift.{actor_id}.{rival}", coef, lo - hi, hi - lo)
        spec = get_model(deal.model)
        ids = [a.id for a in people]
        return CompiledDeal(
            id=deal.id,
            issue=deal.issue,
            model=spec,
            params=spec.make_params(deal.params),
            participants=np.array([self.actors[i] for i in ids], dtype=np.intp),
            signatories=np.array([ids.index(s) for s in deal.signatories], dtype=np.intp),
            start=self.month(deal.start, 0),
            lower=lo,
            upper=hi,
            has_status_quo=issue.status_quo is not None,
            effects=self._effects(f"{key}.effects", deal.effects),
        )

    def _capability(self, actor_id: str) -> None:
        key = f"capability.{actor_id}"
        if key not in {e.key for e in self.t.entries}:
            actor = self.sc.actors[self.actors[actor_id]]
            noise = self.noise.capability if self.noise else None
            self.t.add(key, with_noise(actor.capability, noise), 1e-12, BIG)

    def _event(self, k: int) -> tuple[int, tuple[CompiledEffect, ...]]:
        event = self.sc.events[k]
        self.t.add(f"events[{k}].probability", event.probability, 0, 1)
        return self.month(event.month, 0), self._effects(f"events[{k}].effects", event.effects)

    def _effects(self, key: str, effects: list[Effect]) -> tuple[CompiledEffect, ...]:
        out: list[CompiledEffect] = []
        sides = (self.war.defender.actor, self.war.attacker.actor)
        for j, e in enumerate(effects):
            ekey = f"{key}[{j}]"
            if e.lever is not None and e.enable is not None:
                lever = self.levers[e.lever]
                out.append(CompiledEffect(kind="enable", index=lever, enable=e.enable))
            for name in e.uncertain_fields():
                value = getattr(e, name)
                fkey = f"{ekey}.{name}"
                if name in ("preferred", "claim"):
                    self.shift(fkey, value)
                else:
                    self.t.add(fkey, value, 0, 1 if name == "alignment" else FACTOR)
                index = self._effect_index(e, name, sides)
                out.append(CompiledEffect(kind=name, index=index, key=fkey))
        return tuple(out)

    def _effect_index(self, e: Effect, name: str, sides: tuple[str, str]) -> int:
        if name == "scale":
            assert e.lever is not None
            return self.levers[e.lever]
        if name in ("claim", "strength", "monthly_cost"):
            return sides.index(str(e.actor))
        if name == "alignment":
            return self.aligned[str(e.actor)]
        if name == "preferred":
            return self.actors[str(e.actor)]
        return 0


def _lever_arrays(
    levers: list[dict[str, int | bool]], sides: tuple[int, int]
) -> tuple[dict[str, IntArray], dict[str, BoolArray]]:
    """Per-lever structure as arrays (one entry per lever): integer fields and flags."""
    names = ("kind", "holder", "target", "table", "start", "end", "alignment")
    ints = {n: np.array([int(lv[n]) for lv in levers], dtype=np.intp) for n in names}
    for n in ("holder_seat", "target_seat"):
        ints[n] = np.array([int(lv[n]) for lv in levers], dtype=np.intp)
    ints["side"] = np.array(
        [sides.index(int(x)) if int(x) in sides else -1 for x in ints["target"]], dtype=np.intp
    )
    flags = {
        n: np.array([bool(lv[n]) for lv in levers], dtype=np.bool_)
        for n in ("enabled", "conditional", "linear")
    }
    return ints, flags
