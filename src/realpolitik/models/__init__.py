"""Bargaining models, one per module, found through :mod:`realpolitik.models.registry`."""

from realpolitik.models.base import ModelInfo, ModelSpec, Params, Trajectory
from realpolitik.models.registry import get_model, model_names

__all__ = ["ModelInfo", "ModelSpec", "Params", "Trajectory", "get_model", "model_names"]
