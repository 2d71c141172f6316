"""The strategy space: which of a holder's levers may change, and how.

A *choice* names one lever of the holder and the settings the search may
change: whether it is used at all (``on``), its size, its condition's
threshold and its first month. A *strategy* (a candidate) gives a value to
every setting of every choice, as a flat mapping ``"<lever>.<setting>"`` →
value (the names Optuna sees).

What a setting means on the compiled scenario (:func:`apply`, no recompiling):

- ``on = false``: the lever never acts (its size is 0 in every month);
  ``on = true``: it is switched on from its first month, even where the file
  leaves it off until an event (the holder has decided); an event or a deal
  that switches it off later still does.
- ``size``: replaces the file's size (a number or a distribution) in every
  run: the holder chooses it, it is no longer uncertain.
- ``threshold``: replaces the condition's threshold (issue points).
- ``start``: the first month it may act (a month index of the clock).

Default ranges (:func:`default_choices`): every lever the holder holds,
except those a deal switches on (their timing belongs to the deal); on/off
always; size from 0 to twice the file's central size; the threshold of a
conditional lever from 0 to twice its central value; the start month is
searched only when a range is given.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from realpolitik.dynamics.compiled import CompiledDynamics
from realpolitik.dynamics.inputs import Inputs
from realpolitik.errors import InputError

SETTINGS = ("on", "size", "threshold", "start")
Value = bool | float | int
Candidate = dict[str, Value]


@dataclass(frozen=True, kw_only=True)
class Choice:
    """What the search may change on one lever (None: that setting stays as in the file)."""

    lever: str
    index: int
    switch: bool = True
    size: tuple[float, float] | None = None
    threshold: tuple[float, float] | None = None
    start: tuple[int, int] | None = None

    def bounds(self) -> dict[str, tuple[float, float] | tuple[int, int] | None]:
        """Each searched setting's range (``on``: None, a yes/no choice)."""
        out: dict[str, tuple[float, float] | tuple[int, int] | None] = {}
        if self.switch:
            out["on"] = None
        for name in ("size", "threshold", "start"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out


@dataclass(frozen=True, kw_only=True)
class Space:
    """The holder and its choices."""

    holder: str
    choices: tuple[Choice, ...]

    def names(self) -> list[str]:
        """Every searched setting, ``"<lever>.<setting>"``."""
        return [f"{c.lever}.{s}" for c in self.choices for s in c.bounds()]


def holder_levers(dyn: CompiledDynamics, holder: str) -> list[int]:
    """Indices of the levers ``holder`` holds (InputError if it is no actor or holds none)."""
    if holder not in dyn.actor_ids:
        raise InputError.one(
            f"'{holder}' is not an actor of this scenario; actors: {', '.join(dyn.actor_ids)}",
            field="--holder",
        )
    actor = dyn.actor_ids.index(holder)
    held = [k for k in range(dyn.n_levers) if int(dyn.lever_holder[k]) == actor]
    if not held:
        raise InputError.one(f"'{holder}' holds no lever in this scenario", field="--holder")
    return held


def central(dyn: CompiledDynamics, key: str) -> float:
    """The central (mean) value of a registered input."""
    return dyn.table.centers()[key]


def default_choice(dyn: CompiledDynamics, k: int) -> Choice:
    """On/off, size in [0, 2 × central size], threshold likewise for a conditional lever."""
    size = central(dyn, f"levers[{k}].size")
    thr = central(dyn, f"levers[{k}].threshold")
    top = 1.0 if dyn.kind_mask("public_pressure")[k] else float("inf")
    return Choice(
        lever=dyn.lever_ids[k],
        index=k,
        size=(0.0, min(2.0 * size, top)) if size > 0 else None,
        threshold=(0.0, 2.0 * thr) if bool(dyn.lever_conditional[k]) and thr > 0 else None,
    )


def default_choices(dyn: CompiledDynamics, holder: str, deal_enabled: set[str]) -> list[Choice]:
    """The default space: every lever of the holder not switched on by a deal."""
    held = holder_levers(dyn, holder)
    return [default_choice(dyn, k) for k in held if dyn.lever_ids[k] not in deal_enabled]


def to_settings(space: Space, candidate: Candidate) -> dict[str, dict[str, Value]]:
    """A candidate as ``{lever: {setting: value}}`` (a lever that is off shows only ``on``)."""
    out: dict[str, dict[str, Value]] = {}
    for c in space.choices:
        values = {s: candidate[f"{c.lever}.{s}"] for s in c.bounds()}
        if values.get("on") is False:
            values = {"on": False}
        out[c.lever] = values
    return out


@dataclass(frozen=True)
class Applied:
    """A candidate applied: the compiled scenario's lever structure and an input override."""

    dyn: CompiledDynamics
    size: dict[int, float]
    threshold: dict[int, float]

    def __call__(self, inp: Inputs) -> Inputs:
        """Set the chosen sizes and thresholds in every run."""
        if not self.size and not self.threshold:
            return inp
        size, thr = inp.lever_size.copy(), inp.lever_threshold.copy()
        for k, v in self.size.items():
            size[:, k] = v
        for k, v in self.threshold.items():
            thr[:, k] = v
        return replace(inp, lever_size=size, lever_threshold=thr)


def apply(dyn: CompiledDynamics, space: Space, candidate: Candidate | None) -> Applied:
    """The compiled scenario with a candidate's settings (None: the scenario as written)."""
    if candidate is None:
        return Applied(dyn, {}, {})
    enabled, start = dyn.lever_enabled.copy(), dyn.lever_start.copy()
    size: dict[int, float] = {}
    threshold: dict[int, float] = {}
    for c in space.choices:
        get: dict[str, Any] = {s: candidate[f"{c.lever}.{s}"] for s in c.bounds()}
        if get.get("on") is False:
            size[c.index] = 0.0
            continue
        if "on" in get:
            enabled[c.index] = True
        if "size" in get:
            size[c.index] = float(get["size"])
        if "threshold" in get:
            threshold[c.index] = float(get["threshold"])
        if "start" in get:
            start[c.index] = int(get["start"])
    moved = replace(dyn, lever_enabled=np.asarray(enabled), lever_start=np.asarray(start))
    return Applied(moved, size, threshold)
