"""How a war's forecast was conditioned on observations: the ``conditioning`` block of
``realpolitik simulate --json`` (``docs/dynamics.md``).

Part of :class:`realpolitik.results.schemas.DynamicDocument`
(``docs/schemas/simulate-dynamic.json``).
"""

from __future__ import annotations

from pydantic import Field

from realpolitik.results.schema_types import Closed, MonthLabel, ScalarQuantiles


class ObservationWeight(Closed):
    """What one observation weighed in a conditioned forecast."""

    observation: str = Field(description="date, kind and subject")
    removed: float = Field(ge=0, le=1, description="share of the remaining weight it removed")


class InputPosterior(Closed):
    """An uncertain input's mean and standard deviation before and after conditioning."""

    prior_mean: float
    prior_sd: float
    mean: float
    sd: float


class Unconditioned(Closed):
    """The forecast without the observations, to show beside the conditioned one."""

    events: dict[str, dict[MonthLabel, float]] = Field(description="probability_by per event")
    ground: dict[MonthLabel, ScalarQuantiles]


class Conditioning(Closed):
    """How a war's forecast was conditioned on observations (docs/dynamics.md)."""

    as_of: MonthLabel = Field(description="month of the last observation")
    observations: int = Field(ge=1)
    ess: float = Field(ge=0, description="effective sample size (Σw)²/Σw²")
    runs: int = Field(ge=1)
    ess_min: float
    notice: str | None
    weights: list[ObservationWeight]
    posterior: dict[str, InputPosterior]
    distinct_draws: int | None = Field(
        None, ge=0, description="distinct draws of the uncertain inputs among the runs"
    )
    unconditioned: Unconditioned | None = Field(
        None, description="the same runs and seed without the observations"
    )
