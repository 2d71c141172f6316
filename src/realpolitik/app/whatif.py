"""What if: a scenario and some changes -> baseline, variant, paired difference, its error.

The application verb behind the web's live controls. Both versions run
``runs`` times with the same seed on common random numbers
(:mod:`realpolitik.dynamics.paired` for a war; the static Monte Carlo with the
same seed otherwise), so each difference is the changes' effect, with the
Monte Carlo standard error of paired differences. The baseline (compiled
scenario, random draws and outputs) is cached per scenario, seed and run
count, so a what-if computes only its variant.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import numpy as np
from pydantic import BaseModel

from realpolitik.dynamics.contrast import Contrast, paired_stats, war_contrasts
from realpolitik.dynamics.output import DynamicsOutput
from realpolitik.dynamics.paired import Draws, draw, run_draws
from realpolitik.dynamics.spec import CompiledDynamics, compile_dynamics
from realpolitik.errors import InputError
from realpolitik.io.overrides import Overrides, apply_overrides
from realpolitik.results.document import scenario_hash
from realpolitik.rng import check_seed
from realpolitik.scenario import Scenario
from realpolitik.sim import simulate
from realpolitik.sim.static_issues import static_scenario

DEFAULT_RUNS = 1000
DEFAULT_SEED = 2025
MAX_RUNS = 20_000
CACHE_SIZE = 8


class Metric(BaseModel):
    """One headline outcome in both versions.

    ``difference`` is the mean paired difference (variant - baseline) and
    ``stderr`` its Monte Carlo standard error; ``pairs`` the runs it is over.
    """

    key: str
    label: str
    kind: str
    baseline: float | None
    variant: float | None
    difference: float | None
    stderr: float | None
    pairs: int


class WhatIfResult(BaseModel):
    """A what-if: what was changed, how it was run, and each headline outcome."""

    scenario_title: str
    engine: str
    model: str | None
    runs: int
    seed: int
    overrides: Overrides
    metrics: list[Metric]
    elapsed: float
    baseline_cached: bool


@dataclass(frozen=True)
class _Baseline:
    dyn: CompiledDynamics
    draws: tuple[Draws, ...]
    output: DynamicsOutput
    static: dict[str, Any]  # the issues outside the war: issue id -> (runs, d) outcomes


_CACHE: OrderedDict[tuple[str, str, int, int, str], object] = OrderedDict()
_LOCK = threading.Lock()
_T = TypeVar("_T")


def what_if(
    scenario: Scenario,
    overrides: Overrides,
    *,
    runs: int = DEFAULT_RUNS,
    seed: int = DEFAULT_SEED,
    model: str = "compromise",
) -> WhatIfResult:
    """Run the scenario and its changed copy on common random numbers; compare headlines.

    Args:
        scenario: the baseline.
        overrides: the changes (:mod:`realpolitik.io.overrides`).
        runs: Monte Carlo runs of each version.
        seed: master seed shared by both versions.
        model: the static model (scenarios without a war).

    Raises:
        InputError: a change names nothing in the scenario or makes it invalid; runs or
            seed out of range.
    """
    if not 1 < runs <= MAX_RUNS:
        raise InputError.one(f"runs must be between 2 and {MAX_RUNS}, got {runs}", field="runs")
    check_seed(seed)
    start = time.perf_counter()
    variant = apply_overrides(scenario, overrides)
    if scenario.is_dynamic:
        metrics, cached = _war(scenario, variant, runs, seed, model)
        engine, used = "war", model
    else:
        metrics, cached = _static(scenario, variant, runs, seed, model)
        engine, used = "static", model
    return WhatIfResult(
        scenario_title=scenario.metadata.title,
        engine=engine,
        model=used,
        runs=runs,
        seed=seed,
        overrides=overrides,
        metrics=metrics,
        elapsed=time.perf_counter() - start,
        baseline_cached=cached,
    )


def variant_scenario(scenario: Scenario, overrides: Overrides) -> Scenario:
    """The changed scenario, titled as a what-if of the original (to save it as a file)."""
    changed = apply_overrides(scenario, overrides)
    title = f"{scenario.metadata.title} (what-if)"
    return changed.model_copy(
        update={"metadata": changed.metadata.model_copy(update={"title": title})}
    )


def _cached(key: tuple[str, str, int, int, str], compute: Callable[[], _T]) -> tuple[_T, bool]:
    """A baseline from the cache (and True), else computed, kept, and False."""
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is not None:
            _CACHE.move_to_end(key)
            return cast(_T, hit), True
    value = compute()
    with _LOCK:
        _CACHE[key] = value
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return value, False


def _baseline(scenario: Scenario, runs: int, seed: int, model: str) -> tuple[_Baseline, bool]:
    def compute() -> _Baseline:
        dyn = compile_dynamics(scenario)
        draws = draw(dyn, runs, seed)
        static = _outcomes(static_scenario(scenario), model, runs, seed)
        return _Baseline(dyn, draws, run_draws(dyn, draws, seed), static)

    return _cached(("war", scenario_hash(scenario), runs, seed, model), compute)


def _war(
    scenario: Scenario, variant: Scenario, runs: int, seed: int, model: str
) -> tuple[list[Metric], bool]:
    base, cached = _baseline(scenario, runs, seed, model)
    dyn = compile_dynamics(variant)
    out = run_draws(dyn, base.draws, seed, base=base.dyn.table)
    metrics = [_metric(c) for c in war_contrasts(base.dyn, base.output, out)]
    changed = _outcomes(static_scenario(variant), model, runs, seed)
    note = f" ({model}, outside the war)"
    return metrics + _issue_metrics(scenario, base.static, changed, note), cached


def _outcomes(scenario: Scenario | None, model: str, runs: int, seed: int) -> dict[str, Any]:
    """Per-run outcomes of each static issue (none for a scenario without any)."""
    if scenario is None:
        return {}
    return dict(simulate(scenario, model, runs=runs, seed=seed).outcomes)


def _static(
    scenario: Scenario, variant: Scenario, runs: int, seed: int, model: str
) -> tuple[list[Metric], bool]:
    key = ("static", scenario_hash(scenario), runs, seed, model)
    a, cached = _cached(key, lambda: _outcomes(scenario, model, runs, seed))
    b = _outcomes(variant, model, runs, seed)
    return _issue_metrics(scenario, a, b, ""), cached


def _issue_metrics(
    scenario: Scenario, a: dict[str, Any], b: dict[str, Any], note: str
) -> list[Metric]:
    metrics = []
    for issue in scenario.issues:
        if issue.id not in a or issue.id not in b:
            continue
        xa, xb = a[issue.id], b[issue.id]
        for d in range(xa.shape[1]):
            suffix = f" (dimension {d + 1})" if xa.shape[1] > 1 else ""
            contrast = Contrast(
                key=f"{issue.id}[{d}]" if xa.shape[1] > 1 else issue.id,
                label=f"{issue.name or issue.id}{suffix}: mean forecast{note}",
                kind="points",
                baseline=np.asarray(xa[:, d], float),
                variant=np.asarray(xb[:, d], float),
            )
            metrics.append(_metric(contrast))
    return metrics


def _metric(c: Contrast) -> Metric:
    a, b, diff, se, n = paired_stats(c)
    return Metric(
        key=c.key,
        label=c.label,
        kind=c.kind,
        baseline=_finite(a),
        variant=_finite(b),
        difference=_finite(diff),
        stderr=_finite(se),
        pairs=n,
    )


def _finite(x: float) -> float | None:
    return None if not np.isfinite(x) else float(x)


def describe(result: WhatIfResult) -> dict[str, Any]:
    """The result as JSON-ready data."""
    return result.model_dump(mode="json")
