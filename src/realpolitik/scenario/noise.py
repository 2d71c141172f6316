"""The scenario-level ``uncertainty`` block: default noise on plain numbers.

Analysts rarely know a salience to the unit. Instead of writing a
distribution on every number, a scenario may say once how uncertain each kind
of number is::

    uncertainty:
      salience: 10%      # every plain salience becomes  s ± 10 % of s
      position: 5        # every plain position becomes  x ± 5 (scale units)
      capability: 20%

A plain number ``v`` with noise ``k`` becomes a normal distribution with mean
``v`` and standard deviation ``k`` (a number, in the field's own units) or
``k % × |v|`` (a percentage), truncated to the field's bounds. Numbers that are
already distributions keep their own law.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict

_PCT = re.compile(r"^\s*(?:±|\+-|\+/-)?\s*(?P<v>\d+(?:\.\d*)?|\.\d+)\s*%\s*$")


def _check_noise(value: float | str) -> float | str:
    if isinstance(value, str):
        if not _PCT.match(value):
            raise ValueError(
                f"'{value}' is not a noise level; write a standard deviation in the field's "
                "units (e.g. 5) or a percentage of each value (e.g. '10%')"
            )
        return value.strip()
    if not value >= 0 or value == float("inf"):
        raise ValueError(f"a noise level must be a finite number >= 0, got {value}")
    return value


Noise = Annotated[float | str, AfterValidator(_check_noise)]
"""A noise level: an absolute standard deviation, or ``"N%"`` of each value."""


def noise_sd(noise: float | str, value: float) -> float:
    """The standard deviation that ``noise`` gives a plain number ``value``."""
    if isinstance(noise, str):
        match = _PCT.match(noise)
        assert match is not None  # validated on load
        return abs(value) * float(match["v"]) / 100
    return float(noise)


class UncertaintyDefaults(BaseModel):
    """Default noise per kind of number (see the module docstring).

    Attributes:
        capability: noise on every plain actor capability.
        position: noise on every plain stance position.
        salience: noise on every plain stance salience.
        risk: noise on every plain actor risk attitude.
        status_quo: noise on every plain issue status quo.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    capability: Noise | None = None
    position: Noise | None = None
    salience: Noise | None = None
    risk: Noise | None = None
    status_quo: Noise | None = None
