"""Uncertain inputs of a scenario: list them, sample them, compile them in batches.

:func:`input_plan` walks a scenario once and lists every uncertain scalar
(an :class:`UncertainInput`: a distribution with the bounds of its field),
including the default noise of the scenario's ``uncertainty`` block. An actor's
capability and risk are one input each, shared by all the issues the actor
takes part in, so a run is one coherent world.

A batch of ``b`` runs is a ``(b, K)`` matrix of uniforms in [0, 1) (``K``
inputs); :meth:`InputPlan.values` maps it to values by each distribution's
inverse CDF, and :meth:`InputPlan.issue_arrays` writes the values into the
issue's arrays. Monte Carlo draws the uniforms from the block's generator;
sensitivity analysis passes SALib's design instead.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, replace

import numpy as np

from realpolitik.arrays import FloatArray
from realpolitik.compile import IssueArrays, compile_issue
from realpolitik.scenario import Scenario
from realpolitik.scenario.models import Point
from realpolitik.scenario.noise import noise_sd
from realpolitik.scenario.uncertain import Distribution, parse_distribution

FIELDS = ("capability", "position", "salience", "status_quo", "risk")
"""The fields of :class:`~realpolitik.compile.IssueArrays` that may be uncertain."""


@dataclass(frozen=True, kw_only=True)
class UncertainInput:
    """One uncertain scalar.

    Attributes:
        name: readable name, e.g. ``salience[us, deal]`` or ``param[Q]``.
        dist: its distribution.
        lower: lowest value allowed by its field (the distribution is truncated).
        upper: highest value allowed by its field.
    """

    name: str
    dist: Distribution
    lower: float
    upper: float

    def ppf(self, u: FloatArray) -> FloatArray:
        """Values for uniforms ``u``."""
        return self.dist.ppf(u, self.lower, self.upper)


@dataclass(frozen=True, kw_only=True)
class Slot:
    """Where column ``column`` of the values goes in one field of an issue's arrays.

    ``index`` is the flat index into the per-run shape of the field (``(n,)``
    for capability and risk, ``(n, d)`` for position and salience, ``(d,)``
    for the status quo); ``scale`` divides the value (saliences on 0-100).
    """

    field: str
    index: int
    column: int
    scale: float = 1.0


@dataclass(frozen=True, kw_only=True)
class IssueTemplate:
    """An issue compiled at the inputs' centres, and the slots of its uncertain inputs."""

    base: IssueArrays
    slots: tuple[Slot, ...]


@dataclass(frozen=True, kw_only=True)
class InputPlan:
    """Every uncertain input of a scenario and how to compile a batch of values.

    Attributes:
        inputs: the uncertain inputs, in a fixed order (the columns of a sample).
        issues: per issue id, its template.
    """

    inputs: tuple[UncertainInput, ...]
    issues: dict[str, IssueTemplate]

    @property
    def names(self) -> list[str]:
        """Names of the inputs, in column order."""
        return [i.name for i in self.inputs]

    def values(self, u: FloatArray) -> FloatArray:
        """Map uniforms ``(b, K)`` to input values ``(b, K)`` column by column."""
        out = np.empty_like(u)
        for k, item in enumerate(self.inputs):
            out[:, k] = item.ppf(u[:, k])
        return out

    def issue_arrays(self, issue_id: str, values: FloatArray) -> IssueArrays:
        """The issue's arrays for a batch of input values ``(b, K)``."""
        template = self.issues[issue_id]
        arrays = template.base.repeat(values.shape[0])
        fields = {name: getattr(arrays, name) for name in FIELDS}
        for slot in template.slots:
            target = fields[slot.field]
            flat = target.reshape(target.shape[0], -1)
            flat[:, slot.index] = values[:, slot.column] / slot.scale
        fields["capability"] = np.maximum(fields["capability"], np.finfo(np.float64).tiny)
        return replace(arrays, **fields)


class _Builder:
    """Collects inputs while walking a scenario (one column per distinct input)."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.noise = scenario.uncertainty
        self.inputs: list[UncertainInput] = []
        self.columns: dict[str, int] = {}

    def column(
        self, name: str, kind: str, value: float | Distribution, lower: float, upper: float
    ) -> int | None:
        """The column of an input (added on first sight), or None when it is a plain number."""
        if name in self.columns:
            return self.columns[name]
        dist = self._dist(kind, value)
        if dist is None:
            return None
        self.columns[name] = len(self.inputs)
        self.inputs.append(UncertainInput(name=name, dist=dist, lower=lower, upper=upper))
        return self.columns[name]

    def _dist(self, kind: str, value: float | Distribution) -> Distribution | None:
        if isinstance(value, Distribution):
            return value
        level = None if self.noise is None else getattr(self.noise, kind)
        if level is None:
            return None
        sd = noise_sd(level, float(value))
        if sd == 0:
            return None
        return parse_distribution(f"{float(value)!r} ± {sd!r}")


def _points(value: Point) -> list[float | Distribution]:
    return list(value) if isinstance(value, list) else [value]


def _issue_slots(b: _Builder, issue_id: str, base: IssueArrays) -> Iterator[Slot]:
    sc = b.scenario
    issue = sc.issue(issue_id)
    lo, hi = issue.bounds
    dims = issue.dimensions or [""]
    d = len(dims)
    for i, actor in enumerate(sc.participants(issue_id)):
        col = b.column(f"capability[{actor.id}]", "capability", actor.capability, 0.0, math.inf)
        if col is not None:
            yield Slot(field="capability", index=i, column=col)
        if actor.risk is not None and base.risk is not None:
            col = b.column(f"risk[{actor.id}]", "risk", actor.risk, -math.inf, math.inf)
            if col is not None:
                yield Slot(field="risk", index=i, column=col)
        stance = actor.stances[issue_id]
        for k, (x, s) in enumerate(
            zip(_points(stance.position), _points(stance.salience), strict=True)
        ):
            where = f"{actor.id}, {issue_id}" + (f", {dims[k]}" if d > 1 else "")
            col = b.column(f"position[{where}]", "position", x, lo, hi)
            if col is not None:
                yield Slot(field="position", index=i * d + k, column=col)
            col = b.column(f"salience[{where}]", "salience", s, 0.0, float(sc.salience_scale))
            if col is not None:
                yield Slot(
                    field="salience", index=i * d + k, column=col, scale=float(sc.salience_scale)
                )
    if issue.status_quo is not None:
        for k, q in enumerate(_points(issue.status_quo)):
            name = f"status_quo[{issue_id}" + (f", {dims[k]}]" if d > 1 else "]")
            col = b.column(name, "status_quo", q, lo, hi)
            if col is not None:
                yield Slot(field="status_quo", index=k, column=col)


def input_plan(scenario: Scenario) -> InputPlan:
    """List the uncertain inputs of ``scenario`` and the slots they fill in each issue."""
    builder = _Builder(scenario)
    issues: dict[str, IssueTemplate] = {}
    for issue in scenario.issues:
        base = compile_issue(scenario, issue.id)
        slots = tuple(_issue_slots(builder, issue.id, base))
        issues[issue.id] = IssueTemplate(base=base, slots=slots)
    return InputPlan(inputs=tuple(builder.inputs), issues=issues)


def sample_uniforms(rng: np.random.Generator, n_runs: int, n_inputs: int) -> FloatArray:
    """The ``(n_runs, n_inputs)`` uniforms of one block, drawn input by input.

    Column ``k`` holds draws ``k b .. (k + 1) b - 1`` of the block's stream, so
    appending an input (an uncertain model option comes after the scenario's
    inputs) leaves the values of the earlier inputs unchanged: common random
    numbers when comparing settings.
    """
    out: FloatArray = rng.random((n_inputs, n_runs)).T
    return out
