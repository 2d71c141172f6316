"""Observations: what happened after a scenario's as-of date (docs/dynamics.md, "Conditioning").

An observation is dated and names one thing of the scenario's war:

- ``event``: an event happened — ``settlement``, ``deal:<id>``,
  ``victory:<actor>`` in the month of the date; a scheduled event (an id of
  ``events``) happened at all (its month stays the scenario's).
- ``no_event``: it had not happened by the date (a scheduled event: it did
  not happen at all).
- ``lever``: a lever's activity (0 = off, 1 = on as written) from the date on,
  until the lever's next observation or the end of that month: an
  intervention, not evidence.
- ``measure``: a measured quantity with its standard error ``sd``:
  ``ground`` (the change, since the clock's start, of the ground the defender
  holds, on the war issue's scale), ``terms`` (the settlement terms),
  ``deal_terms:<id>`` (a deal's terms, on its issue).

:func:`observation_problems` checks every observation against the scenario,
like :func:`realpolitik.scenario.models.semantic_problems`, so that a file or
CSV reports every problem at once with its location.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, model_validator

from realpolitik.scenario.fields import FrozenModel, Loc, month_number

if TYPE_CHECKING:
    from realpolitik.scenario.models import Scenario

ObservationKind = Literal["event", "no_event", "lever", "measure"]
KINDS: tuple[str, ...] = ("event", "no_event", "lever", "measure")

MAX_ACTIVITY = 1e3
"""Largest lever activity an observation may state (a multiplier, as in the file's ``scale``)."""

Number = Annotated[float, Field(allow_inf_nan=False)]


class Observation(FrozenModel):
    """One dated fact about the war (see the module docstring).

    Attributes:
        date: when it happened or was measured.
        kind: ``event``, ``no_event``, ``lever`` or ``measure``.
        subject: what it is about (an event, lever or measured quantity).
        value: the lever's activity, or the measured value.
        sd: the measurement's standard error (``measure`` only, > 0).
        unit, source, note: free text kept with the fact.
    """

    date: dt.date
    kind: ObservationKind
    subject: str = Field(min_length=1)
    value: Number | None = None
    sd: Number | None = Field(default=None, gt=0)
    unit: str = ""
    source: str = ""
    note: str = ""

    @model_validator(mode="after")
    def _values(self) -> Observation:
        if self.kind == "measure" and (self.value is None or self.sd is None):
            raise ValueError("a 'measure' needs a value and its sd (standard error, > 0)")
        if self.kind == "lever":
            if self.value is None:
                raise ValueError("a 'lever' observation needs a value: its activity (0 = off)")
            if not 0 <= self.value <= MAX_ACTIVITY:
                raise ValueError(f"a lever's activity must be in [0, {MAX_ACTIVITY:g}]")
        if self.kind in ("event", "no_event") and (self.value is not None or self.sd is not None):
            raise ValueError(f"an '{self.kind}' observation takes no value or sd")
        return self

    @property
    def month(self) -> str:
        """``YYYY-MM`` of the date."""
        return f"{self.date.year:04d}-{self.date.month:02d}"

    @property
    def month_end(self) -> bool:
        """Whether the date is the last day of its month."""
        return (self.date + dt.timedelta(days=1)).month != self.date.month

    def label(self) -> str:
        """``2025-08-31 no_event settlement``: how messages name it."""
        return f"{self.date.isoformat()} {self.kind} {self.subject}"


def known_subjects(sc: Scenario) -> dict[str, tuple[str, ...]]:
    """Per kind, the subjects the scenario knows."""
    happenings = ["settlement", *(f"deal:{d.id}" for d in sc.deals)]
    if sc.war is not None:
        happenings += [f"victory:{sc.war.defender.actor}", f"victory:{sc.war.attacker.actor}"]
    happenings += [e.id for e in sc.events]
    measures = ["ground", "terms", *(f"deal_terms:{d.id}" for d in sc.deals)]
    return {
        "event": tuple(happenings),
        "no_event": tuple(happenings),
        "lever": tuple(lv.id for lv in sc.levers),
        "measure": tuple(measures),
    }


def observation_problems(sc: Scenario) -> Iterator[tuple[Loc, str]]:
    """Every problem of the scenario's observations, with the location of its field."""
    if not sc.observations:
        return
    if sc.clock is None or sc.war is None:
        yield (
            ("observations",),
            (
                "observations condition a war simulated month by month: this scenario has no "
                "'clock' and 'war' blocks (see docs/dynamics.md)"
            ),
        )
        return
    subjects = known_subjects(sc)
    first = month_number(sc.clock.start)
    last = first + sc.clock.horizon - 1
    for k, obs in enumerate(sc.observations):
        loc: Loc = ("observations", k)
        known = subjects[obs.kind]
        if obs.subject not in known:
            yield (
                (*loc, "subject"),
                (
                    f"unknown {obs.kind} subject '{obs.subject}'; "
                    f"known: {', '.join(known) or 'none'}"
                ),
            )
        yield from _date_problems(sc, obs, (*loc, "date"), first, last)


def _date_problems(
    sc: Scenario, obs: Observation, loc: Loc, first: int, last: int
) -> Iterator[tuple[Loc, str]]:
    as_of = sc.metadata.as_of
    month = month_number(obs.month)
    if as_of is not None and obs.date <= as_of:
        yield (
            loc,
            (
                f"{obs.date.isoformat()} is not after the scenario's as-of date "
                f"{as_of.isoformat()}: an observation states what happened after it"
            ),
        )
    elif month < first:
        assert sc.clock is not None
        yield loc, f"{obs.date.isoformat()} is before the clock's start {sc.clock.start}"
    elif month > last:
        yield (
            loc,
            (
                f"{obs.date.isoformat()} is past the horizon (the last month simulated is "
                f"{last // 12:04d}-{last % 12 + 1:02d})"
            ),
        )
