"""What-if changes to a scenario: a few of its numbers replaced, the result validated.

A change names what it changes by id, as the scenario file does::

    {"actors": {"USA": {"capability": 50, "stances": {"territorial_line":
                 {"position": 30, "salience": 0.9}}}},
     "levers": {"us_pressure_on_kyiv": {"size": 0.2, "enabled": false, "threshold": 20}},
     "events": {"russia_mobilisation": {"probability": 0.5}}}

A value is a number or a distribution's text (``"60 ± 10"``); a lever's
``enabled`` is whether it acts from the start (an event or a deal may still
switch it). The changed scenario is validated as a file would be, so a bad
value is one problem naming its field (``levers.us_pressure_on_kyiv.size``).
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from realpolitik.errors import InputError, Problem
from realpolitik.io.scenario_file import scenario_from_data, scenario_to_data
from realpolitik.scenario import Scenario

Value = float | str


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StanceChange(_Strict):
    """New position and/or salience of an actor on one issue."""

    position: Value | list[Value] | None = None
    salience: Value | None = None


class ActorChange(_Strict):
    """New capability and/or stances of one actor."""

    capability: Value | None = None
    stances: dict[str, StanceChange] = Field(default_factory=dict)


class LeverChange(_Strict):
    """New size, start state or condition threshold of one lever."""

    size: Value | None = None
    enabled: bool | None = None
    threshold: Value | None = None


class EventChange(_Strict):
    """New probability of one event."""

    probability: Value | None = None


class Overrides(_Strict):
    """Every change of a what-if, by id (see the module docstring)."""

    actors: dict[str, ActorChange] = Field(default_factory=dict)
    levers: dict[str, LeverChange] = Field(default_factory=dict)
    events: dict[str, EventChange] = Field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """Whether nothing is changed."""
        return not (self.actors or self.levers or self.events)


def apply_overrides(scenario: Scenario, changes: Overrides, name: str = "what-if") -> Scenario:
    """The scenario with the changes put in, validated (InputError naming each bad field)."""
    data = copy.deepcopy(scenario_to_data(scenario))
    problems: list[Problem] = []
    _actors(data, changes, problems)
    _levers(data, changes, problems)
    _events(data, changes, problems)
    if problems:
        raise InputError(problems)
    return scenario_from_data(data, file=name)


def _by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(item["id"]): item for item in items}


def _missing(
    problems: list[Problem], what: str, key: str, known: list[str], path: str | None = None
) -> None:
    problems.append(
        Problem(
            message=f"no {what} '{key}' in the scenario (it has: {', '.join(known) or 'none'})",
            field=path or f"{what}s.{key}",
        )
    )


def _actors(data: dict[str, Any], changes: Overrides, problems: list[Problem]) -> None:
    actors = _by_id(data.get("actors", []))
    issues = [str(i["id"]) for i in data.get("issues", [])]
    for actor_id, change in changes.actors.items():
        actor = actors.get(actor_id)
        if actor is None:
            _missing(problems, "actor", actor_id, list(actors))
            continue
        if change.capability is not None:
            actor["capability"] = change.capability
        for issue_id, stance in change.stances.items():
            if issue_id not in issues:
                path = f"actors.{actor_id}.stances.{issue_id}"
                _missing(problems, "issue", issue_id, issues, path)
                continue
            target = actor.setdefault("stances", {}).setdefault(issue_id, {})
            for key, value in stance.model_dump(exclude_none=True).items():
                target[key] = value


def _levers(data: dict[str, Any], changes: Overrides, problems: list[Problem]) -> None:
    levers = _by_id(data.get("levers", []))
    for lever_id, change in changes.levers.items():
        lever = levers.get(lever_id)
        if lever is None:
            _missing(problems, "lever", lever_id, list(levers))
            continue
        if change.size is not None:
            lever["size"] = change.size
        if change.enabled is not None:
            lever["enabled"] = change.enabled
        if change.threshold is not None:
            if not lever.get("condition"):
                problems.append(
                    Problem(
                        message=f"lever '{lever_id}' has no condition, so no threshold",
                        field=f"levers.{lever_id}.threshold",
                    )
                )
                continue
            lever["condition"]["threshold"] = change.threshold


def _events(data: dict[str, Any], changes: Overrides, problems: list[Problem]) -> None:
    events = _by_id(data.get("events", []))
    for event_id, change in changes.events.items():
        event = events.get(event_id)
        if event is None:
            _missing(problems, "event", event_id, list(events))
        elif change.probability is not None:
            event["probability"] = change.probability
