"""Objectives and constraints of a strategy search, computed per run.

An objective is named by a short text (the CLI's ``--objective``):

- ``settlement_by:YYYY-MM``: P(the war is settled by the end of that month); maximised.
- ``settlement``: P(settled within the horizon); maximised.
- ``months_to_settlement``: E[min(τ, T)], months until settlement counting
  the horizon T when there is none (as the lever sensitivity); minimised.
- ``terms`` (or ``terms:max``, ``terms:min``): the mean settlement terms on
  the war's issue, on its own scale, over the runs that settle; maximised
  (``terms:min``: minimised).
- ``deal:ID`` (or ``deal:ID:YYYY-MM``): P(the deal is signed within the
  horizon, or by that month); maximised.
- ``cost``: the holder's total lever cost, minimised. The scenario's
  ``holder_cost`` is in its own unit and missing on most levers, so the cost
  is counted in *full-size lever-months*: each month a lever of the holder
  acts, it adds its effective size divided by the central size written in
  the file (a lever at the file's size, fully on for a month, costs 1; at
  twice the size, 2; a conditional lever whose condition holds it back costs
  nothing that month). It sums over every lever the holder holds.

Each is a per-run quantity whose mean over the runs is the objective (NaN
in a run where it is undefined: the terms of a war that did not settle), so
its Monte Carlo standard error is the runs' standard deviation over √n.
A constraint is ``NAME<=X`` or ``NAME>=X`` with NAME any objective.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

import numpy as np

from realpolitik.arrays import FloatArray
from realpolitik.dynamics.compiled import CompiledDynamics
from realpolitik.dynamics.output import DynamicsOutput
from realpolitik.errors import InputError
from realpolitik.scenario.fields import month_number

Direction = Literal["maximize", "minimize"]
_CONSTRAINT = re.compile(r"^\s*([A-Za-z_][\w:.\-]*)\s*(<=|>=)\s*([-+0-9.eE]+)\s*$")
NAMES = "settlement_by:YYYY-MM, settlement, months_to_settlement, terms[:max|:min], deal:ID, cost"


@dataclass(frozen=True, kw_only=True)
class Objective:
    """One objective: its name, what it measures and which way is better."""

    name: str
    kind: str
    direction: Direction
    month: int = -1
    deal: int = -1

    def per_run(self, dyn: CompiledDynamics, out: DynamicsOutput, ref: FloatArray) -> FloatArray:
        """The quantity in every run, ``(B,)`` (NaN where undefined)."""
        if self.kind == "settlement":
            return ((out.settled >= 0) & (out.settled <= self.month)).astype(np.float64)
        if self.kind == "months":
            tau: FloatArray = np.where(out.settled >= 0, out.settled + 1.0, float(dyn.horizon))
            return tau
        if self.kind == "terms":
            terms: FloatArray = np.where(out.settled >= 0, out.terms, np.nan)
            return terms
        if self.kind == "deal":
            month = out.deal_month[:, self.deal]
            return ((month >= 0) & (month <= self.month)).astype(np.float64)
        return cost_per_run(dyn, out, ref)


def cost_per_run(dyn: CompiledDynamics, out: DynamicsOutput, ref: FloatArray) -> FloatArray:
    """Full-size lever-months of the holder's levers (``ref``: central size, 0 elsewhere)."""
    weight = np.divide(1.0, ref, out=np.zeros_like(ref), where=ref > 0)
    total: FloatArray = np.einsum("btk,k->b", out.levers, weight)
    return total


def cost_reference(dyn: CompiledDynamics, held: list[int]) -> FloatArray:
    """Per lever, its central size in the file where the holder holds it, else 0."""
    centers = dyn.table.centers()
    ref = np.zeros(dyn.n_levers)
    for k in held:
        ref[k] = centers[f"levers[{k}].size"]
    return ref


def _month(dyn: CompiledDynamics, text: str, what: str) -> int:
    try:
        index = month_number(text) - month_number(dyn.months[0])
    except (ValueError, TypeError):
        index = -1
    if not 0 <= index < dyn.horizon:
        raise InputError.one(
            f"{what}: '{text}' is not a month of the clock ({dyn.months[0]} to {dyn.months[-1]})",
            field="--objective",
        )
    return index


def parse_objective(dyn: CompiledDynamics, text: str) -> Objective:
    """An objective from its name (see the module docstring); InputError if unknown."""
    name = text.strip()
    head, _, rest = name.partition(":")
    last = dyn.horizon - 1
    if head == "settlement_by" and rest:
        return Objective(
            name=name, kind="settlement", direction="maximize", month=_month(dyn, rest, name)
        )
    if name == "settlement":
        return Objective(name=name, kind="settlement", direction="maximize", month=last)
    if name == "months_to_settlement":
        return Objective(name=name, kind="months", direction="minimize")
    if head == "terms" and rest in ("", "max", "min"):
        direction: Direction = "minimize" if rest == "min" else "maximize"
        return Objective(name=name, kind="terms", direction=direction)
    if name == "cost":
        return Objective(name=name, kind="cost", direction="minimize")
    if head == "deal" and rest:
        return _deal(dyn, name, rest)
    raise InputError.one(f"unknown objective '{name}'; use one of {NAMES}", field="--objective")


def _deal(dyn: CompiledDynamics, name: str, rest: str) -> Objective:
    deal_id, _, month = rest.partition(":")
    ids = [d.id for d in dyn.deals]
    if deal_id not in ids:
        known = ", ".join(ids) or "none"
        raise InputError.one(
            f"'{name}': no deal '{deal_id}' in this scenario (deals: {known})",
            field="--objective",
        )
    index = _month(dyn, month, name) if month else dyn.horizon - 1
    return Objective(
        name=name, kind="deal", direction="maximize", deal=ids.index(deal_id), month=index
    )


@dataclass(frozen=True, kw_only=True)
class Constraint:
    """``objective <= bound`` or ``objective >= bound`` on the search's estimate."""

    text: str
    objective: Objective
    op: Literal["<=", ">="]
    bound: float

    def excess(self, value: float) -> float:
        """How far a value breaks the constraint (<= 0: it holds; NaN counts as broken)."""
        if math.isnan(value):
            return math.inf
        return value - self.bound if self.op == "<=" else self.bound - value


def parse_constraint(dyn: CompiledDynamics, text: str) -> Constraint:
    """``"cost<=40"`` → a :class:`Constraint` (InputError if it does not parse)."""
    m = _CONSTRAINT.match(text)
    if m is None:
        raise InputError.one(
            f"a constraint is NAME<=NUMBER or NAME>=NUMBER (e.g. cost<=40), got '{text}'",
            field="--constraint",
        )
    try:
        bound = float(m[3])
    except ValueError:
        raise InputError.one(
            f"'{m[3]}' in '{text}' is not a number", field="--constraint"
        ) from None
    op: Literal["<=", ">="] = "<=" if m[2] == "<=" else ">="
    return Constraint(text=text.strip(), objective=parse_objective(dyn, m[1]), op=op, bound=bound)


def estimate(values: FloatArray) -> tuple[float, float]:
    """Mean and Monte Carlo standard error of per-run values (NaN ignored; NaN if none)."""
    v = values[~np.isnan(values)]
    if not v.size:
        return math.nan, math.nan
    se = float(v.std(ddof=1) / math.sqrt(v.size)) if v.size > 1 else math.nan
    return float(v.mean()), se
