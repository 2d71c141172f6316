"""The documented JSON documents of the command line, as pydantic models.

One model per ``--json`` output:

- :class:`RunDocument`: ``realpolitik run --json`` (:mod:`realpolitik.results.document`);
- :class:`SimulationDocument`: ``realpolitik simulate --json`` on a scenario
  without a war (``docs/uncertainty.md``);
- :class:`DynamicDocument`: ``realpolitik simulate --json`` on a scenario with a
  war (``docs/dynamics.md``);
- :class:`SensitivityDocument`: ``realpolitik sensitivity --json``;
- :class:`BacktestDocument`: ``realpolitik backtest --json``
  (:mod:`realpolitik.backtest.document`);
- :class:`CompareDocument`: ``realpolitik compare --json``
  (:mod:`realpolitik.results.compare_document`);
- :class:`OptimizeDocument`: ``realpolitik optimize --json``
  (:mod:`realpolitik.results.optimize_document`).

Every model is frozen and closed (``extra="forbid"``) except where the
document is open by design: a trajectory round carries one entry per model
series (``r``, ``prob`` ...) and one per model record list (``offers``,
``bargains`` ...), typed but not named. Numbers are finite (JSON has no NaN);
probabilities lie in [0, 1]. The engine makes each document of its models
(:func:`make`, which refuses a non-finite number naming its place; :func:`dump`
gives the JSON data ``--json`` prints); ``validate_document(kind, text)``
checks a document read back, ``validate_data(kind, data)`` JSON-ready data.
The JSON Schema files in ``docs/schemas/`` are generated from these models
(``python -m realpolitik.results.schemas docs/schemas``); a test checks they
are up to date.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from realpolitik.errors import InputError, Problem
from realpolitik.results.compare_document import CompareDocument
from realpolitik.results.condition_document import (
    Conditioning,
    InputPosterior,
    ObservationWeight,
    Unconditioned,
)
from realpolitik.results.headline_model import Headline
from realpolitik.results.optimize_document import OptimizeDocument
from realpolitik.results.schema_types import (
    Closed,
    Count,
    Finite,
    MonthLabel,
    Probability,
    Quantiles,
    ScalarQuantiles,
    StandardErrors,
    Summary,
    Value,
    make,
)
from realpolitik.results.score_document import (
    ScoreDocument,
    ScoredQuestion,
    ScoreMeans,
    ScoreOrigin,
)

__all__ = [
    "DOCUMENTS",
    "BacktestDocument",
    "Baseline",
    "CaseEntry",
    "CompareDocument",
    "Conditioning",
    "Count",
    "Coverage",
    "DealTerms",
    "DynamicDocument",
    "EventCurve",
    "Finite",
    "InputPosterior",
    "LeverEffect",
    "LeverMonth",
    "LeverSensitivity",
    "ModelScores",
    "MonthLabel",
    "MorrisRow",
    "ObservationWeight",
    "OptimizeDocument",
    "Probability",
    "Quantiles",
    "RangeMonth",
    "Round",
    "RunDocument",
    "ScalarQuantiles",
    "ScenarioRef",
    "ScoreDocument",
    "ScoreMeans",
    "ScoreOrigin",
    "ScoredQuestion",
    "Scores",
    "SensitivityDocument",
    "SimulationDocument",
    "SobolRow",
    "StandardErrors",
    "Summary",
    "Terms",
    "Unconditioned",
    "Value",
    "check_document",
    "dump",
    "json_schema",
    "make",
    "schema_kind",
    "schema_texts",
    "validate_data",
    "validate_document",
]

SCHEMA_BASE = "https://realpolitik.invalid/schema/"
"""Prefix of the schemas' ``$id`` (names, not places to download from)."""


class ScenarioRef(Closed):
    """Which scenario was run: its title and the SHA-256 of its canonical JSON."""

    title: str
    hash: str = Field(pattern=r"^[0-9a-f]{64}$")


class Round(BaseModel):
    """One round of one issue (round 0 is the input).

    Besides the named fields, a round holds one entry per model series (a
    number per actor, e.g. ``r`` of eum, ``prob`` of smp) and, when the model
    keeps records, one list of records (e.g. ``offers``, ``bargains``).
    """

    model_config = ConfigDict(frozen=True, extra="allow", strict=True)
    __pydantic_extra__: dict[str, dict[str, Finite] | list[dict[str, Any]]]

    issue: str
    round: Count
    median: Value
    mean: Value
    positions: dict[str, Value]


class RunDocument(Closed):
    """``realpolitik run --json``: one model's forecast of every issue, round by round."""

    headline: Headline | None = Field(None, description="the answer first (results/headline.py)")
    model: str
    params: dict[str, Any]
    scenario: ScenarioRef
    forecast: dict[str, Value]
    trajectory: list[Round]
    notes: list[str]


class SimulationDocument(Closed):
    """``realpolitik simulate --json`` without a war: every issue's outcome distribution."""

    headline: Headline | None = Field(None, description="the answer first (results/headline.py)")
    run_id: int | None
    runs: int = Field(ge=1)
    seed: Count
    model: str
    params: dict[str, Any]
    inputs: list[str]
    issues: dict[str, Summary]


class EventCurve(Closed):
    """An event's probability of having happened by the end of each month."""

    probability_by: dict[MonthLabel, Probability]
    median_month: MonthLabel | None
    probability: Probability
    stderr: Annotated[float, Field(ge=0.0, allow_inf_nan=False)]


class Terms(Summary):
    """Settlement terms over the runs that settle."""

    issue: str
    bounds: tuple[Finite, Finite]
    n: int = Field(ge=1)


class RangeMonth(Closed):
    """The bargaining range in one month over the runs still at war."""

    L: ScalarQuantiles
    U: ScalarQuantiles
    open: Probability
    runs: int = Field(ge=1)


class LeverMonth(Closed):
    """A lever in one month: share of runs where it acts, its mean state."""

    on: Probability
    mean: Finite


class DealTerms(Closed):
    """A deal's outcome in the month it was signed (summary fields only when ``n`` > 0)."""

    issue: str
    n: Count
    mean: Value | None = None
    median: Value | None = None
    sd: Value | None = None
    quantiles: Quantiles | None = None
    probabilities: dict[str, Value] | None = None
    stderr: StandardErrors | None = None


class LeverEffect(Closed):
    """What switching one lever off changes."""

    months_earlier: Finite
    probability: Annotated[float, Field(ge=-1.0, le=1.0, allow_inf_nan=False)]


class Baseline(Closed):
    """Settlement with every lever as written."""

    mean_months: Annotated[float, Field(ge=0.0, allow_inf_nan=False)]
    probability: Probability


class LeverSensitivity(Closed):
    """The one-at-a-time lever sensitivity of the settlement date."""

    output: str
    method: str
    runs: int = Field(ge=1)
    baseline: Baseline
    indices: dict[str, LeverEffect]
    top: list[str]


class DynamicDocument(Closed):
    """``realpolitik simulate --json`` with a war: the monthly engine's summary."""

    headline: Headline | None = Field(None, description="the answer first (results/headline.py)")
    run_id: int | None = Field(None, description="set when the run was stored")
    kind: Literal["dynamic"]
    scenario: str
    runs: int = Field(ge=1)
    seed: Count
    inputs: list[str]
    model: str = Field(
        description="the model of the static issues (neither the war's nor a deal's)"
    )
    params: dict[str, Any] = Field(description="its options as used (distributions as text)")
    months: list[MonthLabel] = Field(min_length=1)
    events: dict[str, EventCurve]
    terms: Terms | None
    ground: dict[MonthLabel, ScalarQuantiles]
    range: dict[MonthLabel, RangeMonth]
    levers: dict[str, dict[MonthLabel, LeverMonth]]
    deals: dict[str, DealTerms]
    sensitivity: LeverSensitivity | None
    issues: dict[str, Summary] = Field(
        description="each static issue's distribution, as in a simulation without a war"
    )
    conditioning: Conditioning | None = Field(
        None, description="set when conditioned on observations (--observations)"
    )


class SobolRow(Closed):
    """Sobol indices of one input (None where SALib gave no finite number)."""

    input: str
    S1: Finite | None
    S1_conf: Finite | None
    ST: Finite | None
    ST_conf: Finite | None


class MorrisRow(Closed):
    """Morris elementary-effect statistics of one input."""

    input: str
    mu: Finite | None
    mu_star: Finite | None
    mu_star_conf: Finite | None
    sigma: Finite | None


class SensitivityDocument(Closed):
    """``realpolitik sensitivity --json``: per outcome, one row per input, most influential
    first."""

    run_id: int | None
    method: Literal["sobol", "morris"]
    model: str
    seed: Count
    runs: int = Field(ge=1)
    evaluations: int = Field(ge=1)
    inputs: list[str] = Field(min_length=1)
    outcomes: dict[str, list[SobolRow] | list[MorrisRow]]

    @model_validator(mode="after")
    def _rows_match_method(self) -> SensitivityDocument:
        row = SobolRow if self.method == "sobol" else MorrisRow
        for name, rows in self.outcomes.items():
            if any(not isinstance(r, row) for r in rows):
                raise ValueError(f"outcome '{name}': rows are not {self.method} rows")
        return self


class Coverage(Closed):
    """Share of outcomes inside the central 50, 80 and 90 % intervals."""

    c50: Probability = Field(alias="0.5")
    c80: Probability = Field(alias="0.8")
    c90: Probability = Field(alias="0.9")


class Scores(Closed):
    """A model's scores in points of a 0-100 scale (None where undefined)."""

    n: Count
    mae: Finite | None
    median_ae: Finite | None
    within10: Probability | None
    within20: Probability | None
    coverage: Coverage | None
    crps: Finite | None


class ModelScores(Scores):
    """Scores of one model on the backtest's items, and how they were obtained."""

    n_a: Count
    bar_mae: Finite | None
    seconds: Annotated[float, Field(ge=0.0, allow_inf_nan=False)]
    in_sample: bool
    fitted_on: dict[str, Any] | None = None
    cross_validated: Scores | None = None


class CaseEntry(Closed):
    """One scored item (``--cases``): outcome, forecasts and errors by model."""

    case: str
    group: str
    dimension: Count
    outcome: Finite
    forecasts: dict[str, Finite | None]
    errors: dict[str, Finite | None]
    n_a: dict[str, str] = Field(alias="n/a")


class BacktestDocument(Closed):
    """``realpolitik backtest --json``: every model scored, best first."""

    run_id: int | None = Field(None, description="set when the backtest was stored")
    cases: Count
    scored: Count
    skipped: Count
    files: list[str]
    bar: str
    units: str
    seed: Count
    models: dict[str, ModelScores]
    not_available: dict[str, dict[str, str]]
    per_case: list[CaseEntry] | None = Field(None, description="with --cases")


DOCUMENTS: dict[str, type[BaseModel]] = {
    "run": RunDocument,
    "simulate": SimulationDocument,
    "simulate-dynamic": DynamicDocument,
    "sensitivity": SensitivityDocument,
    "backtest": BacktestDocument,
    "compare": CompareDocument,
    "score": ScoreDocument,
    "optimize": OptimizeDocument,
}
"""Each documented output by the name of its schema file (``docs/schemas/<name>.json``)."""


def dump(document: BaseModel) -> dict[str, Any]:
    """A typed document as the JSON-ready data ``--json`` prints (keys as documented)."""
    data: dict[str, Any] = document.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return data


def validate_document(kind: str, text: str | bytes) -> BaseModel:
    """Parse a JSON document of ``kind`` (a key of :data:`DOCUMENTS`) and check it.

    Raises:
        pydantic.ValidationError: the document does not match its schema.
    """
    return DOCUMENTS[kind].model_validate_json(text)


def validate_data(kind: str, data: Any) -> BaseModel:
    """Check a document built in Python exactly as it would be printed (``allow_nan=False``).

    Raises:
        ValueError: a NaN or infinity (not JSON); pydantic.ValidationError: a mismatch.
    """
    return validate_document(kind, json.dumps(data, allow_nan=False))


MAX_PROBLEMS = 20
"""Problems listed at most for a damaged document (the rest are counted)."""


def schema_kind(document: Any) -> str | None:
    """The schema a result document claims (a key of :data:`DOCUMENTS`), from its keys."""
    if not isinstance(document, dict):
        return None
    if "trajectory" in document and "forecast" in document:
        return "run"
    if document.get("kind") in ("optimize", "score"):
        return str(document["kind"])
    if document.get("kind") == "dynamic" or "events" in document:
        return "simulate-dynamic"
    if "issues" in document:
        return "simulate"
    if "outcomes" in document:
        return "sensitivity"
    if "per_case" in document or "not_available" in document:
        return "backtest"
    return None


def check_document(document: Any, *, file: str | None = None) -> BaseModel:
    """A result document read back (a stored summary, a saved file), checked against its schema.

    Raises:
        InputError: not a result document, or damaged: every problem with its field.
    """
    kind = schema_kind(document)
    if kind is None:
        raise InputError.one(
            "not a realpolitik result document: expected the JSON of `run --json`, "
            "`simulate --json`, `sensitivity --json` or `backtest --json`",
            file=file,
        )
    try:
        return validate_data(kind, document)
    except ValidationError as exc:
        raise InputError(_problems(exc, kind, file)) from None
    except ValueError:
        raise InputError.one(
            "the document holds a number that is not finite (NaN or infinity)", file=file
        ) from None


_TYPE_TAG = re.compile(r"^(float|int|str|bool|none|[a-z-]+\[.*\])$")
"""A union branch pydantic names in an error's location (``float``, ``list[float]`` ...)."""


def _problems(exc: ValidationError, kind: str, file: str | None) -> list[Problem]:
    """One problem per damaged field (a union's branches give one, not one each)."""
    by_field: dict[str, str] = {}
    for e in exc.errors():
        where = ".".join(str(p) for p in e["loc"] if not _TYPE_TAG.match(str(p)))
        by_field.setdefault(where, e["msg"])
    return [
        Problem(
            message=f"{msg} (this {kind} document is damaged or was edited)",
            file=file,
            field=where or None,
        )
        for where, msg in list(by_field.items())[:MAX_PROBLEMS]
    ]


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one document."""
    schema = DOCUMENTS[kind].model_json_schema(by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE}{kind}.json",
        **schema,
    }


def schema_texts() -> dict[str, str]:
    """The text of every schema file, by file name (sorted keys, 2-space indent)."""
    return {
        f"{kind}.json": json.dumps(json_schema(kind), indent=2, sort_keys=True) + "\n"
        for kind in DOCUMENTS
    }


def main(argv: list[str] | None = None) -> int:
    """Write every schema file into the folder given (default ``docs/schemas``)."""
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0] if args else "docs/schemas")
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in schema_texts().items():
        (folder / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
