"""The strategy search's result document (the ``optimize --json`` shape, docs/optimize.md)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from realpolitik.arrays import FloatArray
from realpolitik.dynamics.optimize.objectives import estimate
from realpolitik.results.optimize_document import Figure, OptimizeDocument
from realpolitik.results.schemas import dump


def number(value: float) -> float | None:
    """A figure as the document holds it: None where it is undefined (NaN or infinite)."""
    x = float(value)
    return x if math.isfinite(x) else None


def figures(names: list[str], per_run: FloatArray) -> dict[str, Figure]:
    """Each quantity's estimate and standard error from ``(Q, runs)`` per-run quantities."""
    out = {}
    for name, row in zip(names, per_run, strict=False):
        value, se = estimate(row)
        out[name] = Figure(value=number(value), stderr=number(se))
    return out


@dataclass(frozen=True, kw_only=True)
class OptimizeResult:
    """A finished strategy search: the typed document, and the store's run id if recorded."""

    document: OptimizeDocument
    run_id: int | None = None
    trials: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` document (undefined figures are null)."""
        doc = self.document
        if self.run_id is not None:
            doc = doc.model_copy(update={"run_id": self.run_id})
        return dump(doc)
