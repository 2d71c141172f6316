"""Simulate a scenario: the static Monte Carlo or the monthly war engine, decided here.

Every surface (command line, web app, report, Python API) calls
:func:`simulate` and :func:`resume`; which engine runs is decided only by
:func:`realpolitik.app.scenarios.is_war`. Results go to the ``sink`` given
(the results store, or None to keep nothing), and where they run to the one
:class:`~realpolitik.sim.backends.BackendConfig` given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from realpolitik.app.condition import condition
from realpolitik.app.scenarios import is_war
from realpolitik.dynamics.api import DynamicsResult, resume_dynamics, simulate_dynamics
from realpolitik.dynamics.conditioned import ConditionedResult
from realpolitik.errors import InputError
from realpolitik.scenario import Scenario
from realpolitik.sim.backends import BackendConfig, BackendName
from realpolitik.sim.evaluate import KEEP
from realpolitik.sim.montecarlo import COMMIT_SECONDS, SimulationResult
from realpolitik.sim.montecarlo import resume as resume_static
from realpolitik.sim.montecarlo import simulate as simulate_static
from realpolitik.sim.sink import RunSink
from realpolitik.sim.static_issues import DEFAULT_MODEL

__all__ = [
    "KEEP",
    "BackendName",
    "ConditionedSimulation",
    "Simulation",
    "SimulationRequest",
    "StaticSimulation",
    "WarSimulation",
    "resume",
    "simulate",
]

Progress = Callable[[int, int], None]
StaticSimulation = SimulationResult
"""A static Monte Carlo's result: the outcome distribution of every issue."""
WarSimulation = DynamicsResult
"""A simulated war: events by month, terms, ground, deals, levers, and the static issues."""
ConditionedSimulation = ConditionedResult
"""A war conditioned on its scenario's observations (docs/dynamics.md)."""
Simulation = StaticSimulation | WarSimulation | ConditionedSimulation
"""What a simulation gives: the static Monte Carlo's result, the war engine's, or a
conditioned war's."""


@dataclass(frozen=True, kw_only=True)
class SimulationRequest:
    """What to simulate, whatever the engine.

    Attributes:
        runs: Monte Carlo runs.
        seed: master seed (None: fresh entropy, recorded in the result).
        model: the bargaining model (with a war: of the issues outside it);
            None for the default (compromise).
        params: the model's options (values may be distributions).
        keep: per-run rows to keep in the sink: ``none``, ``outcomes`` or ``trajectories``.
        commit_every: seconds between commits of finished blocks to the sink.
    """

    runs: int = 1000
    seed: int | None = None
    model: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    keep: str = "none"
    commit_every: float = COMMIT_SECONDS


def simulate(
    scenario: Scenario,
    request: SimulationRequest,
    *,
    settings: BackendConfig | None = None,
    sink: RunSink | None = None,
    progress: Progress | None = None,
) -> Simulation:
    """Run ``scenario`` many times on samples of its uncertain inputs and summarise it.

    A scenario with a war runs month by month (docs/dynamics.md), conditioned
    on its ``observations`` when it has some; any other, the model
    ``request.model`` on every issue (docs/uncertainty.md).

    Raises:
        InputError: bad options, model or scenario.
    """
    settings = settings or BackendConfig()
    if keep_needs_sink(request.keep, sink):
        raise InputError.one("per-run rows can only be kept in a results store", field="keep")
    common: dict[str, Any] = {
        "runs": request.runs,
        "seed": request.seed,
        "params": dict(request.params) or None,
        "keep": request.keep,
        "store": sink,
        "progress": progress,
        "commit_every": request.commit_every,
        **settings.options(),
    }
    if is_war(scenario) and scenario.observations:
        if request.keep != "none":
            raise InputError.one("per-run rows are not kept for a conditioned war", field="keep")
        return condition(
            scenario,
            runs=request.runs,
            seed=request.seed,
            model=request.model or DEFAULT_MODEL,
            params=dict(request.params) or None,
            progress=progress,
            sink=sink,
            **settings.options(),
        )
    if is_war(scenario):
        return simulate_dynamics(scenario, model=request.model or DEFAULT_MODEL, **common)
    return simulate_static(scenario, request.model or DEFAULT_MODEL, **common)


def keep_needs_sink(keep: str, sink: RunSink | None) -> bool:
    """Whether ``keep`` asks for rows that only a sink can hold."""
    return sink is None and keep != "none"


def resume(
    sink: RunSink,
    run_id: int,
    *,
    settings: BackendConfig | None = None,
    progress: Progress | None = None,
    commit_every: float = COMMIT_SECONDS,
) -> Simulation:
    """Finish the interrupted simulation ``run_id`` recorded in ``sink`` (either engine).

    The result is bit-identical to an uninterrupted run.

    Raises:
        InputError: no such run, not a simulation, or already complete.
    """
    options: dict[str, Any] = {
        "progress": progress,
        "commit_every": commit_every,
        **(settings or BackendConfig()).options(),
    }
    if sink.get(run_id).kind == "dynamics":
        return resume_dynamics(sink, run_id, **options)
    return resume_static(sink, run_id, **options)


def scenario_of(sink: RunSink, run_id: int) -> Scenario:
    """The scenario run ``run_id`` was made with."""
    return sink.scenario(run_id)
