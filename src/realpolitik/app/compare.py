"""Compare models: several models forecast the same scenario (minimal verb for the web's
overlay; each model's forecast at the inputs' means, same seed)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from realpolitik.errors import InputError
from realpolitik.forecast import forecast
from realpolitik.models import get_model
from realpolitik.results.document import run_document
from realpolitik.scenario import Scenario

MAX_MODELS = 12


class ModelComparison(BaseModel):
    """``{"scenario": title, "models": {name: {"forecast": {issue: value}}}}``."""

    scenario: str
    models: dict[str, dict[str, Any]]


def compare_models(
    scenario: Scenario, models: Sequence[str], seed: int | None = 0
) -> ModelComparison:
    """Each model's forecast of every issue (InputError for an unknown or unfit model)."""
    names = list(dict.fromkeys(models))
    if not 1 <= len(names) <= MAX_MODELS:
        raise InputError.one(f"name 1 to {MAX_MODELS} models to compare", field="model")
    for name in names:
        get_model(name)
    out = {}
    for name in names:
        doc = run_document(forecast(scenario, model=name, seed=seed))
        out[name] = {"forecast": doc["forecast"]}
    return ModelComparison(scenario=scenario.metadata.title, models=out)
