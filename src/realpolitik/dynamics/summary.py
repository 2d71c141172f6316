"""Summaries of a batch of dynamic runs: event curves, terms, ground, range, levers.

Every probability is a share of runs, with its Monte Carlo standard error
``√(p (1 − p) / N)``; quantiles come from :func:`realpolitik.results.summaries.summarise`
(with order-statistic standard errors).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from realpolitik.arrays import FloatArray
from realpolitik.dynamics.compiled import CompiledDynamics
from realpolitik.dynamics.output import DynamicsOutput
from realpolitik.results.summaries import QUANTILES, summarise
from realpolitik.rng import BLOCK


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


def event_summary(labels: list[str], months: NDArray[np.int64]) -> dict[str, Any]:
    """``probability_by`` each month, the median month (or None), standard errors."""
    p = probability_by(months, len(labels))
    n = max(len(months), 1)
    reached = np.flatnonzero(p >= 0.5)
    return {
        "probability_by": {m: float(v) for m, v in zip(labels, p, strict=True)},
        "median_month": labels[int(reached[0])] if reached.size else None,
        "probability": float(p[-1]),
        "stderr": float(np.sqrt(p[-1] * (1 - p[-1]) / n)),
    }


def quantiles(values: FloatArray) -> dict[str, float]:
    """The reported quantiles of ``values``, keyed by their text (``"0.05"`` ...)."""
    qs = np.quantile(values, QUANTILES)
    return {str(q): float(v) for q, v in zip(QUANTILES, qs, strict=True)}


def ground_summary(labels: list[str], out: DynamicsOutput) -> dict[str, dict[str, float]]:
    """Quantiles of the ground held by the defender at the end of each month."""
    return {m: quantiles(out.ground[:, t + 1]) for t, m in enumerate(labels)}


def range_summary(labels: list[str], out: DynamicsOutput) -> dict[str, dict[str, Any]]:
    """Quantiles of L and U each month over the runs still at war, and how often it is open."""
    result: dict[str, dict[str, Any]] = {}
    for t, m in enumerate(labels):
        war = at_war(out, t)
        if not war.any():
            continue
        lo, hi = out.lower[war, t], out.upper[war, t]
        result[m] = {
            "L": quantiles(lo),
            "U": quantiles(hi),
            "open": float(np.mean(lo <= hi)),
            "runs": int(war.sum()),
        }
    return result


def at_war(out: DynamicsOutput, t: int) -> NDArray[np.bool_]:
    """Runs whose war had not ended before month t."""
    settled_before = (out.settled >= 0) & (out.settled < t)
    won_before = (out.victory >= 0) & (out.victory < t)
    out_: NDArray[np.bool_] = ~(settled_before | won_before)
    return out_


def lever_summary(
    dyn: CompiledDynamics, labels: list[str], out: DynamicsOutput
) -> dict[str, dict[str, dict[str, float]]]:
    """Per lever and month: share of runs where it acts (``on``) and its mean effective size."""
    on = out.levers > 0
    sums = [block_sum(out.levers[i : i + BLOCK]) for i in range(0, out.batch, BLOCK)]
    means = ordered_total(sums).reshape(dyn.horizon, -1) / max(out.batch, 1)
    return {
        lever: {
            m: {"on": float(on[:, t, k].mean()), "mean": float(means[t, k])}
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


def terms_summary(dyn: CompiledDynamics, out: DynamicsOutput) -> dict[str, Any] | None:
    """Distribution of settlement terms over settled runs (None if no run settles)."""
    settled = out.settled >= 0
    if not settled.any():
        return None
    summary = summarise(out.terms[settled])
    summary.update(
        {"issue": dyn.war_issue, "bounds": [dyn.lower, dyn.upper], "n": int(settled.sum())}
    )
    return summary


def deal_terms(dyn: CompiledDynamics, out: DynamicsOutput) -> dict[str, Any]:
    """Per deal: the distribution of the table's outcome in the month it was signed."""
    result: dict[str, Any] = {}
    for d, deal in enumerate(dyn.deals):
        month = out.deal_month[:, d]
        signed = np.flatnonzero(month >= 0)
        entry: dict[str, Any] = {"issue": deal.issue, "n": int(signed.size)}
        if signed.size:
            entry.update(summarise(out.deal_outcome[signed, month[signed], d]))
        result[deal.id] = entry
    return result


def summarize(dyn: CompiledDynamics, out: DynamicsOutput) -> dict[str, Any]:
    """The dynamic parts of the ``simulate`` JSON document (see docs/dynamics.md)."""
    labels = dyn.months
    return {
        "months": labels,
        "events": {
            name: event_summary(labels, months) for name, months in event_months(dyn, out).items()
        },
        "terms": terms_summary(dyn, out),
        "ground": ground_summary(labels, out),
        "range": range_summary(labels, out),
        "levers": lever_summary(dyn, labels, out),
        "deals": deal_terms(dyn, out),
    }
