"""The ``score`` verb: rolling-origin scoring of a war's forecast (docs/dynamics.md).

Thin: for each origin, condition on the facts known by then
(:func:`realpolitik.dynamics.conditioned.condition_dynamics`; none known: the
scenario's own forecast), read the probabilities of the questions that
resolve later, and score them beside the reference forecasts
(:mod:`realpolitik.backtest.rolling`). The document is recorded in the store
(kind ``score``) when one is given.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from realpolitik.backtest.rolling import (
    Reference,
    mean_of,
    questions_at,
    read_references,
    score_row,
    split_question,
)
from realpolitik.dynamics.api import simulate_dynamics
from realpolitik.dynamics.conditioned import condition_dynamics
from realpolitik.errors import InputError
from realpolitik.io.observations import with_observations
from realpolitik.results.schemas import (
    ScoreDocument,
    ScoredQuestion,
    ScoreMeans,
    ScoreOrigin,
    dump,
    make,
)
from realpolitik.rng import master_seed
from realpolitik.scenario import Scenario
from realpolitik.scenario.fields import month_labels
from realpolitik.scenario.observations import Observation
from realpolitik.sim.backends import BackendName
from realpolitik.store import Store

SCORES = ("brier", "log", "reference_brier", "reference_log")


def score(
    scenario: Scenario,
    facts: str | Path,
    origins: Sequence[dt.date] | None = None,
    references: str | Path | None = None,
    *,
    runs: int = 10_000,
    seed: int | None = None,
    backend: BackendName = "serial",
    workers: int | None = None,
    chunk_blocks: int = 4,
    store: Store | None = None,
) -> dict[str, Any]:
    """Score the forecast made at each origin (default: the as-of date and the references' dates).

    Raises:
        InputError: a bad facts or reference file, or an origin outside the horizon.
    """
    since = time.perf_counter()
    with_facts = with_observations(scenario, facts)
    known_facts = list(with_facts.observations)
    refs = read_references(references) if references is not None else []
    chosen = _origins(scenario, origins, refs)
    seed = master_seed(seed)
    opts: dict[str, Any] = {"backend": backend, "workers": workers, "chunk_blocks": chunk_blocks}
    rows = [_origin(scenario, known_facts, refs, origin, runs, seed, opts) for origin in chosen]
    document = make(
        ScoreDocument,
        kind="score",
        scenario=scenario.metadata.title,
        runs=runs,
        seed=seed,
        facts=len(known_facts),
        origins=rows,
        overall=make(ScoreMeans, **_means([q for r in rows for q in r.questions])),
    )
    doc = dump(document)
    if store is not None:
        doc["run_id"] = store.record(
            kind="score",
            scenario=with_facts,
            model=None,
            params={},
            seed=seed,
            runs=runs,
            summary=doc,
            elapsed=time.perf_counter() - since,
            settings={**opts, "origins": [o.isoformat() for o in chosen]},
        )
    return doc


def _origins(
    scenario: Scenario, origins: Sequence[dt.date] | None, refs: list[Reference]
) -> list[dt.date]:
    assert scenario.clock is not None
    as_of = scenario.metadata.as_of
    if origins:
        chosen = sorted(set(origins))
    else:
        chosen = sorted({*([as_of] if as_of else []), *(r.date for r in refs)})
    if not chosen:
        raise InputError.one("give the forecast origins (--origins)", field="--origins")
    last = month_labels(scenario.clock)[-1]
    for o in chosen:
        if (as_of is not None and o < as_of) or f"{o.year:04d}-{o.month:02d}" > last:
            raise InputError.one(
                f"origin {o.isoformat()} is outside the scenario's forecast "
                f"({as_of} to the end of {last})",
                field="--origins",
            )
    return chosen


def _origin(
    scenario: Scenario,
    facts: list[Observation],
    refs: list[Reference],
    origin: dt.date,
    runs: int,
    seed: int,
    opts: dict[str, Any],
) -> ScoreOrigin:
    """The forecast at one origin and its scored questions."""
    assert scenario.clock is not None
    known = [f for f in facts if f.date <= origin]
    if known:
        result = condition_dynamics(
            scenario.model_copy(update={"observations": known}),
            runs=runs,
            seed=seed,
            with_static=False,
            **opts,
        )
        events, ess = result.document.events, result.conditioning.ess
    else:
        plain = simulate_dynamics(scenario, runs=runs, seed=seed, sensitivity_runs=0, **opts)
        events, ess = plain.document.events, None
    months = month_labels(scenario.clock)
    questions = []
    for q in questions_at(origin, facts, months, refs):
        subject, month = split_question(q)
        event = events.get(subject)
        if event is None or month not in event.probability_by:
            continue
        ref = next((r for r in refs if r.date == origin and r.question == q), None)
        questions.append(score_row(q, event.probability_by[month], facts, ref))
    return make(
        ScoreOrigin,
        origin=origin.isoformat(),
        observations=len(known),
        ess=ess,
        questions=questions,
        **_means(questions),
    )


def _means(rows: list[ScoredQuestion]) -> dict[str, float | int | None]:
    """The mean scores over the resolved questions, as the fields of :class:`ScoreMeans`."""
    return {key: mean_of(rows, key) for key in SCORES} | {
        "resolved": sum(r.outcome is not None for r in rows)
    }
