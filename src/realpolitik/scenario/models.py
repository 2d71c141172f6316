"""Frozen pydantic models of a scenario file (format ``realpolitik/1``).

A scenario lists actors (with capability), issues (with a scale and its
meaning) and, per actor, a stance on some issues (position and salience).
Field-level rules (types, finiteness, signs, unknown keys) are enforced by
pydantic; rules that relate fields to each other (ids, bounds, dimensions) are
collected all at once by :func:`semantic_problems` so that a user sees every
problem in one pass.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from realpolitik.scenario.dynamics import Clock, Deal, Event, Lever, War
from realpolitik.scenario.dynamics_checks import dynamics_problems
from realpolitik.scenario.fields import FrozenModel as _Frozen
from realpolitik.scenario.fields import Id as Id
from realpolitik.scenario.fields import Loc as Loc
from realpolitik.scenario.noise import UncertaintyDefaults
from realpolitik.scenario.observations import Observation, observation_problems
from realpolitik.scenario.uncertain import Distribution, Uncertain, center

Number = Annotated[float, Field(allow_inf_nan=False)]
"""A finite number (NaN and infinity are rejected)."""

Point = Uncertain | list[Uncertain]
"""A value on one dimension, or one value per dimension; each may be uncertain."""

FixedPoint = Number | list[Number]
"""Like :data:`Point`, but always a plain number (outcomes, for instance)."""


class Metadata(_Frozen):
    """What the scenario is about and where its numbers come from."""

    title: str = Field(min_length=1)
    description: str = ""
    as_of: dt.date | None = None
    sources: list[str] = Field(default_factory=list)
    assumptions: list[str] = Field(default_factory=list)


class Stance(_Frozen):
    """An actor's position on one issue and how much the actor cares about it.

    Attributes:
        position: a point on the issue's scale (one number, or one per dimension).
        salience: importance to the actor, on the scenario's ``salience_scale``
            (one number, or one per dimension).
        source: the justification of the numbers (a sentence and/or a citation).
    """

    position: Point
    salience: Point
    source: str = ""


class Issue(_Frozen):
    """An issue: a scale whose ends mean something.

    Attributes:
        id: identifier used in stances and output.
        name: human name.
        unit: unit of the scale (``"%"``, ``"years"``, ...).
        low: what the low end of the scale means.
        high: what the high end of the scale means.
        bounds: lowest and highest possible value.
        dimensions: names of the dimensions for a multi-dimensional issue
            (positions and saliences are then lists of that length).
        status_quo: the reference point, when known.
        outcome: the real outcome, for backtests, when known.
        ranges: named ranges of outcomes whose probability is reported.
        notes: free text.
        attributes: extra facts about the issue carried over from an imported
            table, machine-readable (e.g. the DEU columns ``proc`` and
            ``counvte``: legislative procedure and voting rule).
    """

    id: Id
    name: str = ""
    unit: str = ""
    low: str = ""
    high: str = ""
    bounds: tuple[Number, Number] = (0.0, 100.0)
    dimensions: list[str] | None = None
    status_quo: Point | None = None
    outcome: FixedPoint | None = None
    ranges: dict[str, tuple[Number, Number]] = Field(default_factory=dict)
    notes: str = ""
    attributes: dict[str, str | float] = Field(default_factory=dict)

    @property
    def n_dims(self) -> int:
        """Number of dimensions of the issue."""
        return len(self.dimensions) if self.dimensions else 1


class Actor(_Frozen):
    """A stakeholder: who it is, how strong it is, and where it stands.

    Attributes:
        id: identifier used in output.
        name: human name.
        capability: power to influence outcomes (> 0; any unit, only ratios matter).
        risk: optional risk attitude (model-specific; see the model's docs).
        stances: the actor's stance on each issue it takes part in, by issue id.
        notes: free text.
        attributes: extra columns carried over from an imported table.
    """

    id: Id
    name: str = ""
    capability: Uncertain
    risk: Uncertain | None = None
    stances: dict[str, Stance] = Field(default_factory=dict)
    notes: str = ""
    attributes: dict[str, str | float] = Field(default_factory=dict)

    @property
    def label(self) -> str:
        """The name if there is one, else the id."""
        return self.name or self.id


class ScenarioProblems(ValueError):  # noqa: N818 - a carrier of problems, not raised to users
    """Cross-field problems of a scenario, each with the location of its field."""

    def __init__(self, problems: list[tuple[Loc, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{_dotted(loc)}: {msg}" for loc, msg in problems))


class Scenario(_Frozen):
    """A negotiation: actors, issues, stances and model settings.

    Attributes:
        format: the file format version.
        metadata: title, description, date and sources.
        salience_scale: saliences are given on [0, 1] (``1``) or [0, 100] (``100``).
        actors: the stakeholders.
        issues: the issues under negotiation.
        model_params: per-model parameter overrides, by model name (numeric ones
            may be distributions for Monte Carlo, see ``docs/uncertainty.md``).
        uncertainty: default noise on plain numbers (see :mod:`realpolitik.scenario.noise`).
        clock, war, levers, deals, events: the dynamic blocks, run month by month
            (see :mod:`realpolitik.scenario.dynamics` and ``docs/dynamics.md``).
        observations: what happened after ``metadata.as_of``, to condition the
            war's forecast on (:mod:`realpolitik.scenario.observations`).
    """

    format: Literal["realpolitik/1"] = "realpolitik/1"
    metadata: Metadata
    salience_scale: Literal[1, 100] = 1
    issues: list[Issue] = Field(min_length=1)
    actors: list[Actor] = Field(min_length=1)
    model_params: dict[str, dict[str, Any]] = Field(default_factory=dict)
    uncertainty: UncertaintyDefaults | None = None
    clock: Clock | None = None
    war: War | None = None
    levers: list[Lever] = Field(default_factory=list)
    deals: list[Deal] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    observations: list[Observation] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> Scenario:
        problems = list(semantic_problems(self))
        if problems:
            raise ScenarioProblems(problems)
        return self

    def issue(self, issue_id: str) -> Issue:
        """The issue with this id (``KeyError`` if there is none)."""
        for issue in self.issues:
            if issue.id == issue_id:
                return issue
        raise KeyError(issue_id)

    def participants(self, issue_id: str) -> list[Actor]:
        """Actors with a stance on the issue, in file order."""
        return [a for a in self.actors if issue_id in a.stances]

    @property
    def is_dynamic(self) -> bool:
        """Whether the scenario has a war, levers, deals or events to run month by month."""
        return self.war is not None or bool(self.levers or self.deals or self.events)


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _as_list(value: Point) -> list[float | Distribution]:
    return list(value) if isinstance(value, list) else [value]


def _range_problem(value: float | Distribution, lo: float, hi: float) -> str | None:
    """Why ``value`` (a number or a distribution) does not fit in [lo, hi], or None.

    A normal distribution is truncated to the bounds, so only its mean must fit;
    other families must have their whole support inside.
    """
    if not isinstance(value, Distribution):
        return None if lo <= value <= hi else f"{value} is outside [{lo}, {hi}]"
    if value.kind == "normal":
        mean = center(value)
        return None if lo <= mean <= hi else f"the mean of '{value}' is outside [{lo}, {hi}]"
    a, b = value.support
    return None if lo <= a and b <= hi else f"'{value}' can take values outside [{lo}, {hi}]"


def semantic_problems(sc: Scenario) -> Iterator[tuple[Loc, str]]:
    """Every cross-field problem of a scenario, with the location of the field."""
    yield from _duplicate_ids(sc)
    issues = {issue.id: issue for issue in sc.issues}
    for k, issue in enumerate(sc.issues):
        yield from _issue_problems(issue, ("issues", k))
    for k, actor in enumerate(sc.actors):
        loc: Loc = ("actors", k)
        yield from _capability_problems(actor, loc)
        if not actor.stances:
            yield (*loc, "stances"), (
                f"actor '{actor.id}' has no stance on any issue; give it a position and "
                "salience on at least one issue or remove it"
            )
        for issue_id, stance in actor.stances.items():
            sloc = (*loc, "stances", issue_id)
            if issue_id not in issues:
                yield sloc, f"unknown issue '{issue_id}'; known issues: {', '.join(issues)}"
                continue
            yield from _stance_problems(stance, issues[issue_id], sc.salience_scale, sloc)
    for k, issue in enumerate(sc.issues):
        if not any(issue.id in a.stances for a in sc.actors):
            yield ("issues", k, "id"), f"no actor has a stance on issue '{issue.id}'"
    yield from dynamics_problems(sc)
    yield from observation_problems(sc)


def _duplicate_ids(sc: Scenario) -> Iterator[tuple[Loc, str]]:
    for kind, ids in (("actors", [a.id for a in sc.actors]), ("issues", [i.id for i in sc.issues])):
        seen: dict[str, int] = {}
        for k, item_id in enumerate(ids):
            if item_id in seen:
                yield (kind, k, "id"), (
                    f"duplicate id '{item_id}' (also {kind}[{seen[item_id]}]); ids must be unique"
                )
            seen.setdefault(item_id, k)


MAX_CAPABILITY = 1e30
"""Largest capability accepted: eighth powers of sums of capabilities (smp's ``Octic``
victory probabilities) must stay finite."""


def _capability_problems(actor: Actor, loc: Loc) -> Iterator[tuple[Loc, str]]:
    cap = actor.capability
    low = cap.support[0] if isinstance(cap, Distribution) and cap.kind != "normal" else center(cap)
    if not low > 0:
        yield (*loc, "capability"), (
            f"capability must be greater than 0, got {cap}; give every actor a positive "
            "capability (only ratios between actors matter)"
        )
    high = cap.support[1] if isinstance(cap, Distribution) and cap.kind != "normal" else center(cap)
    if high > MAX_CAPABILITY:
        yield (*loc, "capability"), (
            f"capability {cap} is above {MAX_CAPABILITY:g}, where the models' products "
            "overflow; give capabilities in a larger unit (only ratios between actors matter)"
        )


def _issue_problems(issue: Issue, loc: Loc) -> Iterator[tuple[Loc, str]]:
    lo, hi = issue.bounds
    if not lo < hi:
        yield (*loc, "bounds"), f"bounds must be increasing, got [{lo}, {hi}]"
        return
    if not math.isfinite(hi - lo):
        yield (*loc, "bounds"), (
            f"bounds [{lo}, {hi}] are too far apart to compute with (their difference is "
            "beyond the largest number); give the scale in a larger unit"
        )
        return
    for name in ("status_quo", "outcome"):
        value = getattr(issue, name)
        if value is not None:
            yield from _point_problems(value, issue, (*loc, name))
    for rname, (a, b) in issue.ranges.items():
        if not a <= b:
            yield (*loc, "ranges", rname), f"range '{rname}' must have low <= high, got [{a}, {b}]"


def _point_problems(value: Point, issue: Issue, loc: Loc) -> Iterator[tuple[Loc, str]]:
    values = _as_list(value)
    if len(values) != issue.n_dims:
        yield loc, f"expected {issue.n_dims} value(s), one per dimension, got {len(values)}"
        return
    lo, hi = issue.bounds
    for v in values:
        problem = _range_problem(v, lo, hi)
        if problem:
            yield loc, (
                f"{problem}, the issue's bounds; move the value inside them or widen the "
                "issue's 'bounds'"
            )


def _stance_problems(
    stance: Stance, issue: Issue, scale: int, loc: Loc
) -> Iterator[tuple[Loc, str]]:
    yield from _point_problems(stance.position, issue, (*loc, "position"))
    sal = _as_list(stance.salience)
    if len(sal) != issue.n_dims:
        yield (*loc, "salience"), (
            f"expected {issue.n_dims} salience value(s), one per dimension, got {len(sal)}"
        )
    for s in sal:
        problem = _range_problem(s, 0, scale)
        if problem:
            on_100 = scale == 1 and not isinstance(s, Distribution) and 1 < s <= 100
            hint = (
                " (set salience_scale: 100 for saliences on 0-100)"
                if on_100
                else f"; give a salience from 0 to {scale}"
            )
            yield (*loc, "salience"), f"salience: {problem}{hint}"
