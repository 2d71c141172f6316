"""How each recommended strategy fares across the scenario's uncertainty.

A nested design separates what we do not know (the uncertain inputs: sizes,
priors, costs ... written as distributions in the file) from the chance in
a war (battles, events). ``outer`` draws of the uncertain inputs, each
followed by ``inner`` runs with their own battles and events; every
strategy sees the same draws (common random numbers). For each strategy and
the first objective this gives, per input draw, the objective given those
inputs: its distribution (quantiles), its mean, and its mean over the worst
decile of input draws. The best strategy on average and the best in the
worst decile may differ: that is the robustness question.

The inputs that most change a strategy's ranking: for each strategy, the
difference between its objective and the best-on-average strategy's (for
that best strategy, the runner-up's) across the input draws, and the
Spearman rank correlation of that difference with each uncertain input;
the inputs with the largest absolute correlation are those on which the
choice between them turns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from realpolitik.arrays import FloatArray
from realpolitik.dynamics.engine import run_months
from realpolitik.dynamics.inputs import make_inputs
from realpolitik.dynamics.optimize.evaluate import ROBUST, Problem, stream_rng
from realpolitik.dynamics.optimize.objectives import Objective
from realpolitik.dynamics.optimize.result import number
from realpolitik.dynamics.optimize.space import Candidate, apply
from realpolitik.results.optimize_document import RankingInput, RobustEntry, Robustness
from realpolitik.sim.backends import BackendConfig, Block, run_blocks

OUTER_PER_BLOCK = 8
TOP_INPUTS = 3


@dataclass(frozen=True)
class NestedBlock:
    """Work unit: ``OUTER_PER_BLOCK`` input draws × ``inner`` runs of candidate ``block.data``."""

    problem: Problem
    candidates: tuple[Candidate | None, ...]
    objective: int
    seed: int
    inner: int

    def __call__(self, block: Block) -> tuple[int, int, FloatArray, FloatArray]:
        rng = stream_rng(self.seed, ROBUST, block.index)
        dyn = self.problem.dyn
        n_outer, n = block.size, block.size * self.inner
        u_params = np.repeat(rng.random((n_outer, dyn.table.n_uniforms)), self.inner, axis=0)
        u_events = rng.random((n, len(dyn.events)))
        u_month = rng.random((dyn.horizon, 3, n))
        deal_rng = np.random.default_rng(int(rng.integers(2**63)))
        applied = apply(dyn, self.problem.space, self.candidates[int(block.data)])
        inp = applied(make_inputs(dyn, dyn.table.sample(u_params), dyn.salience_scale))
        out = run_months(applied.dyn, inp, u_events, u_month, deal_rng)
        q = self.problem.quantities[self.objective]
        values = q.per_run(dyn, out, self.problem.ref).reshape(n_outer, self.inner)
        with np.errstate(all="ignore"):
            means = _nanmean(values)
        return int(block.data), block.index, means, u_params[:: self.inner]


def _nanmean(values: FloatArray) -> FloatArray:
    counts = np.sum(~np.isnan(values), axis=1)
    sums = np.nansum(values, axis=1)
    out: FloatArray = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    return out


def conditional_values(
    problem: Problem,
    candidates: Sequence[Candidate | None],
    objective: int,
    seed: int,
    outer: int,
    inner: int,
    config: BackendConfig | None = None,
) -> tuple[FloatArray, FloatArray]:
    """``(C, outer)`` objective per input draw and per candidate, and the ``(outer, K)`` draws."""
    starts = range(0, outer, OUTER_PER_BLOCK)
    units = [
        Block(index=k, start=a, stop=min(a + OUTER_PER_BLOCK, outer), data=c)
        for c in range(len(candidates))
        for k, a in enumerate(starts)
    ]
    fn = NestedBlock(problem, tuple(candidates), objective, seed, inner)
    parts: dict[tuple[int, int], FloatArray] = {}
    draws: dict[int, FloatArray] = {}
    for chunk in run_blocks(fn, units, config):
        for c, k, means, u in chunk:
            parts[(c, k)] = means
            draws[k] = u
    n_blocks = len(starts)
    table = np.stack(
        [np.concatenate([parts[(c, k)] for k in range(n_blocks)]) for c in range(len(candidates))]
    )
    return table, np.concatenate([draws[k] for k in range(n_blocks)])


def _signed(objective: Objective, values: FloatArray) -> FloatArray:
    """Values with larger = better."""
    out: FloatArray = values if objective.direction == "maximize" else -values
    return out


def worst_decile(objective: Objective, values: FloatArray) -> float:
    """Mean of the objective over the worst tenth of the input draws (NaN draws ignored)."""
    v = values[~np.isnan(values)]
    if not v.size:
        return float("nan")
    s = np.sort(_signed(objective, v))
    worst = s[: max(1, int(np.ceil(0.1 * s.size)))]
    return float(np.mean(_signed(objective, worst)))


def ranking_inputs(diff: FloatArray, draws: FloatArray, keys: list[str]) -> list[RankingInput]:
    """The uncertain inputs most rank-correlated with a difference between two strategies."""
    ok = ~np.isnan(diff)
    if ok.sum() < 3 or np.ptp(diff[ok]) == 0:
        return []
    rhos: list[RankingInput] = []
    for j, key in enumerate(keys):
        col = draws[ok, j]
        if np.ptp(col) == 0:
            continue
        rho = float(stats.spearmanr(diff[ok], col).statistic)
        if not np.isnan(rho):
            rhos.append(RankingInput(input=key, spearman=rho))
    rhos.sort(key=lambda r: -abs(r.spearman))
    return rhos[:TOP_INPUTS]


def robustness(
    objective: Objective,
    names: list[str],
    table: FloatArray,
    draws: FloatArray,
    keys: list[str],
    runs_per_draw: int,
) -> Robustness:
    """The robustness document for strategies ``names`` (rows of ``table``), ``runs_per_draw``
    runs per draw of the uncertain inputs (an undefined figure is None)."""
    with np.errstate(all="ignore"):
        means = [
            float(np.nanmean(row)) if np.any(~np.isnan(row)) else float("nan") for row in table
        ]
    worst = [worst_decile(objective, row) for row in table]
    best_mean = _best(objective, means)
    best_worst = _best(objective, worst)
    entries = {}
    for i, name in enumerate(names):
        other = best_mean if i != best_mean else _runner_up(objective, means, best_mean)
        diff = _signed(objective, table[i] - table[other]) if other is not None else table[i] * 0
        q = (
            np.nanquantile(table[i], [0.05, 0.25, 0.5, 0.75, 0.95])
            if np.any(~np.isnan(table[i]))
            else [float("nan")] * 5
        )
        entries[name] = RobustEntry(
            mean=number(means[i]),
            worst_decile=number(worst[i]),
            quantiles={
                k: number(v) for k, v in zip(("5%", "25%", "50%", "75%", "95%"), q, strict=True)
            },
            compared_with=names[other] if other is not None else None,
            ranking_inputs=ranking_inputs(diff, draws, keys) if other is not None else [],
        )
    return Robustness(
        objective=objective.name,
        input_draws=int(table.shape[1]),
        runs_per_draw=runs_per_draw,
        strategies=entries,
        best_on_average=names[best_mean] if best_mean is not None else None,
        best_worst_decile=names[best_worst] if best_worst is not None else None,
    )


def _best(objective: Objective, values: list[float]) -> int | None:
    signed = [(_sign(objective) * v, i) for i, v in enumerate(values) if not np.isnan(v)]
    return max(signed)[1] if signed else None


def _runner_up(objective: Objective, values: list[float], best: int | None) -> int | None:
    rest = [v if i != best else float("nan") for i, v in enumerate(values)]
    return _best(objective, rest)


def _sign(objective: Objective) -> float:
    return 1.0 if objective.direction == "maximize" else -1.0
