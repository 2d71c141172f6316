"""A war's forecast conditioned on what happened: :func:`condition_dynamics`.

Runs the engine from the scenario's start, weighs every run by the
observations (:mod:`.observe`), resamples and runs the picked runs on to the
horizon (:mod:`.condition`), and summarises them exactly as an unconditioned
simulation (:mod:`.stream`): ``events.<id>.probability_by`` is still the
share of runs in which the event had happened by each month, now among runs
consistent with the observations. The document adds ``conditioning``: the
month of the last observation (``as_of``; the forecast proper starts the
month after), the number of observations, the effective sample size
(Kish 1965: ``(Σw)² / Σw²``), the runs, a notice when the ESS is below
:data:`ESS_MIN`, what each observation weighed, and the inputs' prior and
posterior means.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import numpy as np

from realpolitik.arrays import FloatArray
from realpolitik.dynamics.api import war_document
from realpolitik.dynamics.condition import (
    ContinueBlock,
    WeighBlock,
    Weighed,
    plan,
    systematic,
)
from realpolitik.dynamics.observe import CompiledObservations, compile_observations
from realpolitik.dynamics.spec import CompiledDynamics, compile_dynamics
from realpolitik.dynamics.stream import Summaries
from realpolitik.dynamics.summary import WarSummary
from realpolitik.errors import InputError
from realpolitik.results.schemas import (
    Conditioning,
    DynamicDocument,
    InputPosterior,
    ObservationWeight,
    dump,
    make,
)
from realpolitik.rng import BLOCK, master_seed
from realpolitik.scenario import Scenario
from realpolitik.sim.backends import (
    BackendConfig,
    BackendName,
    check_scheduler,
    make_blocks,
    run_blocks,
)
from realpolitik.sim.budget import VALUE_BYTES, check_runs
from realpolitik.sim.static_issues import DEFAULT_MODEL, StaticIssues, simulate_static_issues

Progress = Callable[[int, int], None]

ESS_MIN = 1000.0
"""Below this effective sample size, or number of distinct input draws among the runs, a
notice says how many runs to add (about ±1.6 points of standard error on a probability
of 1/2)."""


@dataclass(frozen=True, kw_only=True)
class ConditionedResult:
    """A conditioned forecast: the summary of the resampled runs and the ``conditioning`` block."""

    dyn: CompiledDynamics
    seed: int
    runs: int
    summary: WarSummary
    conditioning: Conditioning
    static: StaticIssues
    run_id: int | None = None
    elapsed: float = 0.0

    @cached_property
    def document(self) -> DynamicDocument:
        """The typed dynamic ``simulate --json`` document, with its ``conditioning`` block."""
        return war_document(
            self.dyn, self.runs, self.seed, self.static, self.summary, None, self.conditioning
        )

    def to_json(self) -> dict[str, Any]:
        """The dynamic ``simulate --json`` document with its ``conditioning`` block."""
        return dump(self.document)


def condition_dynamics(
    scenario: Scenario,
    *,
    runs: int = 10_000,
    seed: int | None = None,
    model: str = DEFAULT_MODEL,
    params: Mapping[str, Any] | None = None,
    backend: BackendName = "serial",
    workers: int | None = None,
    scheduler: str | None = None,
    chunk_blocks: int = 4,
    progress: Progress | None = None,
    with_static: bool = True,
) -> ConditionedResult:
    """Simulate a war ``runs`` times conditioned on the scenario's ``observations``.

    Args:
        scenario: a validated scenario with ``clock``, ``war`` and ``observations``.
        runs, seed, model, params, backend, workers, scheduler, chunk_blocks:
            as :func:`realpolitik.dynamics.api.simulate_dynamics`.
        progress: called with (runs done, runs in total) in each pass.
        with_static: also forecast the static issues (they do not depend on the war).

    Raises:
        InputError: no observations, or no run consistent with them (the
            error names the observation that ruled the last ones out).
    """
    if not scenario.observations:
        raise InputError.one("there are no observations to condition on", field="observations")
    months = scenario.clock.horizon if scenario.clock is not None else 1
    check_runs(runs, VALUE_BYTES * months)
    config = BackendConfig(
        kind=backend, workers=workers, scheduler=scheduler, chunk_blocks=chunk_blocks
    )
    check_scheduler(config)
    since = time.perf_counter()
    seed = master_seed(seed)
    dyn = compile_dynamics(scenario)
    assert scenario.clock is not None
    obs = compile_observations(dyn, list(scenario.observations), scenario.clock.start)
    dyn = replace(dyn, pin_frac=obs.pin_frac, pin_add=obs.pin_add)
    weighed = _weigh(dyn, obs, runs, seed, config, progress)
    logw = np.concatenate([w.logw for w in weighed])
    if not np.isfinite(logw).any():
        raise _ruled_out(obs, weighed, runs)
    counts = systematic(logw, seed)
    summaries = Summaries(dyn, runs)
    sums: dict[int, FloatArray] = {}
    distinct = done = 0
    for chunk in run_blocks(ContinueBlock(dyn, obs, seed), plan(counts, runs), config):
        for part in chunk:
            for d in part.digests:
                summaries.add(d)
                done += d.batch
            sums[part.digests[0].index] = part.sums
            distinct += part.distinct
        if progress is not None:
            progress(done, runs)
    posterior = np.sum([sums[k] for k in sorted(sums)], axis=0)
    prior = np.sum([w.sums for w in weighed], axis=0)
    static = StaticIssues(model=model, params={}, issues={})
    if with_static:
        static = simulate_static_issues(
            scenario,
            model,
            runs=runs,
            seed=seed,
            params=dict(params or {}) or None,
            backend=config.kind,
            workers=config.workers,
            scheduler=config.scheduler,
            chunk_blocks=config.chunk_blocks,
        )
    conditioning = conditioning_block(dyn, obs, logw, weighed, prior, posterior, distinct)
    return ConditionedResult(
        dyn=dyn,
        seed=seed,
        runs=runs,
        summary=summaries.summary(),
        conditioning=conditioning,
        static=static,
        elapsed=time.perf_counter() - since,
    )


def _weigh(
    dyn: CompiledDynamics,
    obs: CompiledObservations,
    runs: int,
    seed: int,
    config: BackendConfig,
    progress: Progress | None,
) -> list[Weighed]:
    parts: dict[int, Weighed] = {}
    for chunk in run_blocks(WeighBlock(dyn, obs, seed), make_blocks(runs), config):
        for w in chunk:
            parts[w.index] = w
        if progress is not None:
            progress(sum(w.logw.shape[0] for w in parts.values()), runs)
    return [parts[k] for k in sorted(parts)]


def _ruled_out(obs: CompiledObservations, weighed: list[Weighed], runs: int) -> InputError:
    """The error naming the observation after which no run was left (the last to die)."""
    k = max(w.died for w in weighed)
    return InputError.one(
        f"no run is consistent with the observations: '{obs.labels[k]}' ruled out the last "
        f"runs of {runs} (those still consistent with the observations weighed before it, "
        "resampled month by month); check that observation against the others, or run "
        "more runs",
        field="observations",
    )


def ess(logw: FloatArray) -> float:
    """Kish's effective sample size ``(Σw)² / Σw²`` of log-weights (0 if none is finite)."""
    if not np.isfinite(logw).any():
        return 0.0
    w = np.exp(logw - logw.max())
    return float(w.sum() ** 2 / (w * w).sum())


def conditioning_block(
    dyn: CompiledDynamics,
    obs: CompiledObservations,
    logw: FloatArray,
    weighed: list[Weighed],
    prior: FloatArray,
    posterior: FloatArray,
    distinct: int | None = None,
) -> Conditioning:
    """The document's ``conditioning`` block (module docstring); ``distinct``: the distinct
    draws of the uncertain inputs among the runs (left out when None)."""
    runs = logw.shape[0]
    size = ess(logw)
    extra = {} if distinct is None else {"distinct_draws": distinct}
    return make(
        Conditioning,
        as_of=obs.as_of,
        observations=len(obs.labels) + obs.n_levers,
        ess=size,
        runs=runs,
        ess_min=ESS_MIN,
        notice=notice(size, runs, distinct),
        weights=_removed(obs, weighed, runs),
        posterior=_moments(dyn, prior, posterior, runs),
        **extra,
    )


def notice(size: float, runs: int, distinct: int | None = None) -> str | None:
    """What to do when the ESS, or the number of distinct input draws the runs carry, is
    below :data:`ESS_MIN` (None when neither is)."""
    low = size if distinct is None else min(size, float(distinct))
    if low >= ESS_MIN:
        return None
    what = (
        f"the effective sample size is {size:.0f}"
        if low == size
        else f"the runs carry {distinct} distinct draws of the uncertain inputs (ESS {size:.0f})"
    )
    more = math.ceil(runs * ESS_MIN / max(low, 1.0) / BLOCK) * BLOCK
    return (
        f"{what}, below {ESS_MIN:.0f}: the conditioned forecast rests on few distinct runs; "
        f"run about {more} runs (--runs {more}) instead of {runs}"
    )


def _removed(
    obs: CompiledObservations, weighed: list[Weighed], runs: int
) -> list[ObservationWeight]:
    """Per observation, in the order weighed: the share of the weight left by the ones
    before it that it removed (from the blocks' evidence estimates)."""
    if not obs.labels:
        return []
    evidence = np.stack([w.evidence for w in weighed])  # (blocks, checks)
    totals = [math.log(runs), *(_logsum(evidence[:, j]) for j in range(evidence.shape[1]))]
    out = []
    for j, label in enumerate(obs.labels):
        before, after = totals[j], totals[j + 1]
        kept = math.exp(after - before) if math.isfinite(after) else 0.0
        removed = min(max(1.0 - kept, 0.0), 1.0)
        out.append(make(ObservationWeight, observation=label, removed=removed))
    return out


def _logsum(x: FloatArray) -> float:
    if not np.isfinite(x).any():
        return -math.inf
    m = float(x.max())
    return m + math.log(float(np.exp(x - m).sum()))


def _moments(
    dyn: CompiledDynamics, prior: FloatArray, posterior: FloatArray, runs: int
) -> dict[str, InputPosterior]:
    """Per uncertain input: prior and posterior mean and standard deviation."""
    out = {}
    for j, key in enumerate(dyn.table.uncertain_keys()):
        pm, psd = _mean_sd(prior[j], runs)
        qm, qsd = _mean_sd(posterior[j], runs)
        out[key] = make(InputPosterior, prior_mean=pm, prior_sd=psd, mean=qm, sd=qsd)
    return out


def _mean_sd(sums: FloatArray, n: int) -> tuple[float, float]:
    mean = float(sums[0] / n)
    return mean, float(math.sqrt(max(float(sums[1] / n) - mean * mean, 0.0)))
