"""Which uncertain inputs drive each outcome: Sobol and Morris indices (SALib).

The analysis works on the inputs' *probability scale*: SALib designs points in
the unit cube ``[0, 1]^K`` and each coordinate is mapped to a value by the
input's inverse CDF, exactly as in Monte Carlo. Sobol indices are invariant
under such a one-to-one reparametrisation of independent inputs, so they are
the indices of the inputs as distributed in the scenario (Saltelli et al.,
*Global Sensitivity Analysis: The Primer*, Wiley 2008, ch. 4); Morris
elementary effects are then measured per unit of probability, which makes
inputs with different units comparable. Coordinates are kept inside
``[0.001, 0.999]`` so that an unbounded normal is never asked for its 0 or
100 % point.

- ``sobol``: Saltelli's scheme with ``N`` base samples (a power of two; SALib
  ``sobol.sample``/``sobol.analyze``, first-order ``S1`` and total ``ST``
  indices with 95 % bootstrap confidence half-widths): ``N (K + 2)`` model runs.
- ``morris``: ``N`` trajectories of 4 levels (Campolongo et al. 2007's
  ``mu_star`` with its confidence half-width, and ``sigma``): ``N (K + 1)`` runs.

The model runs in blocks through the same backends as Monte Carlo.
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

import numpy as np

from realpolitik.arrays import FloatArray
from realpolitik.errors import InputError
from realpolitik.results.schemas import MorrisRow, SensitivityDocument, SobolRow, dump, make
from realpolitik.rng import BLOCK, master_seed
from realpolitik.scenario import Scenario
from realpolitik.sim.backends import BackendConfig, BackendName, Block, check_scheduler, run_blocks
from realpolitik.sim.budget import VALUE_BYTES, check_runs
from realpolitik.sim.evaluate import ModelBlock, Setup, make_setup
from realpolitik.sim.sink import RunSink

Rows = list[SobolRow] | list[MorrisRow]
"""One outcome's indices, one row per input."""

Method = Literal["sobol", "morris"]
METHODS: tuple[str, ...] = ("sobol", "morris")
EDGE = 0.001


@dataclass(frozen=True, kw_only=True)
class SensitivityResult:
    """Sensitivity indices of every outcome.

    Attributes:
        run_id: the id in the results store (None when not stored).
        method: ``sobol`` or ``morris``.
        model: the model's registry name.
        seed: the master seed.
        runs: ``N``, the base sample size (Sobol) or number of trajectories (Morris).
        evaluations: model runs made.
        inputs: the uncertain inputs.
        outcomes: per outcome (issue id, or ``issue[dimension]``), one row per
            input, most influential first.
        elapsed: seconds.
    """

    run_id: int | None
    method: str
    model: str
    seed: int
    runs: int
    evaluations: int
    inputs: tuple[str, ...]
    outcomes: dict[str, Rows]
    elapsed: float

    @cached_property
    def document(self) -> SensitivityDocument:
        """The typed ``sensitivity --json`` document."""
        return make(
            SensitivityDocument,
            run_id=self.run_id,
            method=self.method,
            model=self.model,
            seed=self.seed,
            runs=self.runs,
            evaluations=self.evaluations,
            inputs=list(self.inputs),
            outcomes=self.outcomes,
        )

    def to_json(self) -> dict[str, Any]:
        """The JSON document of ``realpolitik sensitivity --json``."""
        return dump(self.document)


def _num(x: Any) -> float | None:
    value = float(x)
    return value if math.isfinite(value) else None


def design(method: str, problem: dict[str, Any], n: int, seed: int) -> FloatArray:
    from SALib.sample import morris as morris_sample  # SALib (and pandas) load in 1 s: on demand
    from SALib.sample import sobol as sobol_sample

    salib_seed = seed % 2**32
    if method == "sobol":
        x = sobol_sample.sample(problem, n, calc_second_order=False, seed=salib_seed)
    else:
        x = morris_sample.sample(problem, n, num_levels=4, seed=salib_seed)
    return np.asarray(x, dtype=np.float64)


def analyse(method: str, problem: dict[str, Any], x: FloatArray, y: FloatArray, seed: int) -> Rows:
    """One outcome's indices: one row per input, the most influential first (``ST`` for
    Sobol, ``mu_star`` for Morris; an index SALib gave no finite number for is None)."""
    from SALib.analyze import morris as morris_analyze
    from SALib.analyze import sobol as sobol_analyze

    names = problem["names"]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        if method == "sobol":
            si = sobol_analyze.analyze(problem, y, calc_second_order=False, seed=seed % 2**32)
            keys, order = ("S1", "S1_conf", "ST", "ST_conf"), "ST"
        else:
            si = morris_analyze.analyze(problem, x, y, num_levels=4, seed=seed % 2**32)
            keys, order = ("mu", "mu_star", "mu_star_conf", "sigma"), "mu_star"

    def rank(row: SobolRow | MorrisRow) -> float:
        index = getattr(row, order)
        return -(index if index is not None else -math.inf)

    fields = [{k: _num(si[k][i]) for k in keys} for i in range(len(names))]
    if method == "sobol":
        sobol = [make(SobolRow, input=n, **f) for n, f in zip(names, fields, strict=True)]
        return sorted(sobol, key=rank)
    morris = [make(MorrisRow, input=n, **f) for n, f in zip(names, fields, strict=True)]
    return sorted(morris, key=rank)


def _outcome_names(scenario: Scenario) -> list[str]:
    names = []
    for issue in scenario.issues:
        dims = issue.dimensions or [""]
        names += [issue.id if len(dims) == 1 else f"{issue.id}[{d}]" for d in dims]
    return names


def _evaluate(setup: Setup, u: FloatArray, config: BackendConfig) -> FloatArray:
    blocks = [
        Block(index=k, start=a, stop=min(a + BLOCK, len(u)), data=u[a : a + BLOCK])
        for k, a in enumerate(range(0, len(u), BLOCK))
    ]
    y = np.empty((len(u), setup.width))
    for outcomes in run_blocks(ModelBlock(setup), blocks, config):
        for o in outcomes:
            y[o.start : o.start + o.forecasts.shape[0]] = o.forecasts
    return y


def check_design(method: str, runs: int, n_inputs: int) -> int:
    """Check the method, the runs and that there is something to analyse; return ``N``
    (Sobol: rounded up to a power of two, with a warning)."""
    if method not in METHODS:
        raise InputError.one(
            f"unknown method '{method}'; use one of {', '.join(METHODS)}", field="method"
        )
    if runs < 2:
        raise InputError.one(f"the number of runs must be at least 2, got {runs}", field="runs")
    if not n_inputs:
        raise InputError.one(
            "the scenario has no uncertain inputs to analyse; write distributions (e.g. "
            "'60 ± 10') or add an 'uncertainty' block (see docs/uncertainty.md)",
            field="uncertainty",
        )
    # each of the N (K + 2) design rows holds K inputs, twice (unit and scaled)
    check_runs(runs, 2 * VALUE_BYTES * n_inputs * (n_inputs + 2))
    if method == "sobol" and runs & (runs - 1):
        rounded = 1 << (runs - 1).bit_length()
        warnings.warn(
            f"Sobol sampling needs a power of two: using {rounded} base samples instead of {runs}",
            UserWarning,
            stacklevel=3,
        )
        return rounded
    return runs


def sensitivity_analysis(
    scenario: Scenario,
    model: str | None = None,
    *,
    method: str = "sobol",
    runs: int = 256,
    seed: int | None = None,
    params: Mapping[str, Any] | None = None,
    backend: BackendName = "serial",
    workers: int | None = None,
    scheduler: str | None = None,
    chunk_blocks: int = 4,
    store: RunSink | None = None,
) -> SensitivityResult:
    """Sobol or Morris indices of every uncertain input for every outcome.

    Static models only: :func:`realpolitik.app.sensitivity` also analyses a
    scenario with a ``war`` (on the monthly engine).

    Args:
        scenario: the scenario (it must have uncertain inputs).
        model: a registry name (default ``compromise``).
        method: ``sobol`` or ``morris``.
        runs: Sobol base sample size (rounded up to a power of two) or Morris trajectories.
        seed: master seed (design and stochastic models).
        params: model options overriding the scenario's.
        backend: ``serial``, ``processes`` or ``dask``.
        workers: worker processes.
        scheduler: address of an existing Dask scheduler.
        chunk_blocks: blocks of 1024 model runs per task.
        store: the results store to record the analysis in.

    Raises:
        InputError: unknown method, too few runs, no uncertain input, bad options.
    """
    start = time.perf_counter()
    config = BackendConfig(
        kind=backend, workers=workers, scheduler=scheduler, chunk_blocks=chunk_blocks
    )
    check_scheduler(config)  # before a run is recorded
    if scenario.war is not None:
        raise InputError.one(
            "a scenario with a war is analysed on the monthly engine: use "
            "realpolitik.app.sensitivity (the command line and web app do)",
            field="war",
        )
    model = model or "compromise"
    setup = make_setup(scenario, model, seed=master_seed(seed), params=params)
    n = check_design(method, runs, len(setup.plan.inputs))
    run_id = None
    if store is not None:
        run_id = store.start(
            kind="sensitivity",
            scenario=scenario,
            model=model,
            params=setup.params_json(),
            seed=setup.seed,
            runs=n,
            settings={
                "method": method,
                "backend": config.kind,
                "workers": config.n_workers,
                "overrides": dict(params or {}),
                "inputs": setup.plan.names,
            },
        )
    problem = {
        "num_vars": len(setup.plan.inputs),
        "names": setup.plan.names,
        "bounds": [[0.0, 1.0]] * len(setup.plan.inputs),
    }
    x = design(method, problem, n, setup.seed)
    y = _evaluate(setup, EDGE + (1 - 2 * EDGE) * x, config)
    outcomes = {
        name: analyse(method, problem, x, y[:, j], setup.seed)
        for j, name in enumerate(_outcome_names(scenario))
    }
    result = SensitivityResult(
        run_id=run_id,
        method=method,
        model=model,
        seed=setup.seed,
        runs=n,
        evaluations=len(x),
        inputs=tuple(setup.plan.names),
        outcomes=outcomes,
        elapsed=time.perf_counter() - start,
    )
    if store is not None and run_id is not None:
        store.finish(run_id, result.to_json(), elapsed=result.elapsed)
    return result
