"""Rolling-origin scoring of a war's forecast: condition on the facts known at each origin,
score the questions that resolve later (Tashman 2000; Brier 1950; Good 1952).

A *question* is ``<event>_by:<YYYY-MM>`` — "has the event (``settlement``,
``deal:<id>``, ``victory:<actor>``) happened by the end of that month?". The
facts (observations, :mod:`realpolitik.scenario.observations`) resolve it:

- an ``event`` fact in month m: yes for every month from m on, no before;
- ``no_event`` facts: no for every month that ended by the latest such date
  (a mid-month date leaves its own month open);
- otherwise it is unresolved.

At each origin the forecast is conditioned on the facts dated on or before
it (none: the scenario's own forecast); the questions asked are those about
months ending after the origin that the facts known then do not already
settle, up to the month of the last fact, plus the reference forecasts' questions
dated at the origin. Each
resolved question is scored by the Brier score ``(p − o)²`` and the log score
``−ln p(o)`` (p clipped to ``[LOG_FLOOR, 1 − LOG_FLOOR]``), the forecast's and,
where given, the reference's.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

from realpolitik.errors import InputError, Problem
from realpolitik.results.schemas import ScoredQuestion, make
from realpolitik.scenario.observations import Observation

LOG_FLOOR = 1e-4
"""Probabilities are clipped to [1e-4, 1 − 1e-4] for the log score (a finite penalty)."""

SUBJECTS = ("settlement", "deal:", "victory:")


@dataclass(frozen=True)
class Reference:
    """One reference forecast: a probability for a question, as of a date."""

    date: dt.date
    question: str
    probability: float
    source: str = ""


def month_end(month: str) -> dt.date:
    """The last day of ``YYYY-MM``."""
    year, mon = (int(x) for x in month.split("-"))
    return dt.date(year, mon, calendar.monthrange(year, mon)[1])


def resolve(facts: list[Observation], subject: str, month: str) -> bool | None:
    """Whether ``subject`` had happened by the end of ``month`` by the facts (None: unknown)."""
    end = month_end(month)
    happened = [f.date for f in facts if f.subject == subject and f.kind == "event"]
    if happened:
        return min(happened) <= end
    nots = [f for f in facts if f.subject == subject and f.kind == "no_event"]
    if not nots:
        return None
    latest = max(nots, key=lambda f: f.date)
    return False if latest.date >= end else None


def is_question_subject(subject: str) -> bool:
    """Settlement, deals and victories are asked about (scheduled events and measures not)."""
    return subject == "settlement" or subject.startswith(("deal:", "victory:"))


def questions_at(
    origin: dt.date,
    facts: list[Observation],
    months: list[str],
    references: list[Reference],
) -> list[str]:
    """The questions asked at ``origin`` (module docstring), in a stable order."""
    known = [f for f in facts if f.date <= origin]
    subjects = sorted({f.subject for f in facts if is_question_subject(f.subject)})
    last = max((f.date for f in facts), default=origin)
    out = [
        f"{s}_by:{m}"
        for s in subjects
        for m in months
        if origin < month_end(m) <= month_end(f"{last.year:04d}-{last.month:02d}")
        and resolve(facts, s, m) is not None
        and resolve(known, s, m) is None
    ]
    out += [r.question for r in references if r.date == origin and r.question not in out]
    return out


def split_question(question: str) -> tuple[str, str]:
    """``settlement_by:2025-12`` -> (``settlement``, ``2025-12``)."""
    subject, _, month = question.rpartition("_by:")
    return subject, month


def brier(p: float, outcome: bool) -> float:
    """The Brier score (0 best, 1 worst)."""
    return (p - float(outcome)) ** 2


def log_score(p: float, outcome: bool) -> float:
    """``−ln`` of the probability given to what happened (0 best), p clipped (LOG_FLOOR)."""
    q = min(max(p, LOG_FLOOR), 1 - LOG_FLOOR)
    return -math.log(q if outcome else 1 - q)


def score_row(
    question: str, p: float, facts: list[Observation], reference: Reference | None
) -> ScoredQuestion:
    """One question at one origin: the forecast, the reference, the outcome and the scores.

    Raises:
        InputError: a score is not finite.
    """
    subject, month = split_question(question)
    outcome = resolve(facts, subject, month)
    return make(
        ScoredQuestion,
        question=question,
        probability=p,
        reference=None if reference is None else reference.probability,
        reference_source=None if reference is None else reference.source,
        outcome=outcome,
        brier=brier(p, outcome) if outcome is not None else None,
        log=log_score(p, outcome) if outcome is not None else None,
        reference_brier=(
            brier(reference.probability, outcome)
            if reference is not None and outcome is not None
            else None
        ),
        reference_log=(
            log_score(reference.probability, outcome)
            if reference is not None and outcome is not None
            else None
        ),
    )


def mean_of(rows: list[ScoredQuestion], key: str) -> float | None:
    """The mean of a score over the rows where it is set (None if none)."""
    values: list[float] = [v for r in rows if (v := getattr(r, key)) is not None]
    return sum(values) / len(values) if values else None


def read_references(path: str | Path) -> list[Reference]:
    """Reference forecasts from a CSV with ``date, question, probability`` (and ``source``).

    Raises:
        InputError: every problem, by row and field.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError.one(f"cannot read it: {exc}", file=str(p)) from exc
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in ("date", "question", "probability") if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError.one(
            f"missing column(s) {', '.join(missing)}: a reference file has the columns "
            "date, question, probability",
            file=str(p),
            line=1,
        )
    out, problems = [], []
    for k, row in enumerate(reader):
        line = k + 2
        try:
            date = dt.date.fromisoformat((row["date"] or "").strip())
        except ValueError:
            problems.append(
                Problem(
                    message=f"'{row['date']}' is not a date (YYYY-MM-DD)",
                    file=str(p),
                    line=line,
                    field="date",
                )
            )
            continue
        question = (row["question"] or "").strip()
        subject, month = split_question(question)
        if not is_question_subject(subject) or len(month) != 7:
            problems.append(
                Problem(
                    message=f"'{question}' is not a question; write <event>_by:YYYY-MM, e.g. "
                    "settlement_by:2025-12",
                    file=str(p),
                    line=line,
                    field="question",
                )
            )
            continue
        try:
            prob = float(row["probability"])
        except (TypeError, ValueError):
            prob = math.nan
        if not 0 <= prob <= 1:
            problems.append(
                Problem(
                    message=f"'{row['probability']}' is not a probability in [0, 1]",
                    file=str(p),
                    line=line,
                    field="probability",
                )
            )
            continue
        out.append(Reference(date, question, prob, (row.get("source") or "").strip()))
    if problems:
        raise InputError(problems)
    return out
