"""Field types shared by the scenario's models: identifiers, calendar months, the frozen base.

:mod:`realpolitik.scenario.models` imports :mod:`realpolitik.scenario.dynamics`,
so what both need lives here, once.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, StringConstraints

if TYPE_CHECKING:
    from realpolitik.scenario.dynamics import Clock

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:#+-]*$", max_length=64),
]
"""Identifier: letters, digits and ``_ . : # + -``, starting with a letter or digit."""

def not_bool(value: Any) -> Any:
    """Refuse ``true``/``false`` where a number is expected (pydantic would read it as 1 or 0).

    YAML reads ``yes``, ``no``, ``on``, ``off``, ``true`` and ``false`` as booleans, so a
    capability of ``yes`` must be an error, not a capability of 1.
    """
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {str(value).lower()} (a yes/no value)")
    return value


Loc = tuple[str | int, ...]
"""Where a problem is in the file: keys and list indices, e.g. ``("actors", 2, "capability")``."""


class FrozenModel(BaseModel):
    """Base of every scenario model: immutable, unknown keys rejected, fields by name or alias."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})(?:-\d{1,2})?$")


def _month(value: Any) -> Any:
    """``2025-03``, ``2025-03-01`` or a date -> ``"2025-03"``."""
    if isinstance(value, dt.date):
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, str):
        m = _MONTH.match(value.strip())
        if not m or not 1 <= int(m[2]) <= 12:
            raise ValueError(f"'{value}' is not a month; write it as YYYY-MM, e.g. 2025-03")
        return f"{int(m[1]):04d}-{int(m[2]):02d}"
    raise ValueError("a month must be written as YYYY-MM, e.g. 2025-03")


Month = Annotated[str, BeforeValidator(_month)]
"""A calendar month, ``YYYY-MM``."""


def month_number(month: str) -> int:
    """``"2025-03"`` -> months since year 0 (for differences)."""
    year, mon = month.split("-")
    return int(year) * 12 + int(mon) - 1


def month_label(number: int) -> str:
    """Inverse of :func:`month_number`."""
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


def month_labels(clock: Clock) -> list[str]:
    """``YYYY-MM`` of every month of the horizon."""
    first = month_number(clock.start)
    return [month_label(first + t) for t in range(clock.horizon)]
