"""What a result document's schema cannot say: every value of an issue has its dimensions.

A position or quantile is a number (one dimension) or a list (one value per
dimension), so a schema accepts ``[]`` or a list of the wrong length where the
report then fails to draw (``IndexError``, ``zip()`` of unequal lists). Each
issue's dimension count is read from its forecast (``run``) or mean
(``simulate`` and the static issues of a war), and every other value of the
issue must have it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel

from realpolitik.errors import InputError, Problem
from realpolitik.results.schemas import DynamicDocument, RunDocument, SimulationDocument, Summary


def _dims(value: Any) -> int:
    return len(value) if isinstance(value, list) else 1


def _by_level(quantiles: BaseModel) -> dict[str, Any]:
    """Quantiles by their names in the document (``"0.05"`` ...), as messages name them."""
    named: dict[str, Any] = quantiles.model_dump(by_alias=True)
    return named


def _run_problems(document: RunDocument) -> Iterator[tuple[str, str]]:
    dims = {issue: _dims(v) for issue, v in document.forecast.items()}
    for issue, d in dims.items():
        if d == 0:
            yield f"forecast.{issue}", "an issue has at least one dimension; got an empty list"
    actors: dict[str, set[str]] = {}
    for k, rnd in enumerate(document.trajectory):
        want = dims.get(rnd.issue)
        if want is None:
            yield f"trajectory[{k}].issue", f"'{rnd.issue}' is not an issue of the forecast"
            continue
        d = want
        names = actors.setdefault(rnd.issue, set(rnd.positions))
        if set(rnd.positions) != names:
            yield f"trajectory[{k}].positions", "every round must give the same actors' positions"
        values = {"median": rnd.median, "mean": rnd.mean}
        values |= {f"positions.{a}": p for a, p in rnd.positions.items()}
        for name, value in values.items():
            if _dims(value) != d:
                yield f"trajectory[{k}].{name}", f"expected {d} value(s), got {_dims(value)}"


def _summary_problems(issues: Mapping[str, Summary], where: str) -> Iterator[tuple[str, str]]:
    for issue, s in issues.items():
        d = _dims(s.mean)
        if d == 0:
            yield f"{where}.{issue}.mean", "an issue has at least one dimension; got an empty list"
            continue
        values = {"median": s.median, "sd": s.sd}
        values |= {f"quantiles.{q}": v for q, v in _by_level(s.quantiles).items()}
        values |= {"stderr.mean": s.stderr.mean, "stderr.median": s.stderr.median}
        values |= {f"stderr.quantiles.{q}": v for q, v in _by_level(s.stderr.quantiles).items()}
        for name, value in values.items():
            if _dims(value) != d:
                yield f"{where}.{issue}.{name}", f"expected {d} value(s), got {_dims(value)}"


def check_dimensions(document: BaseModel, source: str | None = None) -> None:
    """Refuse a (schema-valid) document whose values do not have their issue's dimensions.

    Args:
        document: the typed result document (``run``, ``simulate`` static or war, ...;
            other documents have nothing to check).
        source: the file or run it comes from, for messages (a caller may add it).

    Raises:
        InputError: one problem per value of the wrong size.
    """
    found: list[tuple[str, str]] = []
    if isinstance(document, RunDocument):
        found = list(_run_problems(document))
    elif isinstance(document, SimulationDocument | DynamicDocument):
        found = list(_summary_problems(document.issues, "issues"))
    if found:
        raise InputError(
            Problem(message=f"{message} (was the document edited?)", file=source, field=field)
            for field, message in found[:10]
        )
