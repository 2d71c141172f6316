"""Compare models: several models on one scenario, on the same draws.

:func:`compare` runs each model on every issue at the inputs' means (the
forecast of ``realpolitik run``) and, with ``runs``, a Monte Carlo simulation
per model from one master seed. Block ``k`` of every model draws its input
uniforms first from the same generator (see
:func:`realpolitik.sim.uncertainty.sample_uniforms`), so every model sees the
same sampled inputs: common random numbers, and a difference between models is
the models' and not the draws'. Models that do not fit the scenario are
skipped with the reason, unless they were asked for by name.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from realpolitik.arrays import FloatArray
from realpolitik.errors import InputError
from realpolitik.forecast import check, forecast, value
from realpolitik.models import get_model, model_names
from realpolitik.results.compare_document import CompareDocument, ModelEntry
from realpolitik.results.schemas import Summary, dump
from realpolitik.rng import check_seed, master_seed
from realpolitik.scenario import Scenario
from realpolitik.sim.montecarlo import simulate

Value = float | list[float]
"""An outcome: a number, or one per dimension."""

__all__ = ["CompareDocument", "Comparison", "ModelComparison", "compare", "eu_fit", "plan_models"]

INTERVAL = ("0.05", "0.95")
"""The quantiles that bound the reported interval (90%)."""

EU_MODELS = frozenset({"eu_calibrated"})
"""Models fitted on EU legislative decisions: run by default only on an EU-like scenario."""


@dataclass(frozen=True, kw_only=True)
class ModelComparison:
    """One model's outcome on every issue.

    Attributes:
        model: the registry name.
        forecast: per issue id, the forecast at the inputs' means.
        summary: per issue id, the Monte Carlo summary (None without runs).
        outcomes: per issue id, the ``(runs, d)`` outcomes (empty without runs).
    """

    model: str
    forecast: dict[str, Value]
    summary: dict[str, Summary] | None = None
    outcomes: dict[str, FloatArray] = field(default_factory=dict, repr=False)


@dataclass(frozen=True, kw_only=True)
class Comparison:
    """Several models on one scenario (see :func:`compare`).

    Attributes:
        scenario: the scenario.
        models: one entry per model that ran, in the order asked.
        skipped: per model left out, why.
        runs: Monte Carlo runs per model (None: forecasts at the means only).
        seed: the master seed shared by every model.
        notices: what the simulations said (each message once), e.g. that a
            scenario without uncertain inputs gives every run the same outcome.
    """

    scenario: Scenario = field(repr=False)
    models: tuple[ModelComparison, ...]
    skipped: dict[str, str]
    runs: int | None
    seed: int
    notices: tuple[str, ...] = ()

    def document(self) -> CompareDocument:
        """The ``compare --json`` document."""
        return CompareDocument(
            scenario={"title": self.scenario.metadata.title},
            issues={i.id: i.name or i.id for i in self.scenario.issues},
            runs=self.runs,
            seed=self.seed,
            models={m.model: _entry(m) for m in self.models},
            skipped=dict(self.skipped),
        )

    def to_json(self) -> dict[str, Any]:
        """The document as JSON data (a model's Monte Carlo figures only with runs)."""
        return dump(self.document())


def _entry(m: ModelComparison) -> ModelEntry:
    if m.summary is None:
        return ModelEntry(forecast=m.forecast)
    s = m.summary
    return ModelEntry(
        forecast=m.forecast,
        median={k: v.median for k, v in s.items()},
        mean={k: v.mean for k, v in s.items()},
        interval={k: [dump(v.quantiles)[q] for q in INTERVAL] for k, v in s.items()},
        quantiles={k: dump(v.quantiles) for k, v in s.items()},
    )


def eu_fit(scenario: Scenario) -> str | None:
    """Why an EU-fitted model does not fit ``scenario`` (None: it does).

    The scenario fits when it has the Commission (``com``) or the Parliament
    (``ep``) among its actors, or an issue with a legislative procedure
    (attribute ``proc``), as the DEU cases the model was fitted on do.
    """
    ids = {a.id for a in scenario.actors}
    if ids & {"com", "ep"} or any("proc" in i.attributes for i in scenario.issues):
        return None
    return (
        "fitted on EU legislative decisions; this scenario has no Commission ('com'), "
        "Parliament ('ep') or procedure attribute ('proc')"
    )


def _why_not(scenario: Scenario, model: str, params: Mapping[str, Any]) -> str | None:
    if model in EU_MODELS and (reason := eu_fit(scenario)) is not None:
        return reason
    try:
        check(scenario, model, params)
    except InputError as exc:
        first = exc.problems[0].message
        more = len(exc.problems) - 1
        return first + (f" (and {more} more problems)" if more else "")
    return None


def plan_models(
    scenario: Scenario,
    models: Sequence[str] | None,
    params: Mapping[str, Mapping[str, Any]] | None = None,
) -> tuple[list[str], dict[str, str]]:
    """The models to run and those skipped, with why.

    Without ``models``, every registered model that fits the scenario. A model
    asked for by name that does not fit is an error.

    Raises:
        InputError: an unknown model, a repeated one, or one asked for that does not fit.
    """
    options = params or {}
    if models is None:
        chosen, skipped = [], {}
        for name in model_names():
            reason = _why_not(scenario, name, options.get(name, {}))
            if reason is None:
                chosen.append(name)
            else:
                skipped[name] = reason
        return chosen, skipped
    if not models:
        raise InputError.one("give at least one model", field="--models")
    for name in models:
        get_model(name)  # unknown: one clear error
        if models.count(name) > 1:
            raise InputError.one(f"model '{name}' is listed twice", field="--models")
    try:
        for name in models:
            check(scenario, name, options.get(name, {}))
    except InputError as exc:
        raise InputError([*exc.problems]) from None
    return list(models), {}


def compare(
    scenario: Scenario,
    models: Sequence[str] | None = None,
    *,
    runs: int | None = None,
    seed: int | None = None,
    params: Mapping[str, Mapping[str, Any]] | None = None,
) -> Comparison:
    """Run several models on ``scenario``: forecasts at the means and, with ``runs``, distributions.

    Args:
        scenario: the scenario.
        models: registry names; None: every model that fits the scenario.
        runs: Monte Carlo runs per model, all models on the same draws (None: none).
        seed: the master seed (None: fresh entropy, recorded in the result).
        params: per model name, options overriding the scenario's ``model_params``.

    Returns:
        The comparison, models in the order given (registry order by default).

    Raises:
        InputError: unknown model, a model asked for that does not fit, bad options
            or seed, ``runs`` below 1.
    """
    check_seed(seed)
    if runs is not None and runs < 1:
        raise InputError.one(f"runs must be at least 1, got {runs}", field="--runs")
    chosen, skipped = plan_models(scenario, models, params)
    if not chosen:
        raise InputError.one(
            "no model fits this scenario: " + "; ".join(f"{m}: {why}" for m, why in skipped.items())
        )
    master = master_seed(seed)
    options = params or {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UserWarning)
        results = tuple(_one(scenario, m, options.get(m, {}), runs, master) for m in chosen)
    notices = tuple(dict.fromkeys(str(w.message) for w in caught))
    return Comparison(
        scenario=scenario,
        models=results,
        skipped=skipped,
        runs=runs,
        seed=master,
        notices=notices,
    )


def _one(
    scenario: Scenario, model: str, params: Mapping[str, Any], runs: int | None, seed: int
) -> ModelComparison:
    fc = forecast(scenario, model, params, seed=seed)
    point = {k: value(t.forecast[0]) for k, t in fc.trajectories.items()}
    if runs is None:
        return ModelComparison(model=model, forecast=point)
    sim = simulate(scenario, model, runs=runs, seed=seed, params=params)
    return ModelComparison(model=model, forecast=point, summary=sim.issues, outcomes=sim.outcomes)
