"""Summaries of a batch of dynamic runs: event curves, terms, ground, range, levers.

Every probability is a share of runs, with its Monte Carlo standard error
``√(p (1 − p) / N)``; quantiles come from :func:`realpolitik.results.summaries.summarise`
(with order-statistic standard errors).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from realpolitik.arrays import FloatArray
from realpolitik.dynamics.compiled import CompiledDynamics
from realpolitik.dynamics.output import DynamicsOutput
from realpolitik.results.schemas import (
    DealTerms,
    EventCurve,
    LeverMonth,
    RangeMonth,
    ScalarQuantiles,
    Summary,
    Terms,
    make,
)
from realpolitik.results.summaries import QUANTILES, summarise
from realpolitik.rng import BLOCK


@dataclass(frozen=True, kw_only=True)
class WarSummary:
    """The dynamic parts of the ``simulate`` document, typed (docs/dynamics.md).

    Attributes:
        months: the clock's months, ``YYYY-MM``.
        events: per event, its probability of having happened by each month.
        terms: the settlement terms over the runs that settle (None: none does).
        ground: per month, quantiles of the ground the defender holds at its end.
        range: per month, the bargaining range over the runs still at war.
        levers: per lever and month, where it acts and its mean state.
        deals: per deal, its outcome in the month it was signed.
    """

    months: list[str]
    events: dict[str, EventCurve]
    terms: Terms | None
    ground: dict[str, ScalarQuantiles]
    range: dict[str, RangeMonth]
    levers: dict[str, dict[str, LeverMonth]]
    deals: dict[str, DealTerms]


def event_months(dyn: CompiledDynamics, out: DynamicsOutput) -> dict[str, NDArray[np.int64]]:
    """Month index of every reported event per run (-1: not within the horizon).

    ``settlement`` (a ceasefire or settlement between the belligerents),
    ``deal:<id>`` for each deal, ``victory:<actor>`` for each belligerent.
    """
    events: dict[str, NDArray[np.int64]] = {"settlement": out.settled}
    for d, deal in enumerate(dyn.deals):
        events[f"deal:{deal.id}"] = out.deal_month[:, d]
    for s, actor in enumerate(dyn.sides):
        events[f"victory:{dyn.actor_ids[actor]}"] = np.where(out.victor == s, out.victory, -1)
    return events


def probability_by(months: NDArray[np.int64], horizon: int) -> FloatArray:
    """Share of runs in which the event happened by the end of each month, ``(T,)``."""
    happened = months >= 0
    counts = np.bincount(months[happened], minlength=horizon)[:horizon]
    out: FloatArray = np.cumsum(counts) / max(len(months), 1)
    return out


def event_summary(labels: list[str], months: NDArray[np.int64]) -> EventCurve:
    """``probability_by`` each month, the median month (or None), standard errors."""
    return event_curve(labels, probability_by(months, len(labels)), len(months))


def event_curve(labels: list[str], p: FloatArray, runs: int) -> EventCurve:
    """An event's curve from its probability by the end of each month ``(T,)`` over ``runs``."""
    n = max(runs, 1)
    reached = np.flatnonzero(p >= 0.5)
    return make(
        EventCurve,
        probability_by={m: float(v) for m, v in zip(labels, p, strict=True)},
        median_month=labels[int(reached[0])] if reached.size else None,
        probability=float(p[-1]),
        stderr=float(np.sqrt(p[-1] * (1 - p[-1]) / n)),
    )


def quantiles(values: FloatArray) -> ScalarQuantiles:
    """The reported quantiles of ``values`` (keyed by their text, ``"0.05"`` ..., in the JSON)."""
    qs = np.quantile(values, QUANTILES)
    return make(ScalarQuantiles, **{str(q): float(v) for q, v in zip(QUANTILES, qs, strict=True)})


def range_month(lo: FloatArray, hi: FloatArray, open_share: float) -> RangeMonth:
    """The bargaining range of one month: the quantiles of ``L`` and ``U`` over the runs still
    at war, the share of them in which it is open, and how many they are."""
    return make(RangeMonth, L=quantiles(lo), U=quantiles(hi), open=open_share, runs=int(lo.size))


def lever_month(on: float, mean: float) -> LeverMonth:
    """A lever in one month: the share of runs where it acts, its mean state."""
    return make(LeverMonth, on=on, mean=mean)


def terms_of(dyn: CompiledDynamics, terms: FloatArray) -> Terms:
    """The settlement terms' distribution over the (non-empty) terms of the runs that settle."""
    summary = summarise(terms)
    return make(
        Terms,
        **_fields(summary),
        issue=dyn.war_issue,
        bounds=(dyn.lower, dyn.upper),
        n=int(terms.size),
    )


def deal_of(issue: str, signed: FloatArray) -> DealTerms:
    """A deal's outcome over the runs that signed it (only ``issue`` and ``n`` when none did)."""
    if not signed.size:
        return make(DealTerms, issue=issue, n=0)
    return make(DealTerms, issue=issue, n=int(signed.size), **_fields(summarise(signed)))


def _fields(summary: Summary) -> dict[str, object]:
    """A summary's fields by name (its parts stay typed)."""
    return {name: getattr(summary, name) for name in Summary.model_fields}


def ground_summary(labels: list[str], out: DynamicsOutput) -> dict[str, ScalarQuantiles]:
    """Quantiles of the ground held by the defender at the end of each month."""
    return {m: quantiles(out.ground[:, t + 1]) for t, m in enumerate(labels)}


def range_summary(labels: list[str], out: DynamicsOutput) -> dict[str, RangeMonth]:
    """Quantiles of L and U each month over the runs still at war, and how often it is open."""
    result: dict[str, RangeMonth] = {}
    for t, m in enumerate(labels):
        war = at_war(out, t)
        if not war.any():
            continue
        lo, hi = out.lower[war, t], out.upper[war, t]
        result[m] = range_month(lo, hi, float(np.mean(lo <= hi)))
    return result


def at_war(out: DynamicsOutput, t: int) -> NDArray[np.bool_]:
    """Runs whose war had not ended before month t."""
    settled_before = (out.settled >= 0) & (out.settled < t)
    won_before = (out.victory >= 0) & (out.victory < t)
    out_: NDArray[np.bool_] = ~(settled_before | won_before)
    return out_


def lever_summary(
    dyn: CompiledDynamics, labels: list[str], out: DynamicsOutput
) -> dict[str, dict[str, LeverMonth]]:
    """Per lever and month: share of runs where it acts (``on``) and its mean effective size."""
    on = out.levers > 0
    sums = [block_sum(out.levers[i : i + BLOCK]) for i in range(0, out.batch, BLOCK)]
    means = ordered_total(sums).reshape(dyn.horizon, -1) / max(out.batch, 1)
    return {
        lever: {
            m: lever_month(float(on[:, t, k].mean()), float(means[t, k]))
            for t, m in enumerate(labels)
        }
        for k, lever in enumerate(dyn.lever_ids)
    }


def block_sum(values: FloatArray) -> FloatArray:
    """Column sums of one block of runs ``(B, ...)``, flattened per run.

    With :func:`ordered_total`, a mean over runs that depends only on the runs,
    not on how they were chunked or in which order the blocks finished.
    """
    flat: FloatArray = np.ascontiguousarray(values).reshape(values.shape[0], -1)
    sums: FloatArray = flat.sum(axis=0)
    return sums


def ordered_total(block_sums: list[FloatArray]) -> FloatArray:
    """The blocks' sums added one after the other, in block order."""
    total = np.zeros_like(block_sums[0]) if block_sums else np.zeros(0)
    for part in block_sums:
        total = total + part
    return total


def terms_summary(dyn: CompiledDynamics, out: DynamicsOutput) -> Terms | None:
    """Distribution of settlement terms over settled runs (None if no run settles)."""
    settled = out.settled >= 0
    if not settled.any():
        return None
    return terms_of(dyn, out.terms[settled])


def deal_terms(dyn: CompiledDynamics, out: DynamicsOutput) -> dict[str, DealTerms]:
    """Per deal: the distribution of the table's outcome in the month it was signed."""
    result: dict[str, DealTerms] = {}
    for d, deal in enumerate(dyn.deals):
        month = out.deal_month[:, d]
        signed = np.flatnonzero(month >= 0)
        result[deal.id] = deal_of(deal.issue, out.deal_outcome[signed, month[signed], d])
    return result


def summarize(dyn: CompiledDynamics, out: DynamicsOutput) -> WarSummary:
    """The dynamic parts of the ``simulate`` document (see docs/dynamics.md)."""
    labels = dyn.months
    return WarSummary(
        months=labels,
        events={
            name: event_summary(labels, months) for name, months in event_months(dyn, out).items()
        },
        terms=terms_summary(dyn, out),
        ground=ground_summary(labels, out),
        range=range_summary(labels, out),
        levers=lever_summary(dyn, labels, out),
        deals=deal_terms(dyn, out),
    )
