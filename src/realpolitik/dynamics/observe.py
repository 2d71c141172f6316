"""Observations -> what the engine needs: lever pins (interventions) and per-run likelihoods.

Names are resolved here, once (like :mod:`.spec`); the conditioning
(:mod:`.condition`) sees month indices and integer codes. For each run the
log-likelihood of each observation is

- a hard fact (``event``, ``no_event``): 0 where the run agrees, −∞ where it
  does not (a constraint: such a run carries no weight);
- a ``measure``: the Gaussian log-density of the measured value given the
  run's value, ``−(x − v)² / (2 sd²)`` (its maximum, 0, where they agree; the
  constant, the same for every run, is left out), −∞ where the run has no
  such value (terms of a deal it did not sign by then).

Months: an ``event`` dated in month m says the run's event happened in month
m; a ``no_event`` dated in month m rules out the months before m, and m itself
when the date is the month's last day. A scheduled event of the scenario
happens or not in its own month: an observation of it, whatever its date,
says which.

Lever observations pin the lever's activity, day-weighted: a month whose days
``d`` are covered by observed activities ``v_d`` (each from its date to the
lever's next observation or the end of its month) has activity
``(1 − f) × modelled + Σ_d v_d / days``, ``f`` the covered share of the month.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import numpy as np

from realpolitik.arrays import FloatArray
from realpolitik.dynamics.compiled import CompiledDynamics
from realpolitik.dynamics.state import State
from realpolitik.scenario.fields import month_number
from realpolitik.scenario.observations import Observation

HAPPENED, NOT_BY, SCHEDULED, GROUND, TERMS, DEAL_TERMS = range(6)


@dataclass(frozen=True, kw_only=True)
class Check:
    """One observation as the engine reads it.

    Attributes:
        code: what is compared (``HAPPENED``, ``NOT_BY``, ``SCHEDULED``,
            ``GROUND``, ``TERMS``, ``DEAL_TERMS``).
        subject: ``settlement``, ``deal:<id>``, ``victory:<actor>``, an event,
            ``ground``, ``terms`` or ``deal_terms:<id>``.
        index: the deal, side or scheduled event it is about (-1: none).
        month: month index of the date; ``until``: last month a ``no_event``
            rules out (-1: none).
        happened: for ``SCHEDULED``, whether it happened.
        value, sd: the measured value and its error.
        at: the month at whose end the runs are weighed by it (the filter's step).
    """

    code: int
    subject: str
    index: int = -1
    month: int = 0
    until: int = -1
    happened: bool = True
    value: float = 0.0
    sd: float = 1.0
    at: int = 0


@dataclass(frozen=True, kw_only=True)
class CompiledObservations:
    """The observations of a scenario, in date order, ready for the engine.

    Attributes:
        labels: ``2025-08-31 no_event settlement`` per check.
        checks: what each observation compares, per run.
        stop: months simulated before the runs are weighed (the month of the
            last observation, plus one).
        as_of: ``YYYY-MM`` of the last observation.
        pin_frac, pin_add: ``(T, nL)`` lever pins (module docstring).
        n_levers: how many of the observations are lever observations.
        observed_events: scheduled events an observation says happened or not.
    """

    labels: tuple[str, ...]
    checks: tuple[Check, ...]
    stop: int
    as_of: str
    pin_frac: FloatArray
    pin_add: FloatArray
    n_levers: int

    @property
    def steps(self) -> list[int]:
        """The months at whose end the runs are weighed (the filter's steps), in order."""
        return sorted({c.at for c in self.checks})

    @property
    def observed_events(self) -> set[int]:
        """Scheduled events an observation says happened or not (never drawn again)."""
        return {c.index for c in self.checks if c.code == SCHEDULED}


def compile_observations(
    dyn: CompiledDynamics, observations: list[Observation], start: str
) -> CompiledObservations:
    """Resolve validated observations against the compiled scenario (clock start ``start``)."""
    ordered = sorted(observations, key=lambda o: o.date)
    first = month_number(start)
    evidence = [o for o in ordered if o.kind != "lever"]
    pairs = [(_check(dyn, o, month_number(o.month) - first), o.label()) for o in evidence]
    pairs.sort(key=lambda p: p[0].at)  # stable: date order within a month
    last = max(month_number(o.month) for o in ordered) - first
    frac, add = _pins(dyn, [o for o in ordered if o.kind == "lever"], first)
    return CompiledObservations(
        labels=tuple(label for _, label in pairs),
        checks=tuple(c for c, _ in pairs),
        stop=last + 1,
        as_of=dyn.months[last],
        pin_frac=frac,
        pin_add=add,
        n_levers=len(ordered) - len(evidence),
    )


def _check(dyn: CompiledDynamics, obs: Observation, month: int) -> Check:
    subject = obs.subject
    if obs.kind == "measure":
        value, sd = float(obs.value or 0.0), float(obs.sd or 1.0)
        if subject.startswith("deal_terms:"):
            index = [d.id for d in dyn.deals].index(subject.split(":", 1)[1])
            return Check(
                code=DEAL_TERMS, subject=subject, index=index, month=month, value=value, sd=sd,
                at=month,
            )
        code = GROUND if subject == "ground" else TERMS
        return Check(code=code, subject=subject, month=month, value=value, sd=sd, at=month)
    if subject in dyn.event_ids:
        return Check(
            code=SCHEDULED,
            subject=subject,
            index=dyn.event_ids.index(subject),
            happened=obs.kind == "event",
            at=month,
        )
    if obs.kind == "event":
        return Check(code=HAPPENED, subject=subject, index=_index(dyn, subject), month=month,
                     at=month)
    until = month if obs.month_end else month - 1
    return Check(code=NOT_BY, subject=subject, index=_index(dyn, subject), until=until,
                 at=max(until, 0))


def _index(dyn: CompiledDynamics, subject: str) -> int:
    """-1 for ``settlement``, the deal's index, or the side (0, 1) of ``victory:<actor>``."""
    if subject.startswith("deal:"):
        return [d.id for d in dyn.deals].index(subject.split(":", 1)[1])
    if subject.startswith("victory:"):
        actor = dyn.actor_ids.index(subject.split(":", 1)[1])
        return dyn.sides.index(actor)
    return -1


def _pins(
    dyn: CompiledDynamics, levers: list[Observation], first: int
) -> tuple[FloatArray, FloatArray]:
    frac = np.zeros((dyn.horizon, dyn.n_levers))
    add = np.zeros((dyn.horizon, dyn.n_levers))
    for k, obs in enumerate(levers):
        lever = dyn.lever_ids.index(obs.subject)
        later = [o.date for o in levers[k + 1 :] if o.subject == obs.subject]
        year, mon = obs.date.year, obs.date.month
        days = calendar.monthrange(year, mon)[1]
        month_end = dt.date(year, mon, days) + dt.timedelta(days=1)
        end = min(later[0], month_end) if later else month_end
        covered = (end - obs.date).days
        t = month_number(obs.month) - first
        frac[t, lever] += covered / days
        add[t, lever] += float(obs.value or 0.0) * covered / days
    return frac, add


def log_likelihoods(
    dyn: CompiledDynamics,
    obs: CompiledObservations,
    state: State,
    ground: FloatArray,
    deals: FloatArray,
    happens: np.ndarray,
    step: int | None = None,
) -> FloatArray:
    """``(B, n)`` log-likelihood of each observation weighed at month ``step`` (None: all).

    ``ground`` is ``(B, T + 1)`` in internal orientation, ``deals`` the deal
    tables' outcomes ``(B, T, nD)``, ``happens`` ``(B, E)`` whether each
    scheduled event happens (module docstring).
    """
    checks = [c for c in obs.checks if step is None or c.at == step]
    out = np.zeros((state.z.shape[0], len(checks)))
    for j, c in enumerate(checks):
        out[:, j] = _one(dyn, c, state, ground, deals, happens)
    return out


def _one(
    dyn: CompiledDynamics,
    c: Check,
    state: State,
    ground: FloatArray,
    deals: FloatArray,
    happens: np.ndarray,
) -> FloatArray:
    if c.code == SCHEDULED:
        return _hard(happens[:, c.index] == c.happened)
    if c.code in (HAPPENED, NOT_BY):
        month = _event_month(state, c)
        if c.code == HAPPENED:
            return _hard(month == c.month)
        return _hard((month < 0) | (month > c.until))
    if c.code == GROUND:
        mirror = -1.0 if dyn.flip else 1.0
        return _gauss(mirror * (ground[:, c.month + 1] - ground[:, 0]), c)
    if c.code == TERMS:
        terms = dyn.lower + dyn.upper - state.terms if dyn.flip else state.terms
        done = (state.settled >= 0) & (state.settled <= c.month)
        return np.where(done, _gauss(np.nan_to_num(terms), c), -np.inf)
    signed = state.deal_month[:, c.index]
    done = (signed >= 0) & (signed <= c.month)
    at = np.where(done, signed, 0)
    value = deals[np.arange(at.shape[0]), at, c.index]
    return np.where(done, _gauss(np.nan_to_num(value), c), -np.inf)


def _event_month(state: State, c: Check) -> np.ndarray:
    if c.subject == "settlement":
        return state.settled
    if c.subject.startswith("deal:"):
        return state.deal_month[:, c.index]
    return np.where(state.victor == c.index, state.victory, -1)


def _hard(ok: np.ndarray) -> FloatArray:
    out: FloatArray = np.where(ok, 0.0, -np.inf)
    return out


def _gauss(x: FloatArray, c: Check) -> FloatArray:
    z = (x - c.value) / c.sd
    out: FloatArray = -0.5 * z * z
    return out
