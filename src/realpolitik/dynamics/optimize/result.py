"""The strategy search's result document (the ``optimize --json`` shape, docs/optimize.md)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from realpolitik.arrays import FloatArray
from realpolitik.dynamics.optimize.objectives import estimate


def clean(value: Any) -> Any:
    """JSON-able: NaN and infinities become None, tuples lists, numpy scalars Python ones."""
    if isinstance(value, dict):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    number = float(value)
    return number if math.isfinite(number) else None


def figures(names: list[str], per_run: FloatArray) -> dict[str, dict[str, float]]:
    """``{name: {"value", "stderr"}}`` from ``(Q, runs)`` per-run quantities."""
    out = {}
    for name, row in zip(names, per_run, strict=False):
        value, se = estimate(row)
        out[name] = {"value": value, "stderr": se}
    return out


@dataclass(frozen=True, kw_only=True)
class OptimizeResult:
    """A finished strategy search: the document, and the store's run id if recorded."""

    document: dict[str, Any]
    run_id: int | None = None
    trials: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` document (NaN-free)."""
        doc = dict(self.document)
        if self.run_id is not None:
            doc["run_id"] = self.run_id
        out: dict[str, Any] = clean(doc)
        return out
