"""Headline outcomes of paired runs, per run, for a what-if (baseline vs variant).

Each outcome is a ``(B,)`` array per version, paired run by run (common random
numbers, :mod:`.paired`), so its mean difference has the Monte Carlo standard
error ``sd(d) / sqrt(B)`` of paired differences (Law 2015, §10.2.1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from realpolitik.arrays import FloatArray
from realpolitik.dynamics.compiled import CompiledDynamics
from realpolitik.dynamics.output import DynamicsOutput, IntArray


@dataclass(frozen=True, kw_only=True)
class Contrast:
    """One outcome in both versions: label, kind, and the per-run values (NaN: not defined
    in that run; such runs are left out of the pair)."""

    key: str
    label: str
    kind: str  # "probability", "months" or "points"
    baseline: FloatArray
    variant: FloatArray


def key_months(horizon: int) -> list[int]:
    """Month indices to report: every six months from the fourth, and the last."""
    picks = list(range(3, horizon - 1, 6))
    return [*picks, horizon - 1] if horizon - 1 not in picks else picks


def war_contrasts(dyn: CompiledDynamics, a: DynamicsOutput, b: DynamicsOutput) -> list[Contrast]:
    """Settlement by key months, months to settlement, terms, each deal, victory."""
    h = dyn.horizon
    out = [
        Contrast(
            key=f"settled_by:{dyn.months[t]}",
            label=f"P(settlement by {dyn.months[t]})",
            kind="probability",
            baseline=_by(a.settled, t),
            variant=_by(b.settled, t),
        )
        for t in key_months(h)
    ]
    out.append(
        Contrast(
            key="months_to_settlement",
            label=f"Months to settlement (mean; none within the horizon counts as {h})",
            kind="months",
            baseline=np.where(a.settled >= 0, a.settled + 1, h).astype(float),
            variant=np.where(b.settled >= 0, b.settled + 1, h).astype(float),
        )
    )
    out.append(
        Contrast(
            key="terms",
            label="Settlement terms (mean, runs settled in both versions)",
            kind="points",
            baseline=a.terms.astype(float),
            variant=b.terms.astype(float),
        )
    )
    for k, deal in enumerate(dyn.deals):
        out.append(
            Contrast(
                key=f"deal:{deal.id}",
                label=f"P(deal:{deal.id} signed within the horizon)",
                kind="probability",
                baseline=(a.deal_month[:, k] >= 0).astype(float),
                variant=(b.deal_month[:, k] >= 0).astype(float),
            )
        )
    if (a.victory >= 0).any() or (b.victory >= 0).any():
        out.append(
            Contrast(
                key="victory",
                label="P(victory within the horizon)",
                kind="probability",
                baseline=(a.victory >= 0).astype(float),
                variant=(b.victory >= 0).astype(float),
            )
        )
    return out


def _by(settled: IntArray, t: int) -> FloatArray:
    return ((settled >= 0) & (settled <= t)).astype(float)


def paired_stats(c: Contrast) -> tuple[float, float, float, float, int]:
    """Baseline mean, variant mean, mean paired difference, its standard error, pairs used."""
    both = ~(np.isnan(c.baseline) | np.isnan(c.variant))
    n = int(both.sum())
    if n == 0:
        nan = float("nan")
        return nan, nan, nan, nan, 0
    a, b = c.baseline[both], c.variant[both]
    d = b - a
    se = float(d.std(ddof=1) / np.sqrt(n)) if n > 1 else float("nan")
    return float(a.mean()), float(b.mean()), float(d.mean()), se, n
