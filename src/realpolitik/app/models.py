"""The models a surface can offer: their names and what each supports."""

from __future__ import annotations

from realpolitik.models import get_model, model_names
from realpolitik.models.base import ModelSpec

__all__ = ["ModelSpec", "check_model_name", "model_spec", "models"]


def models() -> list[ModelSpec]:
    """Every registered model, in registry order."""
    return [get_model(name) for name in model_names()]


def model_spec(name: str) -> ModelSpec:
    """One model by name (InputError naming the known ones when there is none)."""
    return get_model(name)


def check_model_name(name: str) -> None:
    """Refuse an unknown model name (InputError naming the known ones)."""
    get_model(name)
