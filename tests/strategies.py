"""Hypothesis strategies for valid scenarios and issue arrays (DESIGN.md, convention 3)."""

from __future__ import annotations

import os
from typing import Any

import numpy as np
from hypothesis import strategies as st

from realpolitik.compile import IssueArrays
from realpolitik.scenario import Scenario


def examples(n: int) -> int:
    """``n`` examples, times ``$REALPOLITIK_EXAMPLES_SCALE`` (the long mode of the property
    tests: ``REALPOLITIK_EXAMPLES_SCALE=20 .venv/bin/pytest tests/properties``)."""
    return n * max(1, int(os.environ.get("REALPOLITIK_EXAMPLES_SCALE", "1")))


finite = st.floats(allow_nan=False, allow_infinity=False)
saliences = st.floats(min_value=0.0, max_value=1.0)
capabilities = st.floats(min_value=1e-3, max_value=1e6)


@st.composite
def issue_arrays(
    draw: st.DrawFn,
    *,
    min_actors: int = 1,
    max_actors: int = 12,
    dims: tuple[int, ...] = (1,),
    batch: int = 1,
) -> IssueArrays:
    """Random batched arrays of one issue on [0, 100]^d (ties allowed)."""
    n = draw(st.integers(min_actors, max_actors))
    d = draw(st.sampled_from(dims))
    grid = draw(st.booleans())  # positions on a coarse grid make exact ties likely
    shape = (batch, n, d)
    values = st.integers(0, 10).map(lambda k: 10.0 * k) if grid else st.floats(0, 100)
    pos = np.array(draw(st.lists(values, min_size=batch * n * d, max_size=batch * n * d)))
    sal = np.array(draw(st.lists(saliences, min_size=batch * n * d, max_size=batch * n * d)))
    cap = np.array(draw(st.lists(capabilities, min_size=batch * n, max_size=batch * n)))
    if d > 1:
        sal = sal.reshape(shape) / d
    return IssueArrays(
        issue_id="x",
        actor_ids=tuple(f"a{i}" for i in range(n)),
        capability=cap.reshape(batch, n),
        position=pos.reshape(shape),
        salience=sal.reshape(shape),
        lower=np.zeros(d),
        upper=np.full(d, 100.0),
    )


@st.composite
def scenario_data(draw: st.DrawFn, *, max_actors: int = 8, max_issues: int = 3) -> dict[str, Any]:
    """Plain data of a valid scenario file (what a user would write in YAML)."""
    n_issues = draw(st.integers(1, max_issues))
    issues = []
    for k in range(n_issues):
        lo = draw(st.floats(-1e3, 1e3))
        width = draw(st.floats(1.0, 1e3))
        d = draw(st.integers(1, 3))
        issue: dict[str, Any] = {"id": f"i{k}", "bounds": [lo, lo + width]}
        if d > 1:
            issue["dimensions"] = [f"d{j}" for j in range(d)]
        issues.append(issue)
    n_actors = draw(st.integers(1, max_actors))
    actors = []
    for a in range(n_actors):
        chosen = draw(st.sets(st.integers(0, n_issues - 1), min_size=1))
        stances = {issues[k]["id"]: draw(_stance(issues[k])) for k in sorted(chosen)}
        actors.append({"id": f"a{a}", "capability": draw(capabilities), "stances": stances})
    for k, issue in enumerate(issues):  # every issue needs somebody
        if not any(issue["id"] in a["stances"] for a in actors):
            actors[0]["stances"][issue["id"]] = draw(_stance(issues[k]))
    return {"metadata": {"title": "generated"}, "issues": issues, "actors": actors}


@st.composite
def _stance(draw: st.DrawFn, issue: dict[str, Any]) -> dict[str, Any]:
    lo, hi = issue["bounds"]
    d = len(issue.get("dimensions", [None]))
    pos = [draw(st.floats(lo, hi)) for _ in range(d)]
    sal = [draw(saliences) for _ in range(d)]
    if d == 1:
        return {"position": pos[0], "salience": sal[0]}
    return {"position": pos, "salience": sal}


def scenarios(**kwargs: Any) -> st.SearchStrategy[Scenario]:
    """Valid :class:`Scenario` objects."""
    return scenario_data(**kwargs).map(Scenario.model_validate)


# --- dynamic scenarios (clock, war, levers, deals, events; docs/dynamics.md) ---------------

DEAL_MODELS = ("compromise", "median_voter", "nash", "eum")
"""Registry models that can solve a deal table of any size (smp needs three actors)."""


@st.composite
def uncertain(draw: st.DrawFn, lo: float, hi: float) -> float | str:
    """A number in [lo, hi], or a distribution that the validation accepts for that range."""
    a, b = sorted(draw(st.floats(lo, hi)) for _ in range(2))
    kind = draw(st.sampled_from(["plain", "plain", "uniform", "triangular", "normal"]))
    if kind == "plain" or not a < b:
        return a
    if kind == "uniform":
        return f"uniform({a!r}, {b!r})"
    if kind == "triangular":
        return f"triangular({a!r}, {draw(st.floats(a, b))!r}, {b!r})"
    return f"{(a + b) / 2!r} ± {(b - a) / 4!r}"  # truncated to the bounds; only its mean counts


def _month_label(start: tuple[int, int], offset: int) -> str:
    number = start[0] * 12 + start[1] - 1 + offset
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


@st.composite
def dynamic_scenario_data(
    draw: st.DrawFn,
    *,
    max_horizon: int = 18,
    max_third: int = 3,
    max_levers: int = 4,
    max_deals: int = 2,
    max_events: int = 2,
) -> dict[str, Any]:
    """Plain data of a valid scenario with a clock and a war, and maybe levers, deals, events.

    Actors: ``def`` (defender), ``att`` (attacker), ``med`` (mediator) and up
    to ``max_third`` third parties ``t0``...; the war issue ``war`` has random
    bounds and orientation; deals are negotiated on issues ``deal0``....
    """
    lo = draw(st.floats(-1e3, 1e3))
    width = draw(st.floats(1.0, 1e3))
    hi = lo + width
    horizon = draw(st.integers(1, max_horizon))
    start = (draw(st.integers(1990, 2040)), draw(st.integers(1, 12)))
    third = [f"t{k}" for k in range(draw(st.integers(0, max_third)))]
    actors = {
        a: {"id": a, "capability": draw(capabilities), "stances": {}}
        for a in ["def", "att", "med", *third]
    }
    war_stance = {a for a in ("def", "att", "med") if a == "med" or draw(st.booleans())}
    war_stance |= {a for a in third if draw(st.booleans())}
    for a in sorted(war_stance):
        actors[a]["stances"]["war"] = {
            "position": draw(st.floats(lo, hi)),
            "salience": draw(saliences),
        }
    data: dict[str, Any] = {
        "metadata": {"title": "generated war"},
        "issues": [{"id": "war", "bounds": [lo, hi]}],
        "clock": {"start": _month_label(start, 0), "horizon": horizon},
    }
    if draw(st.booleans()):
        data["clock"]["season"] = [draw(uncertain(0.0, 3.0)) for _ in range(12)]
    aligned = draw(st.lists(st.sampled_from(third), unique=True)) if third else []
    data["war"] = draw(_war(lo, hi, actors, war_stance, aligned))
    months = [_month_label(start, t) for t in range(horizon)]
    deals = draw(st.lists(_deal_table(list(actors), aligned), max_size=max_deals))
    for k, (issue, stances) in enumerate(deals):
        issue["id"] = f"deal{k}"
        data["issues"].append(issue)
        for a, stance in stances.items():
            actors[a]["stances"][issue["id"]] = stance
    for a, actor in actors.items():  # every actor needs a stance somewhere
        if not actor["stances"]:
            actor["stances"]["war"] = {"position": draw(st.floats(lo, hi)), "salience": 0.5}
            war_stance.add(a)
    ctx = _DynContext(lo, hi, list(actors), war_stance, aligned, months, deals)
    data["levers"] = [
        {"id": f"lv{k}", **lv}
        for k, lv in enumerate(draw(st.lists(_lever(ctx), max_size=max_levers)))
    ]
    ctx.levers = [lv["id"] for lv in data["levers"]]
    data["deals"] = [draw(_deal(ctx, k, stances)) for k, (_, stances) in enumerate(deals)]
    data["events"] = [
        {
            "id": f"ev{k}",
            "month": draw(st.sampled_from(months)),
            "probability": draw(uncertain(0.0, 1.0)),
            "effects": draw(st.lists(_effect(ctx), min_size=1, max_size=3)),
        }
        for k in range(draw(st.integers(0, max_events)))
    ]
    data["actors"] = list(actors.values())
    return data


class _DynContext:
    """What the lever, deal and effect strategies may refer to."""

    def __init__(
        self,
        lo: float,
        hi: float,
        actors: list[str],
        war_stance: set[str],
        aligned: list[str],
        months: list[str],
        deals: list[tuple[dict[str, Any], dict[str, Any]]],
    ) -> None:
        self.lo, self.hi, self.width = lo, hi, hi - lo
        self.actors, self.war_stance, self.aligned, self.months = (
            actors,
            war_stance,
            aligned,
            months,
        )
        self.tables = {f"d{k}": sorted(stances) for k, (_, stances) in enumerate(deals)}
        self.levers: list[str] = []


@st.composite
def _side(draw: st.DrawFn, actor: str, lo: float, hi: float, has_stance: bool) -> dict[str, Any]:
    side: dict[str, Any] = {
        "actor": actor,
        "strength": draw(uncertain(0.01, 1e3)),
        "aid_stock": draw(uncertain(0.0, 2.0)),
        "monthly_cost": draw(uncertain(0.0, (hi - lo) / 5)),
        "prior": {"mean": draw(uncertain(0.01, 0.99)), "strength": draw(uncertain(0.1, 100.0))},
        "audience_cost": draw(uncertain(0.0, 1.0)),
    }
    if not has_stance or draw(st.booleans()):
        side["claim"] = draw(uncertain(lo, hi))
    return side


@st.composite
def _war(
    draw: st.DrawFn,
    lo: float,
    hi: float,
    actors: dict[str, Any],
    war_stance: set[str],
    aligned: list[str],
) -> dict[str, Any]:
    width = hi - lo
    war: dict[str, Any] = {
        "issue": "war",
        "defender_end": draw(st.sampled_from(["high", "low"])),
        "defender": draw(_side("def", lo, hi, "def" in war_stance)),
        "attacker": draw(_side("att", lo, hi, "att" in war_stance)),
        "ground": draw(uncertain(lo, hi)),
        "battle_rate": draw(uncertain(0.0, 40.0)),
        "step": draw(uncertain(width * 1e-3, width / 4)),
        "contest_exponent": draw(uncertain(0.0, 3.0)),
        "planning_horizon": draw(uncertain(0.0, 24.0)),
        "discount": draw(uncertain(0.5, 1.0)),
        "capital_decay": draw(uncertain(0.0, 1.0)),
        "settlement_rate": draw(uncertain(0.0, 10.0)),
        "terms": draw(st.sampled_from(["mediator", "nash"])),
        "alignments": [
            {
                "actor": a,
                "side": draw(st.sampled_from(["def", "att"])),
                "level": draw(uncertain(0.0, 1.0)),
            }
            for a in aligned
        ],
    }
    if war["terms"] == "mediator" or draw(st.booleans()):
        war["mediator"] = "med"
    resolving = draw(st.lists(st.sampled_from(sorted(actors)), unique=True, max_size=2))
    war["resolve"] = {a: {"sensitivity": draw(uncertain(0.0, 1.0))} for a in resolving}
    return war


@st.composite
def _deal_table(
    draw: st.DrawFn, actors: list[str], aligned: list[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A one-dimensional deal issue and the stances of its participants (two or more)."""
    people = draw(st.lists(st.sampled_from(actors), unique=True, min_size=2))
    issue = {"id": "", "bounds": [0.0, 100.0]}
    stances = {
        a: {"position": draw(uncertain(0.0, 100.0)), "salience": draw(saliences)} for a in people
    }
    return issue, stances


@st.composite
def _deal(draw: st.DrawFn, ctx: _DynContext, k: int, stances: dict[str, Any]) -> dict[str, Any]:
    people = sorted(stances)
    signers = draw(st.lists(st.sampled_from(people), unique=True, min_size=1))
    signatories = {}
    for s in signers:
        sig: dict[str, Any] = {}
        if draw(st.booleans()):
            a, b = sorted(draw(st.floats(0.0, 100.0)) for _ in range(2))
            sig["accept"] = [a, b]
        if "accept" not in sig or draw(st.booleans()):
            sig["tolerance"] = draw(uncertain(0.0, 100.0))
        if ctx.aligned and draw(st.booleans()):
            rival = draw(st.sampled_from(ctx.aligned))
            sig["rival_shift"] = {rival: draw(uncertain(-20.0, 20.0))}
        signatories[s] = sig
    deal: dict[str, Any] = {
        "id": f"d{k}",
        "issue": f"deal{k}",
        "model": draw(st.sampled_from(DEAL_MODELS)),
        "signatories": signatories,
        "effects": draw(st.lists(_effect(ctx), max_size=2)),
    }
    if draw(st.booleans()):
        deal["start"] = draw(st.sampled_from(ctx.months))
    return deal


@st.composite
def _lever(draw: st.DrawFn, ctx: _DynContext) -> dict[str, Any]:
    kind = draw(
        st.sampled_from(["aid", "sanction", "strike_support", "side_payment", "public_pressure"])
    )
    tables = ["war"] + [t for t, people in ctx.tables.items() if len(people) >= 2]
    table = draw(st.sampled_from(tables)) if kind == "public_pressure" else "war"
    conditioned = draw(st.booleans())
    if table != "war":
        holder, target = draw(st.permutations(ctx.tables[table]))[:2]
    elif kind == "public_pressure" or conditioned:
        holder = draw(st.sampled_from(sorted(ctx.war_stance)))
        target = draw(st.sampled_from([b for b in ("def", "att") if b != holder]))
    else:
        target = draw(st.sampled_from(["def", "att"]))
        others = [a for a in ctx.actors if a != target or kind == "aid"]
        holder = draw(st.sampled_from(others))
    lever: dict[str, Any] = {
        "holder": holder,
        "target": target,
        "kind": kind,
        "size": draw(uncertain(0.0, 1.0 if kind == "public_pressure" else 0.5)),
        "table": table,
        "enabled": draw(st.booleans()),
        "holder_cost": draw(uncertain(0.0, 5.0)),
        "scale_by_alignment": holder in ctx.aligned and draw(st.booleans()),
    }
    if conditioned:
        lever["condition"] = {
            "threshold": draw(uncertain(0.0, ctx.width)),
            "above": draw(uncertain(0.0, 2.0)),
            "below": draw(uncertain(0.0, 2.0)),
            "mode": draw(st.sampled_from(["step", "linear"])),
        }
    window = sorted(draw(st.lists(st.integers(0, len(ctx.months) - 1), min_size=2, max_size=2)))
    if draw(st.booleans()):
        lever["start"] = ctx.months[window[0]]
    if draw(st.booleans()):
        lever["end"] = ctx.months[window[1]]
    return lever


@st.composite
def _effect(draw: st.DrawFn, ctx: _DynContext) -> dict[str, Any]:
    choices = ["battle_rate", "preferred", "belligerent"]
    if ctx.levers:
        choices.append("lever")
    if ctx.aligned:
        choices.append("alignment")
    what = draw(st.sampled_from(choices))
    if what == "lever":
        effect: dict[str, Any] = {"lever": draw(st.sampled_from(ctx.levers))}
        if draw(st.booleans()):
            effect["enable"] = draw(st.booleans())
        if "enable" not in effect or draw(st.booleans()):
            effect["scale"] = draw(uncertain(0.0, 3.0))
        return effect
    if what == "battle_rate":
        return {"battle_rate": draw(uncertain(0.0, 3.0))}
    if what == "preferred":
        return {
            "actor": draw(st.sampled_from(sorted(ctx.war_stance))),
            "preferred": draw(uncertain(-ctx.width, ctx.width)),
        }
    if what == "alignment":
        return {"actor": draw(st.sampled_from(ctx.aligned)), "alignment": draw(uncertain(0.0, 1.0))}
    field = draw(st.sampled_from(["claim", "strength", "monthly_cost"]))
    high = ctx.width if field == "claim" else 3.0
    low = -high if field == "claim" else 0.0  # strength 0 on both sides: no battles
    return {"actor": draw(st.sampled_from(["def", "att"])), field: draw(uncertain(low, high))}


def dynamic_scenarios(**kwargs: Any) -> st.SearchStrategy[Scenario]:
    """Valid :class:`Scenario` objects with a clock and a war."""
    return dynamic_scenario_data(**kwargs).map(Scenario.model_validate)
