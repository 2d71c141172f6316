"""Uncertain model parameters: a numeric option given as a distribution.

A model option in ``scenario.model_params[<model>]`` (or an override such as
``--param Q='uniform(0.5, 1)'``) may be a distribution string. It is then an
uncertain input like any other: one value per run. Models take one
:class:`~realpolitik.models.base.Params` per call, so a batch is split into
groups of runs that drew the same option values, and the model runs once per
group. For ``choice(...)`` options that is a handful of calls per block; for a
continuous distribution every run is its own group (one model call per run:
correct, but slower). Only numeric options (``int`` or ``float`` fields) may be
uncertain; integer options are rounded to the nearest integer. The bounds of a
truncated normal come from the option's own constraints (``ge``/``le``...).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

import annotated_types as at
import numpy as np
from numpy.typing import NDArray
from pydantic import ValidationError
from pydantic.fields import FieldInfo

from realpolitik.arrays import FloatArray
from realpolitik.errors import InputError, Problem
from realpolitik.models.base import ModelSpec, Params
from realpolitik.scenario import Scenario
from realpolitik.scenario.uncertain import Distribution, parse_distribution
from realpolitik.sim.uncertainty import UncertainInput


@dataclass(frozen=True, kw_only=True)
class ParamPlan:
    """A model's options: the fixed ones and the uncertain ones.

    Attributes:
        model: the model's registry name.
        fixed: options with one value (merged scenario options and overrides).
        names: names of the uncertain options, in column order.
        columns: their columns in the full sample (after the scenario's inputs).
        integer: whether each uncertain option is an integer.
        center: the options with every distribution at its centre (validated).
    """

    model: str
    fixed: dict[str, Any]
    names: tuple[str, ...]
    columns: tuple[int, ...]
    integer: tuple[bool, ...]
    center: Params

    def groups(
        self, spec: ModelSpec, values: FloatArray
    ) -> list[tuple[Params, NDArray[np.intp] | slice]]:
        """Split a batch of values ``(b, K)`` into runs sharing the same options."""
        if not self.names:
            return [(self.center, slice(None))]
        drawn = values[:, list(self.columns)].copy()
        for k, is_int in enumerate(self.integer):
            if is_int:
                drawn[:, k] = np.rint(drawn[:, k])
        unique, inverse = np.unique(drawn, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        out: list[tuple[Params, NDArray[np.intp] | slice]] = []
        for g, row in enumerate(unique):
            triples = zip(self.names, row, self.integer, strict=True)
            opts = {n: (int(v) if i else float(v)) for n, v, i in triples}
            params = _validated(spec, {**self.fixed, **opts})
            out.append((params, np.flatnonzero(inverse == g)))
        return out


def _field(cls: type[Params], key: str) -> FieldInfo | None:
    for name, info in cls.model_fields.items():
        alias = info.validation_alias
        choices = getattr(alias, "choices", [alias]) if alias is not None else []
        if key == name or key == info.alias or key in choices:
            return info
    return None


def _bounds(info: FieldInfo | None) -> tuple[float, float]:
    lo, hi = -math.inf, math.inf
    for m in [] if info is None else info.metadata:
        if isinstance(m, at.Ge | at.Gt):
            lo = float(m.ge if isinstance(m, at.Ge) else m.gt)  # type: ignore[arg-type]
        if isinstance(m, at.Le | at.Lt):
            hi = float(m.le if isinstance(m, at.Le) else m.lt)  # type: ignore[arg-type]
    return lo, hi


def _numeric(info: FieldInfo | None) -> tuple[bool, bool]:
    """(whether the option is numeric, whether it is an integer)."""
    if info is None:
        return True, False  # unknown options are rejected by validation later
    ann = info.annotation
    if get_origin(ann) is Literal:  # e.g. Literal[1, 2]: numeric when every choice is a number
        choices = get_args(ann)
        numbers = all(isinstance(c, int | float) and not isinstance(c, bool) for c in choices)
        return numbers, numbers and all(isinstance(c, int) for c in choices)
    return ann in (int, float, int | None, float | None), ann in (int, int | None)


def _as_distribution(value: Any) -> Distribution | None:
    if isinstance(value, Distribution):
        return value
    if not isinstance(value, str):
        return None
    try:
        float(value)
        return None
    except ValueError:
        pass
    try:
        return parse_distribution(value)
    except ValueError:
        return None


def param_plan(
    spec: ModelSpec, scenario: Scenario, overrides: Mapping[str, Any], first_column: int
) -> tuple[ParamPlan, list[UncertainInput]]:
    """The model's options for a simulation, and the uncertain inputs they add.

    Raises:
        InputError: a non-numeric option given as a distribution, or invalid options.
    """
    name = spec.info.name
    merged = {**scenario.model_params.get(name, {}), **overrides}
    fixed: dict[str, Any] = {}
    inputs: list[UncertainInput] = []
    integer: list[bool] = []
    problems: list[Problem] = []
    for key, value in merged.items():
        dist = _as_distribution(value)
        if dist is None:
            fixed[key] = value
            continue
        info = _field(spec.params, key)
        numeric, is_int = _numeric(info)
        if not numeric:
            problems.append(
                Problem(
                    message=f"option '{key}' is not a number, so it cannot be uncertain ('{dist}')",
                    field=f"model_params.{name}.{key}",
                )
            )
            continue
        lo, hi = _bounds(info)
        if dist.kind != "choice" and not is_int:
            warnings.warn(
                f"option '{key}' is continuous ('{dist}'): runs with different values cannot "
                "share a model call, so the model runs once per run (slower); write "
                "choice(...) of a few values for speed",
                UserWarning,
                stacklevel=4,
            )
        inputs.append(UncertainInput(name=f"param[{key}]", dist=dist, lower=lo, upper=hi))
        integer.append(is_int)
    if problems:
        raise InputError(problems)
    names = tuple(i.name[6:-1] for i in inputs)
    centers = {
        n: (round(i.dist.center) if is_int else i.dist.center)
        for n, i, is_int in zip(names, inputs, integer, strict=True)
    }
    center = _validated(spec, {**fixed, **centers})
    plan = ParamPlan(
        model=name,
        fixed=fixed,
        names=names,
        columns=tuple(range(first_column, first_column + len(inputs))),
        integer=tuple(integer),
        center=center,
    )
    return plan, inputs


def _validated(spec: ModelSpec, values: Mapping[str, Any]) -> Params:
    try:
        return spec.make_params(values)
    except ValidationError as exc:
        raise InputError(
            Problem(
                message=_message(spec, e),
                field=f"model_params.{spec.info.name}.{'.'.join(map(str, e['loc']))}",
            )
            for e in exc.errors()
        ) from None


def _message(spec: ModelSpec, error: Any) -> str:
    if error["type"] == "extra_forbidden":
        options = ", ".join(spec.params.model_fields) or "none"
        return f"the {spec.info.name} model has no option '{error['loc'][-1]}' (options: {options})"
    return str(error["msg"])
