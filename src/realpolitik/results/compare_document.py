"""The ``realpolitik compare --json`` document (see ``docs/notebook.md``).

Registered with the other documents in :mod:`realpolitik.results.schemas`
(``docs/schemas/compare.json``).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Finite = Annotated[float, Field(allow_inf_nan=False)]
Value = Finite | list[Finite]
"""An outcome: a number, or one per dimension."""


class ModelEntry(BaseModel):
    """One model's results, by issue id.

    ``forecast`` is at the inputs' means; the others, present only with runs,
    summarise the outcome over the Monte Carlo runs (``interval``: the 5% and
    95% quantiles).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    forecast: dict[str, Value]
    median: dict[str, Value] | None = None
    mean: dict[str, Value] | None = None
    interval: dict[str, list[Value]] | None = None
    quantiles: dict[str, dict[str, Value]] | None = None


class CompareDocument(BaseModel):
    """Several models on one scenario: ``models`` by name, ``skipped`` with why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    scenario: dict[str, str]
    issues: dict[str, str]
    runs: Annotated[int, Field(ge=1)] | None
    seed: Annotated[int, Field(ge=0)]
    models: dict[str, ModelEntry]
    skipped: dict[str, str]
