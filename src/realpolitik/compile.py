"""Scenario -> arrays: the boundary between names and numbers.

Models see an :class:`IssueArrays` per issue: capability ``(B, n)``, position
``(B, n, d)`` and salience ``(B, n, d)`` with a leading batch axis ``B`` (one
entry per Monte Carlo run), saliences rescaled to [0, 1].
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray

from realpolitik.arrays import FloatArray
from realpolitik.scenario import Scenario
from realpolitik.scenario.models import Point
from realpolitik.scenario.uncertain import center


@dataclass(frozen=True, kw_only=True)
class IssueArrays:
    """One issue of a scenario as batched arrays.

    Attributes:
        issue_id: the issue's id.
        actor_ids: ids of the participating actors, in axis order.
        capability: ``(B, n)``, positive.
        position: ``(B, n, d)``, on the issue's scale.
        salience: ``(B, n, d)``, in [0, 1].
        lower: ``(d,)`` lower bound of the scale.
        upper: ``(d,)`` upper bound of the scale.
        status_quo: ``(B, d)`` reference point, or None when unknown.
        risk: ``(B, n)`` risk attitudes given in the scenario, or None.
        attributes: the issue's machine-readable facts (``Issue.attributes``,
            e.g. the DEU procedure ``proc`` and voting rule ``counvte``); models
            that use them fall back to a documented default when one is missing.
    """

    issue_id: str
    actor_ids: tuple[str, ...]
    capability: FloatArray
    position: FloatArray
    salience: FloatArray
    lower: FloatArray
    upper: FloatArray
    status_quo: FloatArray | None = None
    risk: FloatArray | None = None
    attributes: Mapping[str, str | float] = field(default_factory=dict)

    @property
    def batch(self) -> int:
        """Number of runs ``B``."""
        return int(self.capability.shape[0])

    @property
    def n_actors(self) -> int:
        """Number of actors ``n``."""
        return int(self.capability.shape[1])

    @property
    def n_dims(self) -> int:
        """Number of dimensions ``d``."""
        return int(self.position.shape[2])

    def take(self, runs: NDArray[np.intp] | slice) -> IssueArrays:
        """The same issue restricted to some runs of the batch."""
        return replace(
            self,
            capability=self.capability[runs],
            position=self.position[runs],
            salience=self.salience[runs],
            status_quo=None if self.status_quo is None else self.status_quo[runs],
            risk=None if self.risk is None else self.risk[runs],
        )

    def permute(self, order: NDArray[np.intp]) -> IssueArrays:
        """The same issue with actors reordered (for order-invariance checks)."""
        return replace(
            self,
            actor_ids=tuple(self.actor_ids[i] for i in order),
            capability=self.capability[:, order],
            position=self.position[:, order],
            salience=self.salience[:, order],
            risk=None if self.risk is None else self.risk[:, order],
        )

    def repeat(self, batch: int) -> IssueArrays:
        """A batch of ``batch`` identical copies of run 0."""
        idx = np.zeros(batch, dtype=np.intp)
        return self.take(idx)


def stack(parts: list[IssueArrays]) -> IssueArrays:
    """Concatenate several batches of the same issue along the run axis."""
    first = parts[0]

    def cat(name: str) -> FloatArray | None:
        arrays = [getattr(p, name) for p in parts]
        return None if arrays[0] is None else np.concatenate(arrays, axis=0)

    return replace(
        first,
        capability=np.concatenate([p.capability for p in parts]),
        position=np.concatenate([p.position for p in parts]),
        salience=np.concatenate([p.salience for p in parts]),
        status_quo=cat("status_quo"),
        risk=cat("risk"),
    )


def _vec(value: Point) -> list[float]:
    """Plain numbers of a (possibly uncertain) point: distributions give their mean."""
    values = value if isinstance(value, list) else [value]
    return [center(v) for v in values]


def compile_issue(scenario: Scenario, issue_id: str) -> IssueArrays:
    """Arrays (batch of one) for one issue of a scenario, uncertain inputs at their means.

    Only actors with a stance on the issue take part. Saliences are divided by
    the scenario's ``salience_scale``.
    """
    issue = scenario.issue(issue_id)
    actors = scenario.participants(issue_id)
    d = issue.n_dims
    pos = np.array([_vec(a.stances[issue_id].position) for a in actors], dtype=np.float64)
    sal = np.array([_vec(a.stances[issue_id].salience) for a in actors], dtype=np.float64)
    risks = [a.risk for a in actors]
    risk = None
    if all(r is not None for r in risks):
        risk = np.array([[center(r) for r in risks if r is not None]], dtype=np.float64)
    sq = None if issue.status_quo is None else np.array([_vec(issue.status_quo)])
    return IssueArrays(
        issue_id=issue_id,
        actor_ids=tuple(a.id for a in actors),
        capability=np.array([[center(a.capability) for a in actors]], dtype=np.float64),
        position=pos.reshape(1, len(actors), d),
        salience=sal.reshape(1, len(actors), d) / scenario.salience_scale,
        lower=np.full(d, issue.bounds[0], dtype=np.float64),
        upper=np.full(d, issue.bounds[1], dtype=np.float64),
        status_quo=sq,
        risk=risk,
        attributes=dict(issue.attributes),
    )


def compile_scenario(scenario: Scenario) -> dict[str, IssueArrays]:
    """Arrays for every issue of a scenario, by issue id."""
    return {issue.id: compile_issue(scenario, issue.id) for issue in scenario.issues}
