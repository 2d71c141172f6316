"""Run one model on every issue of a scenario: the deterministic forecast.

This is the API behind ``realpolitik run``: uncertain inputs are taken at
their means (use :mod:`realpolitik.sim` for distributions of outcomes).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from pydantic import ValidationError

from realpolitik.compile import IssueArrays, compile_issue
from realpolitik.errors import InputError, Problem
from realpolitik.models import get_model
from realpolitik.models.base import ModelSpec, Params, Trajectory
from realpolitik.rng import make_rng
from realpolitik.scenario import Scenario
from realpolitik.scenario.uncertain import Distribution, center, parse_distribution

SMALL_CAPABILITY = 1e-30
"""Capabilities whose largest is below this are rescaled to ratios before a model runs."""


@dataclass(frozen=True, kw_only=True)
class Forecast:
    """A model's forecast of every issue of a scenario.

    Attributes:
        scenario: the scenario that was run.
        model: the model's registry name.
        params: the model's options as used (scenario's ``model_params`` + overrides).
        seed: the seed given to the model (None: fresh entropy).
        arrays: the compiled input of each issue, by issue id.
        trajectories: the output of each issue, by issue id.
    """

    scenario: Scenario
    model: str
    params: Params
    seed: int | None
    arrays: Mapping[str, IssueArrays]
    trajectories: Mapping[str, Trajectory]


def model_params(spec: ModelSpec, scenario: Scenario, overrides: Mapping[str, Any]) -> Params:
    """The scenario's options for this model, updated with ``overrides``, validated.

    A numeric option given as a distribution (for Monte Carlo, see
    ``docs/uncertainty.md``) is taken at its mean, rounded for whole-number options.
    """
    from_file = scenario.model_params.get(spec.info.name, {})
    try:
        return spec.make_params(_at_means(spec, {**from_file, **overrides}))
    except ValidationError as exc:
        raise InputError(
            _option_problem(spec, e, from_file, overrides) for e in exc.errors()
        ) from None


def _at_means(spec: ModelSpec, values: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for key, value in values.items():
        dist = _distribution(value)
        if dist is None:
            continue
        info = spec.params.model_fields.get(key)
        whole = info is not None and info.annotation in (int, int | None)
        out[key] = round(center(dist)) if whole else center(dist)
    return out


def _distribution(value: Any) -> Distribution | None:
    """``value`` as a distribution when it is written as one (``"uniform(0.5, 1)"``)."""
    if isinstance(value, Distribution):
        return value
    if not isinstance(value, str) or ("(" not in value and "±" not in value and "+-" not in value):
        return None
    try:
        return parse_distribution(value)
    except ValueError:
        return None


def _option_problem(
    spec: ModelSpec, error: Any, from_file: Mapping[str, Any], overrides: Mapping[str, Any]
) -> Problem:
    """One bad option, located in the scenario's ``model_params`` when it comes from there."""
    name = spec.info.name
    key = str(error["loc"][0]) if error["loc"] else ""
    in_file = key in from_file and key not in overrides
    field = f"model_params.{name}.{key}" if in_file else f"{name}.{key}"
    if error["type"] == "extra_forbidden":
        options = ", ".join(spec.params.model_fields) or "none"
        return Problem(
            message=f"the {name} model has no option '{key}' (options: {options})", field=field
        )
    value = from_file[key] if in_file else overrides.get(key)
    return Problem(message=f"{error['msg']}, got {value!r}", field=field)


def forecast(
    scenario: Scenario,
    model: str = "compromise",
    params: Mapping[str, Any] | None = None,
    seed: int | None = None,
) -> Forecast:
    """Run ``model`` on every issue of ``scenario`` (inputs at their means).

    Args:
        scenario: the scenario.
        model: a registry name (see ``realpolitik models``).
        params: model options overriding the scenario's ``model_params``.
        seed: seed for stochastic models.

    Returns:
        The forecast, issue by issue.

    Raises:
        InputError: unknown model, bad options, or an issue the model cannot handle.
    """
    spec = get_model(model)
    p = model_params(spec, scenario, params or {})
    arrays = {issue.id: _in_ratios(compile_issue(scenario, issue.id)) for issue in scenario.issues}
    _check_all(spec, p, arrays)  # every issue's problems at once, before any runs
    rng = make_rng(seed)
    trajectories = {k: spec.run(a, p, rng) for k, a in arrays.items()}
    return Forecast(
        scenario=scenario,
        model=model,
        params=p,
        seed=seed,
        arrays=arrays,
        trajectories=trajectories,
    )


def _in_ratios(arrays: IssueArrays) -> IssueArrays:
    """Capabilities divided by the largest, when even the largest is so small that powers vanish.

    Only ratios of capabilities matter to every model, and a scenario may give
    them in any unit. Below :data:`SMALL_CAPABILITY` the eighth powers of smp's
    ``Octic`` victory probabilities underflow to 0 and change the forecast.
    (Large units are refused by validation: see ``MAX_CAPABILITY`` in
    :mod:`realpolitik.scenario.models`.)
    """
    top = arrays.capability.max(axis=1, keepdims=True)
    if not (top < SMALL_CAPABILITY).any():
        return arrays
    return replace(arrays, capability=arrays.capability / top)


def check(scenario: Scenario, model: str, params: Mapping[str, Any] | None = None) -> None:
    """Whether ``model`` accepts every issue of ``scenario``, without running it.

    Raises:
        InputError: every problem found, over all issues: unknown model, bad
            options, too many dimensions, or inputs outside the model's limits.
    """
    spec = get_model(model)
    p = model_params(spec, scenario, params or {})
    _check_all(spec, p, {i.id: compile_issue(scenario, i.id) for i in scenario.issues})


def _check_all(spec: ModelSpec, params: Params, arrays: Mapping[str, IssueArrays]) -> None:
    """Raise one :class:`InputError` with the problems of every issue for this model."""
    _check_supported(spec, arrays)
    if spec.check is None:
        return
    problems: list[Problem] = []
    for a in arrays.values():
        try:
            spec.check(a, params)
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)


def _check_supported(spec: ModelSpec, arrays: Mapping[str, IssueArrays]) -> None:
    limit = spec.info.max_dims
    problems = [
        Problem(
            message=f"the {spec.info.name} model handles at most {limit} dimension(s); this "
            f"issue has {a.n_dims}. Use a model that supports it (e.g. smp, nash, compromise)",
            field=f"issues.{issue_id}.dimensions",
        )
        for issue_id, a in arrays.items()
        if limit is not None and a.n_dims > limit
    ]
    if problems:
        raise InputError(problems)


def value(x: np.ndarray[Any, Any]) -> float | list[float]:
    """A point as JSON: a number for one dimension, a list for several."""
    flat = [float(v) for v in np.asarray(x, dtype=np.float64).ravel()]
    return flat[0] if len(flat) == 1 else flat
