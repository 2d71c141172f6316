"""Search the strategy space with Optuna: TPE for one objective, NSGA-II for several.

Why Optuna: its TPE sampler (Bergstra et al. 2011) handles the mixed space
of on/off switches, sizes, thresholds and months without gradients and with
few evaluations, and its NSGA-II sampler (Deb et al. 2002) gives the Pareto
front of several objectives; both are seeded. Optuna is an optional extra
(``pip install realpolitik[optimize]``), imported only here.

Determinism and resuming. Trials are asked in batches of ``batch`` (the
candidates of a batch are evaluated together, on every backend). The
sampler of trial ``n`` is seeded with ``(seed, n)``, so what it proposes
depends only on the seed and the trials told before it: a search resumed
from its recorded trials (replayed into a new study with their system
attributes) proposes exactly what the uninterrupted search would have.
Each finished batch goes to ``sink`` (the results store) before the next
one is asked.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from realpolitik.arrays import FloatArray
from realpolitik.dynamics.optimize.evaluate import SEARCH, Problem, evaluate
from realpolitik.dynamics.optimize.objectives import Constraint, Objective, estimate
from realpolitik.dynamics.optimize.space import Candidate, Space
from realpolitik.errors import InputError
from realpolitik.sim.backends import BackendConfig

WORST = 1e12
"""What Optuna is told for an objective that is undefined (no run settled): the worst."""


@dataclass(frozen=True, kw_only=True)
class SearchSpec:
    """What to search for and how hard."""

    objectives: tuple[Objective, ...]
    constraints: tuple[Constraint, ...] = ()
    trials: int = 100
    runs: int = 2000
    seed: int = 0
    batch: int = 10


@dataclass(frozen=True, kw_only=True)
class TrialRecord:
    """One evaluated candidate, as recorded in the store (JSON-able).

    ``values`` and ``stderr`` are per quantity (objectives, then the
    constraints' quantities), from the search's runs; ``excess`` per
    constraint (<= 0: met).
    """

    number: int
    params: dict[str, Any]
    values: dict[str, float]
    stderr: dict[str, float]
    excess: list[float]
    system_attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def feasible(self) -> bool:
        """Whether every constraint holds on the search's estimate."""
        return all(x <= 0 for x in self.excess)


Sink = Callable[[list[TrialRecord], dict[str, Any]], None]
Progress = Callable[[int, int], None]


def _optuna() -> Any:
    try:
        import optuna
    except ImportError:
        raise InputError.one(
            "the strategy search needs Optuna: pip install 'realpolitik[optimize]'",
            field="optimize",
        ) from None
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    return optuna


def distributions(optuna: Any, space: Space) -> dict[str, Any]:
    """Optuna's distribution of every setting of the space."""
    d = optuna.distributions
    out: dict[str, Any] = {}
    for c in space.choices:
        for name, bounds in c.bounds().items():
            key = f"{c.lever}.{name}"
            if bounds is None:
                out[key] = d.CategoricalDistribution((True, False))
            elif name == "start":
                out[key] = d.IntDistribution(int(bounds[0]), int(bounds[1]))
            else:
                out[key] = d.FloatDistribution(float(bounds[0]), float(bounds[1]))
    return out


def _sampler(optuna: Any, spec: SearchSpec, number: int) -> Any:
    seed = int(np.random.SeedSequence(spec.seed, spawn_key=(number,)).generate_state(1)[0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Optuna's experimental-feature warnings
        if len(spec.objectives) == 1:
            return optuna.samplers.TPESampler(seed=seed, n_startup_trials=min(10, spec.trials))
        population = int(min(50, max(10, spec.trials // 5)))
        return optuna.samplers.NSGAIISampler(seed=seed, population_size=population)


def quantities(spec: SearchSpec) -> tuple[Objective, ...]:
    """Objectives, then the constraints' quantities not among them (one each)."""
    out = list(spec.objectives)
    for c in spec.constraints:
        if c.objective.name not in {q.name for q in out}:
            out.append(c.objective)
    return tuple(out)


def record(spec: SearchSpec, number: int, params: Candidate, per_run: FloatArray) -> TrialRecord:
    """A trial's record from its ``(Q, runs)`` per-run quantities."""
    names = [q.name for q in quantities(spec)]
    est = [estimate(row) for row in per_run]
    values = {n: e[0] for n, e in zip(names, est, strict=True)}
    return TrialRecord(
        number=number,
        params=dict(params),
        values=values,
        stderr={n: e[1] for n, e in zip(names, est, strict=True)},
        excess=[c.excess(values[c.objective.name]) for c in spec.constraints],
    )


def told(spec: SearchSpec, rec: TrialRecord) -> list[float]:
    """The values Optuna is told (an undefined value becomes the worst)."""
    out = []
    for o in spec.objectives:
        v = rec.values[o.name]
        bad = -WORST if o.direction == "maximize" else WORST
        out.append(bad if math.isnan(v) else v)
    return out


def _replay(
    optuna: Any,
    study: Any,
    spec: SearchSpec,
    dists: dict[str, Any],
    done: Sequence[TrialRecord],
    attrs: dict[str, Any],
) -> None:
    for rec in sorted(done, key=lambda r: r.number):
        study.add_trial(
            optuna.trial.create_trial(
                params=rec.params,
                distributions=dists,
                values=told(spec, rec),
                system_attrs=rec.system_attrs,
            )
        )
    for key, value in attrs.items():
        study._storage.set_study_system_attr(study._study_id, key, value)


def search(
    problem: Problem,
    spec: SearchSpec,
    config: BackendConfig | None = None,
    *,
    done: Sequence[TrialRecord] = (),
    study_attrs: dict[str, Any] | None = None,
    sink: Sink | None = None,
    progress: Progress | None = None,
) -> list[TrialRecord]:
    """Run the search to ``spec.trials`` trials; return every trial's record, in order.

    ``done`` are trials recorded by an interrupted search with the same spec
    (and ``study_attrs`` its study's system attributes): they are replayed,
    not run again.
    """
    optuna = _optuna()
    study = optuna.create_study(directions=[o.direction for o in spec.objectives])
    dists = distributions(optuna, problem.space)
    _replay(optuna, study, spec, dists, done, study_attrs or {})
    records = sorted(done, key=lambda r: r.number)
    while len(records) < spec.trials:
        batch = _batch(optuna, study, problem, spec, dists, config)
        records.extend(batch)
        if sink is not None:
            sink(batch, dict(study._storage.get_study_system_attrs(study._study_id)))
        if progress is not None:
            progress(len(records), spec.trials)
    return records


def _batch(
    optuna: Any,
    study: Any,
    problem: Problem,
    spec: SearchSpec,
    dists: dict[str, Any],
    config: BackendConfig | None,
) -> list[TrialRecord]:
    """Ask a batch of trials, evaluate them together, tell their values."""
    asked = []
    for _ in range(min(spec.batch, spec.trials - len(study.trials))):
        study.sampler = _sampler(optuna, spec, len(study.trials))
        asked.append(study.ask(dists))
    per_run = evaluate(problem, [t.params for t in asked], spec.runs, spec.seed, SEARCH, config)
    out = []
    for trial, values in zip(asked, per_run, strict=True):
        rec = record(spec, trial.number, trial.params, values)
        for i, x in enumerate(rec.excess):
            trial.set_constraint(f"c{i}", min(x, WORST))
        study.tell(trial, told(spec, rec))
        attrs = dict(study.trials[trial.number].system_attrs)
        out.append(TrialRecord(**{**rec.__dict__, "system_attrs": attrs}))
    return out
