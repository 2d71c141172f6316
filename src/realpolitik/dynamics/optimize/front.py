"""From the search's trials to the recommended strategies: feasible, non-dominated, distinct."""

from __future__ import annotations

import math
from collections.abc import Sequence

from realpolitik.dynamics.optimize.objectives import Constraint, Objective
from realpolitik.dynamics.optimize.search import TrialRecord
from realpolitik.errors import InputError

TOP = 5
"""Strategies recommended for a single objective."""

MAX_FRONT = 12
"""At most this many strategies of a Pareto front are re-evaluated and reported."""


def _key(o: Objective, rec: TrialRecord) -> float:
    """Larger is better; undefined is worst."""
    v = rec.values[o.name]
    if math.isnan(v):
        return -math.inf
    return v if o.direction == "maximize" else -v


def dominates(objectives: Sequence[Objective], a: TrialRecord, b: TrialRecord) -> bool:
    """Whether ``a`` is at least as good as ``b`` on every objective and better on one."""
    ka = [_key(o, a) for o in objectives]
    kb = [_key(o, b) for o in objectives]
    return all(x >= y for x, y in zip(ka, kb, strict=True)) and ka != kb


def _distinct(records: Sequence[TrialRecord], objectives: Sequence[Objective]) -> list[TrialRecord]:
    seen: set[tuple[float, ...]] = set()
    out = []
    for r in records:
        key = tuple(round(_key(o, r), 12) for o in objectives)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def select_front(
    objectives: Sequence[Objective],
    constraints: Sequence[Constraint],
    records: Sequence[TrialRecord],
) -> list[TrialRecord]:
    """The feasible trials to recommend (InputError when no trial meets the constraints)."""
    feasible = [r for r in records if r.feasible]
    if not feasible:
        raise unmet(constraints, records)
    if len(objectives) == 1:
        ranked = sorted(feasible, key=lambda r: (-_key(objectives[0], r), r.number))
        return _distinct(ranked, objectives)[:TOP]
    front = [r for r in feasible if not any(dominates(objectives, o, r) for o in feasible)]
    front = sorted(_distinct(front, objectives), key=lambda r: (_key(objectives[0], r), r.number))
    if len(front) <= MAX_FRONT:
        return front
    step = (len(front) - 1) / (MAX_FRONT - 1)
    return [front[round(i * step)] for i in range(MAX_FRONT)]


def unmet(constraints: Sequence[Constraint], records: Sequence[TrialRecord]) -> InputError:
    """The message when no strategy meets the constraints: the closest one, per constraint."""
    parts = []
    for i, c in enumerate(constraints):
        best = min(records, key=lambda r: r.excess[i])
        value = best.values[c.objective.name]
        parts.append(
            f"{c.text} (the closest of the {len(records)} strategies tried: "
            f"{c.objective.name} = {value:.4g})"
        )
    return InputError.one(
        "no strategy tried meets the constraints: "
        + "; ".join(parts)
        + ". Loosen the constraint, widen the levers' ranges, or search longer (--trials)",
        field="--constraint",
    )
