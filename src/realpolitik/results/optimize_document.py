"""The ``realpolitik optimize --json`` document (see ``docs/optimize.md``).

Registered with the other documents in :mod:`realpolitik.results.schemas`
(``docs/schemas/optimize.json``). A figure whose value is undefined (the
terms of a search in which no run settled) is ``null``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Finite = Annotated[float, Field(allow_inf_nan=False)]
Setting = bool | int | float | str
"""A lever setting: ``on`` (yes/no), a size or threshold, a start month, a law as written."""


class _Closed(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Figure(_Closed):
    """An objective's Monte Carlo estimate and its standard error."""

    value: Finite | None
    stderr: Finite | None


class ObjectiveRef(_Closed):
    """An objective and which way is better."""

    name: str
    direction: Literal["maximize", "minimize"]


class Strategy(_Closed):
    """A recommended strategy: its settings, what it changes, its search and fresh figures."""

    trial: int
    levers: dict[str, dict[str, Setting]]
    changes: list[str]
    objectives: dict[str, Figure]
    fresh: dict[str, Figure]
    optimism: dict[str, Finite | None]


class Written(_Closed):
    """The scenario as written: its levers and figures (search runs and fresh runs)."""

    levers: dict[str, dict[str, Setting]]
    objectives: dict[str, Figure]
    fresh: dict[str, Figure]


class WinnersCurse(_Closed):
    """Search estimate minus fresh figure, averaged over the front."""

    mean_optimism: dict[str, Finite | None]
    note: str


class RankingInput(_Closed):
    """An uncertain input and its rank correlation with a difference between strategies."""

    input: str
    spearman: Finite


class RobustEntry(_Closed):
    """One strategy's objective across the draws of the uncertain inputs."""

    mean: Finite | None
    worst_decile: Finite | None
    quantiles: dict[str, Finite | None]
    compared_with: str | None
    ranking_inputs: list[RankingInput]


class Robustness(_Closed):
    """The robustness analysis of the first objective."""

    objective: str
    input_draws: int
    strategies: dict[str, RobustEntry]
    best_on_average: str | None
    best_worst_decile: str | None
    runs_per_draw: int  # last: where the document has always printed it


class OptimizeDocument(_Closed):
    """``realpolitik optimize --json``."""

    kind: Literal["optimize"]
    scenario: str
    holder: str
    objectives: list[ObjectiveRef]
    constraints: list[str]
    sampler: Literal["TPE", "NSGA-II"]
    trials: int
    runs: int
    fresh_runs: int
    seed: int
    space: dict[str, dict[str, list[Setting]]]
    front: list[Strategy]
    baseline: Written
    winners_curse: WinnersCurse
    robustness: Robustness | None = Field(None, description="without --robust-draws 0")
    run_id: int | None = Field(None, description="when stored")
