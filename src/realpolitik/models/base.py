"""The model protocol: what every bargaining model declares, takes and returns.

A model is a pure function ``run(arrays, params, rng) -> Trajectory`` on
batched arrays (see :class:`realpolitik.compile.IssueArrays`), together with a
pydantic ``Params`` class (its options, validated, frozen) and a
:class:`ModelInfo` (what it is and what it supports). Each model module exposes
one :class:`ModelSpec` named ``MODEL``; :mod:`realpolitik.models.registry`
finds them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict

from realpolitik.arrays import FloatArray
from realpolitik.compile import IssueArrays


class Params(BaseModel):
    """Base class of model options: frozen, unknown keys rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid")


@dataclass(frozen=True, kw_only=True)
class ModelInfo:
    """What a model is and what it supports.

    Attributes:
        name: registry name (``compromise``, ``eum``, ``smp`` ...).
        title: human title.
        reference: the paper or software it implements.
        summary: one sentence on what it does.
        deterministic: whether the output depends on the random generator.
        max_dims: largest number of issue dimensions supported (None: any).
        iterative: whether it runs rounds (False: a one-shot forecast).
        records_name: the key under which its per-round records appear in
            the JSON document (``offers`` for eum, ``bargains`` for smp).
    """

    name: str
    title: str
    reference: str
    summary: str
    deterministic: bool = True
    max_dims: int | None = None
    iterative: bool = False
    records_name: str = "records"


@dataclass(frozen=True, kw_only=True)
class Trajectory:
    """A model's output for one issue, batched.

    Attributes:
        positions: ``(B, T + 1, n, d)`` actor positions, round 0 = input. Runs
            that stopped early repeat their last state.
        median: ``(B, T + 1, d)`` the model's central prediction per round.
        mean: ``(B, T + 1, d)`` capability × salience weighted mean per round.
        forecast: ``(B, d)`` the model's forecast.
        rounds: ``(B,)`` rounds actually run before stopping.
        series: extra per-round per-actor arrays ``(B, T + 1, n)`` by name
            (e.g. the risk exponent ``r``).
        records: per round, model-specific event records (offers, bargains) of
            run 0, when the model was asked to keep them; otherwise empty.
        notes: messages for the user (e.g. "positions converged at round 3").
    """

    positions: FloatArray
    median: FloatArray
    mean: FloatArray
    forecast: FloatArray
    rounds: NDArray[np.int64]
    series: Mapping[str, FloatArray] = field(default_factory=dict)
    records: Sequence[Sequence[Mapping[str, Any]]] = ()
    notes: Sequence[str] = ()

    @property
    def n_rounds(self) -> int:
        """Length of the round axis minus one (the input state)."""
        return int(self.positions.shape[1]) - 1


RunFn = Callable[[IssueArrays, Any, np.random.Generator], Trajectory]
CheckFn = Callable[[IssueArrays, Any], None]


@dataclass(frozen=True, kw_only=True)
class ModelSpec:
    """A registered model: its info, its options class and its function.

    ``check``, when given, raises :class:`~realpolitik.errors.InputError` for
    inputs the model refuses (``run`` raises the same), without running it:
    ``realpolitik validate --model`` uses it.
    """

    info: ModelInfo
    params: type[Params]
    run: RunFn
    check: CheckFn | None = None

    def make_params(self, values: Mapping[str, Any] | None = None) -> Params:
        """Validate options for this model (``pydantic.ValidationError`` on bad ones)."""
        return self.params.model_validate(dict(values or {}))


def weighted_mean(arrays: IssueArrays, positions: FloatArray | None = None) -> FloatArray:
    """Capability × salience weighted mean per dimension, ``(B, d)``.

    Zero total weight on a dimension falls back to the unweighted mean.
    """
    x = arrays.position if positions is None else positions
    w = arrays.capability[:, :, None] * arrays.salience
    total = w.sum(axis=1)
    safe = np.where(total > 0, total, 1.0)
    weighted = (w * x).sum(axis=1) / safe
    out: FloatArray = np.where(total > 0, weighted, x.mean(axis=1))
    return out


def weighted_median(x: FloatArray, w: FloatArray) -> FloatArray:
    """Weighted median along the actor axis: ``x, w`` of shape ``(B, n, d)`` -> ``(B, d)``.

    The position at which the cumulative weight, sorted by position, first
    reaches half the total (Black 1948). Zero total weight: the plain median.
    """
    order = np.argsort(x, axis=1, kind="stable")
    xs = np.take_along_axis(x, order, axis=1)
    ws = np.take_along_axis(w, order, axis=1)
    total = ws.sum(axis=1, keepdims=True)
    ws = np.where(total > 0, ws, 1.0)
    cum = np.cumsum(ws, axis=1)
    half = 0.5 * cum[:, -1:, :]
    idx = np.argmax(cum >= half * (1 - 1e-12), axis=1)
    out: FloatArray = np.take_along_axis(xs, idx[:, None, :], axis=1)[:, 0, :]
    return out


def static_trajectory(arrays: IssueArrays, forecast: FloatArray) -> Trajectory:
    """Trajectory of a one-shot model: round 0 (the input) and its forecast."""
    positions = arrays.position[:, None, :, :].copy()
    return Trajectory(
        positions=positions,
        median=forecast[:, None, :].copy(),
        mean=weighted_mean(arrays)[:, None, :],
        forecast=forecast,
        rounds=np.zeros(arrays.batch, dtype=np.int64),
    )
