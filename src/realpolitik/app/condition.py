"""The ``condition`` verb: a war's forecast conditioned on what happened (docs/dynamics.md).

Thin: attach the observations (a file, or the scenario's own block), run
:func:`realpolitik.dynamics.conditioned.condition_dynamics`, record the
document in the results store when one is given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from realpolitik.dynamics.api import stream_dynamics
from realpolitik.dynamics.conditioned import ConditionedResult, condition_dynamics
from realpolitik.dynamics.spec import compile_dynamics
from realpolitik.io.observations import with_observations
from realpolitik.results.schemas import Unconditioned, make
from realpolitik.scenario import Scenario
from realpolitik.sim.backends import BackendConfig, BackendName
from realpolitik.sim.sink import RunSink
from realpolitik.sim.static_issues import DEFAULT_MODEL


def condition(
    scenario: Scenario,
    observations: str | Path | None = None,
    *,
    runs: int = 10_000,
    seed: int | None = None,
    model: str = DEFAULT_MODEL,
    params: Mapping[str, Any] | None = None,
    backend: BackendName = "serial",
    workers: int | None = None,
    scheduler: str | None = None,
    chunk_blocks: int = 4,
    progress: Callable[[int, int], None] | None = None,
    sink: RunSink | None = None,
    baseline: bool = True,
) -> ConditionedResult:
    """Condition ``scenario``'s war on ``observations`` (a CSV or YAML file; None: its block).

    With ``baseline`` the ``conditioning`` block also holds the unconditioned
    forecast of the same runs and seed (``unconditioned``: each event's
    ``probability_by`` and the ground's quantiles), for the report and the web
    app to show beside the conditioned one. The run is recorded in ``sink``
    (kind ``dynamics``, with the scenario and its observations; the results
    store is one) when a sink is given; its id is the result's ``run_id``.
    """
    if observations is not None:
        scenario = with_observations(scenario, observations)
    result = condition_dynamics(
        scenario,
        runs=runs,
        seed=seed,
        model=model,
        params=params,
        backend=backend,
        workers=workers,
        scheduler=scheduler,
        chunk_blocks=chunk_blocks,
        progress=progress,
    )
    if baseline:
        config = BackendConfig(
            kind=backend, workers=workers, scheduler=scheduler, chunk_blocks=chunk_blocks
        )
        plain = stream_dynamics(compile_dynamics(scenario), runs, result.seed, config).summary()
        unconditioned = make(
            Unconditioned,
            events={k: e.probability_by for k, e in plain.events.items()},
            ground=plain.ground,
        )
        conditioning = result.conditioning.model_copy(update={"unconditioned": unconditioned})
        result = replace(result, conditioning=conditioning)
    if sink is None:
        return result
    run_id = sink.record(
        kind="dynamics",
        scenario=scenario,
        model=result.static.model,
        params=result.static.params,
        seed=result.seed,
        runs=runs,
        summary=result.to_json(),
        elapsed=result.elapsed,
        settings={
            "backend": backend,
            "workers": workers,
            "chunk_blocks": chunk_blocks,
            "observations": len(scenario.observations),
            "overrides": dict(params or {}),
        },
    )
    return replace(result, run_id=run_id)


def attach_observations(scenario: Scenario, observations: str | Path) -> Scenario:
    """``scenario`` with the observations of a CSV or YAML file (or a bundled name), checked.

    Raises:
        InputError: every problem of the file, by row or line and field.
    """
    return with_observations(scenario, observations)
