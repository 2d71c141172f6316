"""Summarise a dynamic simulation block by block, without holding every run.

A block's :class:`~realpolitik.dynamics.output.DynamicsOutput` (about 4 kB per
run for the bundled scenario) is reduced where it is computed, in the worker,
to a :class:`Digest`: event counts per month, lever counts, and only the
per-run values the exact summaries need — the ground each month (float64:
its quantiles), the range (L, U) of the runs still at war, the settlement
terms and the deals' terms (in run order: their means), and the block's sums
of the levers' sizes (added in block order:
:func:`realpolitik.dynamics.summary.ordered_total`). :class:`Summaries`
gathers the digests in any order and gives the document
:func:`realpolitik.dynamics.summary.summarize` gives on all the runs at once,
to the bit, and the ``--keep`` rows (:mod:`.rows`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from realpolitik.arrays import FloatArray
from realpolitik.dynamics.compiled import CompiledDynamics
from realpolitik.dynamics.output import DynamicsOutput
from realpolitik.dynamics.rows import join_parts, row_parts
from realpolitik.dynamics.summary import (
    WarSummary,
    at_war,
    block_sum,
    deal_of,
    event_curve,
    event_months,
    lever_month,
    ordered_total,
    quantiles,
    range_month,
    terms_of,
)
from realpolitik.results.schemas import DealTerms, EventCurve, LeverMonth, RangeMonth, Terms

IntArray = NDArray[np.int64]


@dataclass(frozen=True, kw_only=True)
class Digest:
    """What the summaries keep of one block of runs (see the module docstring).

    Attributes:
        index: the block's index; ``first_run``: its first run.
        batch: runs in the block.
        events: ``(E, T)`` runs in which each event happened in each month.
        terms: settlement terms of the settled runs, in run order.
        deal_terms: per deal, the table's outcome in the month it was signed, in run order.
        ground: ``(T, B)`` ground at the end of each month.
        lower, upper: per month, the range of the runs still at war.
        open: ``(T,)`` runs still at war whose range is open.
        lever_on: ``(T, nL)`` runs in which each lever acts.
        levers: ``(T × nL,)`` the block's sums of the effective lever sizes.
        rows: the ``--keep`` rows, one table per variable (:func:`.rows.row_parts`).
    """

    index: int
    first_run: int
    batch: int
    events: IntArray
    terms: FloatArray
    deal_terms: list[FloatArray]
    ground: FloatArray
    lower: list[FloatArray]
    upper: list[FloatArray]
    open: IntArray
    lever_on: IntArray
    levers: FloatArray
    rows: list[pa.Table]


@dataclass(frozen=True)
class _RunOrdered:
    """What :class:`Summaries` keeps of a digest until the end: the parts read in run order."""

    terms: FloatArray
    deal_terms: list[FloatArray]
    levers: FloatArray
    rows: list[pa.Table]


def digest(
    dyn: CompiledDynamics, out: DynamicsOutput, index: int, first_run: int, keep: str = "none"
) -> Digest:
    """Reduce block ``index`` (runs from ``first_run``) to what the summaries need."""
    t = dyn.horizon
    events = np.array(
        [_counts(months, t) for months in event_months(dyn, out).values()], dtype=np.int64
    ).reshape(-1, t)
    deal_terms = []
    for d in range(len(dyn.deals)):
        month = out.deal_month[:, d]
        signed = np.flatnonzero(month >= 0)
        deal_terms.append(out.deal_outcome[signed, month[signed], d].copy())
    war = [at_war(out, m) for m in range(t)]
    lower = [out.lower[w, m].copy() for m, w in enumerate(war)]
    upper = [out.upper[w, m].copy() for m, w in enumerate(war)]
    return Digest(
        index=index,
        first_run=first_run,
        batch=out.batch,
        events=events,
        terms=out.terms[out.settled >= 0].copy(),
        deal_terms=deal_terms,
        ground=np.ascontiguousarray(out.ground[:, 1:].T),
        lower=lower,
        upper=upper,
        open=np.array([np.count_nonzero(lo <= hi) for lo, hi in zip(lower, upper, strict=True)]),
        lever_on=np.count_nonzero(out.levers > 0, axis=0).astype(np.int64),
        levers=block_sum(out.levers),
        rows=row_parts(dyn, out, keep, first_run),
    )


def _counts(months: IntArray, horizon: int) -> IntArray:
    """Runs per month in which the event happened (``months`` -1: not within the horizon)."""
    out: IntArray = np.bincount(months[months >= 0], minlength=horizon)[:horizon]
    return out


class Summaries:
    """The digests of a simulation of ``runs`` runs, added in any order (module docstring)."""

    def __init__(self, dyn: CompiledDynamics, runs: int) -> None:
        """Room for ``runs`` runs of ``dyn``."""
        t, n_events = dyn.horizon, 1 + len(dyn.deals) + len(dyn.sides)
        self.dyn = dyn
        self.runs = runs
        self.events = np.zeros((n_events, t), dtype=np.int64)
        self.open = np.zeros(t, dtype=np.int64)
        self.lever_on = np.zeros((t, dyn.n_levers), dtype=np.int64)
        self.ground = np.empty((t, runs))
        self.lower: list[list[FloatArray]] = [[] for _ in range(t)]
        self.upper: list[list[FloatArray]] = [[] for _ in range(t)]
        self._ordered: dict[int, _RunOrdered] = {}

    def add(self, d: Digest) -> None:
        """Take one block's digest."""
        self.events += d.events
        self.open += d.open
        self.lever_on += d.lever_on
        self.ground[:, d.first_run : d.first_run + d.batch] = d.ground
        for m in range(self.dyn.horizon):
            self.lower[m].append(d.lower[m])
            self.upper[m].append(d.upper[m])
        self._ordered[d.index] = _RunOrdered(d.terms, d.deal_terms, d.levers, d.rows)

    def nbytes(self) -> int:
        """Bytes of the arrays held so far (the digests' per-run values; rows not counted)."""
        per_month = [a.nbytes for arrays in (*self.lower, *self.upper) for a in arrays]
        held = [
            d.terms.nbytes + d.levers.nbytes + sum(t.nbytes for t in d.deal_terms)
            for d in self._ordered.values()
        ]
        return self.ground.nbytes + sum(per_month) + sum(held)

    def _in_order(self) -> list[_RunOrdered]:
        return [self._ordered[k] for k in sorted(self._ordered)]

    def rows(self) -> pa.Table | None:
        """The ``--keep`` rows of every run (None for ``none``), as :func:`.rows.dynamic_rows`."""
        return join_parts([d.rows for d in self._in_order()])

    def summary(self) -> WarSummary:
        """The dynamic parts of the ``simulate`` document, as :func:`.summary.summarize`."""
        labels = self.dyn.months
        names = event_names(self.dyn)
        return WarSummary(
            months=labels,
            events={name: self._event(labels, k) for k, name in enumerate(names)},
            terms=self._terms(),
            ground={m: quantiles(self.ground[t]) for t, m in enumerate(labels)},
            range=self._range(labels),
            levers=self._levers(labels),
            deals=self._deals(),
        )

    def _event(self, labels: list[str], k: int) -> EventCurve:
        p = np.cumsum(self.events[k]) / max(self.runs, 1)
        return event_curve(labels, p, self.runs)

    def _terms(self) -> Terms | None:
        terms = np.concatenate([d.terms for d in self._in_order()])
        if not terms.size:
            return None
        return terms_of(self.dyn, terms)

    def _range(self, labels: list[str]) -> dict[str, RangeMonth]:
        result: dict[str, RangeMonth] = {}
        for t, m in enumerate(labels):
            lo, hi = np.concatenate(self.lower[t]), np.concatenate(self.upper[t])
            if not lo.size:
                continue
            result[m] = range_month(lo, hi, float(np.float64(self.open[t]) / lo.size))
        return result

    def _levers(self, labels: list[str]) -> dict[str, dict[str, LeverMonth]]:
        n = self.runs
        sums = ordered_total([d.levers for d in self._in_order()]).reshape(self.dyn.horizon, -1)
        return {
            lever: {
                m: lever_month(float(np.float64(self.lever_on[t, k]) / n), float(sums[t, k] / n))
                for t, m in enumerate(labels)
            }
            for k, lever in enumerate(self.dyn.lever_ids)
        }

    def _deals(self) -> dict[str, DealTerms]:
        blocks = self._in_order()
        return {
            deal.id: deal_of(deal.issue, np.concatenate([b.deal_terms[d] for b in blocks]))
            for d, deal in enumerate(self.dyn.deals)
        }


def event_names(dyn: CompiledDynamics) -> list[str]:
    """The reported events, in the order of :func:`.summary.event_months`."""
    names = ["settlement", *(f"deal:{deal.id}" for deal in dyn.deals)]
    return names + [f"victory:{dyn.actor_ids[actor]}" for actor in dyn.sides]
