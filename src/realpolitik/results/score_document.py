"""The ``realpolitik score --json`` document: rolling-origin scores beside reference forecasts.

Registered with the other documents in :mod:`realpolitik.results.schemas`
(``docs/schemas/score.json``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from realpolitik.results.schema_types import Closed, Count


class ScoredQuestion(Closed):
    """One question at one origin: the forecast, the reference, the outcome, the scores."""

    question: str = Field(description="<event>_by:YYYY-MM")
    probability: float = Field(ge=0, le=1)
    reference: float | None = Field(ge=0, le=1, description="the reference forecast that day")
    reference_source: str | None
    outcome: bool | None = Field(description="null: not resolved by the facts")
    brier: float | None
    log: float | None
    reference_brier: float | None
    reference_log: float | None


class ScoreMeans(Closed):
    """Mean scores over the resolved questions (null when none)."""

    brier: float | None
    log: float | None
    reference_brier: float | None
    reference_log: float | None
    resolved: int = Field(ge=0)


class ScoreOrigin(ScoreMeans):
    """The forecast made at one origin, conditioned on the facts known then."""

    origin: str = Field(description="YYYY-MM-DD")
    observations: int = Field(ge=0, description="facts known at the origin")
    ess: float | None = Field(description="effective sample size (null: no fact known yet)")
    questions: list[ScoredQuestion]


class ScoreDocument(Closed):
    """``realpolitik score --json``: rolling-origin scores beside reference forecasts."""

    run_id: int | None = Field(None, description="set when the run was stored")
    kind: Literal["score"]
    scenario: str
    runs: int = Field(ge=1)
    seed: Count
    facts: int = Field(ge=0)
    origins: list[ScoreOrigin]
    overall: ScoreMeans
