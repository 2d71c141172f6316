"""What if, live: the controls of a scenario's page and the JSON API they call.

``POST /api/scenarios/{sid}/whatif`` runs :func:`realpolitik.app.whatif.what_if`
(baseline and changed copy on common random numbers) and answers its typed
result; ``POST /api/scenarios/{sid}/whatif/save`` saves the changed copy as a
new scenario. The page's controls are built here from the scenario
(:func:`controls`); ``static/whatif.js`` sends only the fields a person
changed and draws the answer without reloading the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from realpolitik.app.whatif import (
    DEFAULT_RUNS,
    DEFAULT_SEED,
    MAX_RUNS,
    WhatIfResult,
    variant_scenario,
    what_if,
)
from realpolitik.io.overrides import Overrides
from realpolitik.rng import SEED_MAX
from realpolitik.scenario import Scenario
from realpolitik.scenario.dynamics import Lever
from realpolitik.web.deps import catalogue_of, scenario_or_404
from realpolitik.web.forms import cell_text

router = APIRouter(prefix="/api", tags=["api"])


class WhatIfIn(BaseModel):
    """A what-if request: the changes, and how many paired runs with which seed."""

    overrides: Overrides = Field(default_factory=Overrides)
    runs: int = Field(DEFAULT_RUNS, ge=2, le=MAX_RUNS)
    seed: int = Field(DEFAULT_SEED, ge=0, le=SEED_MAX)
    model: str = "compromise"


class SavedOut(BaseModel):
    """The scenario a what-if was saved as."""

    id: str
    title: str
    url: str


@router.post("/scenarios/{sid}/whatif", response_model=WhatIfResult, responses={404: {}})
def run_what_if(request: Request, sid: str, body: WhatIfIn) -> WhatIfResult:
    """Rerun the scenario with some inputs changed, beside its baseline (same seed, common
    random numbers): each headline outcome, its paired difference and Monte Carlo error."""
    loaded = scenario_or_404(request, sid)
    return what_if(
        loaded.scenario, body.overrides, runs=body.runs, seed=body.seed, model=body.model
    )


@router.post(
    "/scenarios/{sid}/whatif/save", status_code=201, response_model=SavedOut, responses={404: {}}
)
def save_what_if(request: Request, sid: str, body: WhatIfIn) -> SavedOut:
    """Save the changed scenario as a new one (the original is unchanged)."""
    loaded = scenario_or_404(request, sid)
    changed = variant_scenario(loaded.scenario, body.overrides)
    saved = catalogue_of(request).save_new(changed, f"what-if of {loaded.entry.name}")
    return SavedOut(id=saved.entry.id, title=saved.entry.title, url=f"/scenarios/{saved.entry.id}")


@dataclass(frozen=True, kw_only=True)
class Control:
    """One input of the what-if form: its path in the overrides, label and current value."""

    path: str
    label: str
    value: str
    kind: str = "text"  # or "checkbox"


@dataclass(frozen=True, kw_only=True)
class Group:
    """Controls under one heading (an actor, the levers, the events)."""

    title: str
    controls: list[Control]


def controls(sc: Scenario) -> list[Group]:
    """The inputs that matter: each actor's capability, positions and saliences; each
    lever's size, start state and threshold; each event's probability."""
    groups = [_actor(sc, k) for k in range(len(sc.actors))]
    if sc.levers:
        groups.append(Group(title="Levers", controls=[c for lv in sc.levers for c in _lever(lv)]))
    if sc.events:
        groups.append(
            Group(
                title="Events",
                controls=[
                    Control(
                        path=f"events.{e.id}.probability",
                        label=f"{e.id}: probability",
                        value=cell_text(e.probability),
                    )
                    for e in sc.events
                ],
            )
        )
    return groups


def _actor(sc: Scenario, k: int) -> Group:
    actor = sc.actors[k]
    items = [
        Control(
            path=f"actors.{actor.id}.capability",
            label="capability",
            value=cell_text(actor.capability),
        )
    ]
    for issue in sc.issues:
        stance = actor.stances.get(issue.id)
        if stance is None:
            continue
        base = f"actors.{actor.id}.stances.{issue.id}"
        name = issue.name or issue.id
        items.append(
            Control(
                path=f"{base}.position", label=f"{name}: position", value=cell_text(stance.position)
            )
        )
        items.append(
            Control(
                path=f"{base}.salience", label=f"{name}: salience", value=cell_text(stance.salience)
            )
        )
    return Group(title=actor.label, controls=items)


def _lever(lv: Lever) -> list[Control]:
    items = [
        Control(
            path=f"levers.{lv.id}.enabled",
            label=f"{lv.id}: on from the start",
            value="true" if lv.enabled else "false",
            kind="checkbox",
        ),
        Control(
            path=f"levers.{lv.id}.size",
            label=f"{lv.id}: size ({lv.kind})",
            value=cell_text(lv.size),
        ),
    ]
    if lv.condition is not None:
        items.append(
            Control(
                path=f"levers.{lv.id}.threshold",
                label=f"{lv.id}: threshold",
                value=cell_text(lv.condition.threshold),
            )
        )
    return items
