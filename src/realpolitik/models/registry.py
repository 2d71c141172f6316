"""The one registry of models, used by the CLI, the web app and backtests.

Every module of :mod:`realpolitik.models` that defines ``MODEL`` (a
:class:`~realpolitik.models.base.ModelSpec`) is registered under
``MODEL.info.name``.
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
from functools import cache

from realpolitik.errors import InputError
from realpolitik.models.base import ModelSpec

_SKIP = {"base", "registry"}


@cache
def _models() -> dict[str, ModelSpec]:
    import realpolitik.models as pkg

    found: dict[str, ModelSpec] = {}
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if info.name in _SKIP or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{pkg.__name__}.{info.name}")
        spec = getattr(module, "MODEL", None)
        if isinstance(spec, ModelSpec):
            found[spec.info.name] = spec
    return found


def model_names() -> list[str]:
    """Names of all registered models, the classic ones first."""
    order = ["compromise", "median_voter", "nash", "eum", "smp"]
    names = list(_models())
    return sorted(names, key=lambda n: (order.index(n) if n in order else len(order), n))


def get_model(name: str) -> ModelSpec:
    """The model registered under ``name``; a clear :class:`InputError` if unknown."""
    models = _models()
    if name in models:
        return models[name]
    key = name.strip().lower().replace("-", "_")
    if key in models:  # names are case-insensitive: -m EUM is eum
        return models[key]
    close = difflib.get_close_matches(key, list(models), n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    raise InputError.one(
        f"unknown model '{name}'{hint}; available: {', '.join(model_names())}", field="model"
    )
