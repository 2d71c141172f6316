"""The models a scenario file names: ``model_params`` and each deal's model, checked.

The scenario format itself accepts any model name (so that it does not
depend on the model registry); the loader checks names against the registry,
so that a misspelt model (``emu``) or option (``round``) is an error rather than
an override that silently never applies. Values are checked when a model runs,
since numeric ones may be distributions for Monte Carlo.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import ValidationError

from realpolitik.errors import InputError
from realpolitik.models import get_model, model_names
from realpolitik.scenario import Scenario
from realpolitik.scenario.models import Loc


def model_params_problems(data: Mapping[str, Any]) -> Iterator[tuple[Loc, str]]:
    """Unknown model names and unknown option names in ``data["model_params"]``."""
    block = data.get("model_params")
    if not isinstance(block, Mapping) or not block:
        return
    known = model_names()
    for name, options in block.items():
        if name not in known:
            yield ("model_params", name), (f"unknown model '{name}'; models: {', '.join(known)}")
            continue
        if not isinstance(options, Mapping):
            continue  # the scenario's own validation reports it
        fields = get_model(str(name)).params.model_fields
        for key in options:
            if key not in fields:
                yield (
                    ("model_params", name, key),
                    (f"the {name} model has no option '{key}'; its options: {', '.join(fields)}"),
                )


def deal_model_problems(scenario: Scenario) -> Iterator[tuple[Loc, str]]:
    """Each deal's model must be in the registry and accept the deal's options."""
    for k, deal in enumerate(scenario.deals):
        loc: Loc = ("deals", k)
        try:
            spec = get_model(deal.model)
        except InputError as exc:
            yield (*loc, "model"), exc.problems[0].message
            continue
        try:
            spec.make_params(deal.params)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            yield (*loc, "params", *first["loc"]), f"option '{where}': {first['msg']}"
