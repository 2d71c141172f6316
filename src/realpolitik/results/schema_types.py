"""What the result documents share: finite numbers, probabilities, months, quantiles,
an outcome's :class:`Summary`, and :func:`make`, which every builder makes its parts with.

Used by :mod:`realpolitik.results.schemas` (which re-exports every name), the
modules of single documents (:mod:`~realpolitik.results.condition_document`,
:mod:`~realpolitik.results.score_document`) and
:mod:`realpolitik.results.summaries`, which sits beside the registry and so
cannot import it.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from realpolitik.errors import InputError
from realpolitik.results.finite import non_finite

Finite = Annotated[float, Field(allow_inf_nan=False)]
"""A finite number."""

Probability = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
"""A share of runs or a probability, in [0, 1]."""

Count = Annotated[int, Field(ge=0)]

Value = Finite | list[Finite]
"""A point: a number on a one-dimensional issue, else one number per dimension."""

MonthLabel = Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
"""A calendar month, ``YYYY-MM``."""


M = TypeVar("M", bound=BaseModel)


def make(model: type[M], /, **fields: Any) -> M:
    """A part of a result document built in Python: the engine's documents are made of these.

    The fields are checked as the document's JSON would be: a number that is
    not finite (JSON has no NaN or infinity) is an input error naming its
    place (``Summary.mean``); any other mismatch with the schema is a bug.
    Parts given as fields are models already made, so nothing is checked twice.

    Raises:
        InputError: a number in ``fields`` is not finite.
        pydantic.ValidationError: the fields do not match the schema (a bug).
    """
    place = next(non_finite(fields), None)
    if place is not None:
        raise InputError.one(
            f"a result is not a finite number at '{model.__name__}.{place}' (an infinity or "
            "NaN): the inputs' numbers are too large or too small for the model to compute "
            "with; rescale them",
            field=f"{model.__name__}.{place}",
        )
    return model(**fields)


class Closed(BaseModel):
    """A frozen, closed (``extra="forbid"``), strict document part."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, populate_by_name=True)


def quantile_field(q: str) -> Any:
    """The field of the ``q`` quantile, keyed by its text (``"0.05"`` ...) in the JSON."""
    return Field(alias=q, description=f"the {q} quantile")


class ScalarQuantiles(Closed):
    """Quantiles of a one-dimensional quantity."""

    q05: Finite = quantile_field("0.05")
    q25: Finite = quantile_field("0.25")
    q50: Finite = quantile_field("0.5")
    q75: Finite = quantile_field("0.75")
    q95: Finite = quantile_field("0.95")


class Quantiles(Closed):
    """The 5, 25, 50, 75 and 95 % quantiles (keys ``"0.05"`` ... ``"0.95"``)."""

    q05: Value = quantile_field("0.05")
    q25: Value = quantile_field("0.25")
    q50: Value = quantile_field("0.5")
    q75: Value = quantile_field("0.75")
    q95: Value = quantile_field("0.95")


class StandardErrors(Closed):
    """Monte Carlo standard errors of a summary's figures."""

    mean: Value
    median: Value
    quantiles: Quantiles
    probabilities: dict[str, Value]


class Summary(Closed):
    """An outcome's distribution (``realpolitik.results.summaries.summarise``)."""

    mean: Value
    median: Value
    sd: Value
    quantiles: Quantiles
    probabilities: dict[str, Value] = Field(description="of each named range, in [0, 1]")
    stderr: StandardErrors

    @model_validator(mode="after")
    def _probabilities_in_range(self) -> Summary:
        for name, p in self.probabilities.items():
            values = p if isinstance(p, list) else [p]
            if any(not 0.0 <= v <= 1.0 for v in values):
                raise ValueError(f"probability of '{name}' outside [0, 1]: {p}")
        return self
