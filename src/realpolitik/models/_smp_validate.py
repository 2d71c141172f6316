"""KTAB's input limits for the spatial model, as errors a person can act on."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from realpolitik.arrays import FloatArray
from realpolitik.compile import IssueArrays
from realpolitik.errors import InputError, Problem

MIN_ACTORS = 3
MAX_ACTORS = 250
"""KTAB's ``Model::minNumActor`` and ``maxNumActor``."""

SALIENCE_SLACK = 1e-9
"""Rounding allowed above a total salience of 1 (100 on KTAB's scale)."""


def validate(arrays: IssueArrays, full_compat: bool = False) -> None:
    """Raise :class:`InputError` listing every way the arrays break KTAB's limits.

    Args:
        arrays: the issue.
        full_compat: ``BigRAdjust="Full"`` with ``ktab_compat``: KTAB aborts on it.
    """
    problems = list(_problems(arrays))
    if full_compat:
        problems.append(
            Problem(
                message="KTAB aborts every run with BigRAdjust=Full (its estimated utilities equal "
                "the true ones, which it treats as an error); turn ktab_compat off to run it",
                field="BigRAdjust",
            )
        )
    if problems:
        raise InputError(problems)


def _problems(arrays: IssueArrays) -> list[Problem]:
    out: list[Problem] = []
    n = arrays.n_actors
    ids = arrays.actor_ids
    if not MIN_ACTORS <= n <= MAX_ACTORS:
        out.append(
            Problem(
                message=f"the spatial model needs {MIN_ACTORS} to {MAX_ACTORS} actors (KTAB's "
                f"limits), got {n} with a stance on this issue; "
                + ("add actors" if n < MIN_ACTORS else "merge or drop actors")
                + " or use another model",
                field=f"issues.{arrays.issue_id}",
            )
        )
    if not np.all(arrays.upper > arrays.lower):
        out.append(
            Problem(
                message="the issue's bounds must be increasing",
                field=f"issues.{arrays.issue_id}.bounds",
            )
        )
        return out
    out += _actor_problems(arrays, ids)
    return out


def _actor_problems(arrays: IssueArrays, ids: tuple[str, ...]) -> list[Problem]:
    out: list[Problem] = []
    c, s, x = arrays.capability, arrays.salience, arrays.position
    total = s.sum(axis=2)
    stance = f"stances.{arrays.issue_id}"
    # (which actors fail in which runs, field, message, the value the message shows)
    checks: list[tuple[NDArray[np.bool_], str, str, FloatArray | None]] = [
        (
            ~(np.isfinite(c) & (c > 0)),
            "capability",
            "capability must be a positive number, got {v:g}",
            c,
        ),
        (
            ~np.all(np.isfinite(s) & (s >= 0) & (s <= 1), axis=2),
            f"{stance}.salience",
            "saliences must be between 0 and 100 (0 and 1 on the [0, 1] scale)",
            None,
        ),
        (
            total > 1 + SALIENCE_SLACK,
            f"{stance}.salience",
            "saliences must sum to at most 100 per actor (KTAB: no more than 100% of "
            "attention), they sum to {v:.4g}; lower them",
            100 * total,
        ),
        (
            ~((s * s).sum(axis=2) > 0),  # KTAB's bvDiff divides by the sum of squares
            f"{stance}.salience",
            "at least one salience must be positive, and not vanishingly small "
            "(distances weigh dimensions by salience)",
            None,
        ),
        (
            ~np.all(np.isfinite(x) & (x >= arrays.lower) & (x <= arrays.upper), axis=2),
            f"{stance}.position",
            "positions must lie within the issue's bounds",
            None,
        ),
    ]
    for bad, fld, message, values in checks:
        for k in np.flatnonzero(bad.any(axis=0))[:10]:
            run = int(np.argmax(bad[:, k]))  # the first run where it fails
            text = message if values is None else message.format(v=values[run, k])
            out.append(Problem(message=f"actor '{ids[k]}': {text}", field=f"actors.{ids[k]}.{fld}"))
    return out
