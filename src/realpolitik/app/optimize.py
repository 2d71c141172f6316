"""The ``optimize`` verb: search a holder's strategies, recorded in the results store.

Thin: it runs :func:`realpolitik.dynamics.optimize.optimize_strategies` with
the store as the sink of finished trials. The run is recorded ``incomplete``
first (kind ``optimize``) with the request in its settings; each finished
batch of trials is committed (:mod:`realpolitik.store.trials`); at the end
the document is the run's summary. :func:`resume_optimize` finishes a
search that was interrupted (killed, Ctrl-C) from its recorded trials, with
the numbers of an uninterrupted search.
"""

from __future__ import annotations

import time
from dataclasses import asdict
from typing import Any

from realpolitik.app.failures import recording_failures
from realpolitik.dynamics.optimize import OptimizeResult, Request, TrialRecord, optimize_strategies
from realpolitik.dynamics.optimize.api import build
from realpolitik.rng import master_seed
from realpolitik.scenario import Scenario
from realpolitik.sim.backends import BackendConfig, check_scheduler
from realpolitik.store.runs import Store
from realpolitik.store.trials import add_trials, load_trials

KIND = "optimize"

OptimizeRequest = Request
"""What to search (:class:`realpolitik.dynamics.optimize.Request`), for the surfaces."""

__all__ = ["KIND", "OptimizeRequest", "OptimizeResult", "check", "optimize", "resume_optimize"]


def check(scenario: Scenario, request: Request) -> None:
    """Every problem of a request on a scenario, as one InputError (nothing is run)."""
    build(scenario, request)

Progress = Any


def optimize(
    scenario: Scenario,
    request: Request,
    config: BackendConfig | None = None,
    *,
    store: Store | None = None,
    progress: Progress | None = None,
) -> OptimizeResult:
    """Search (recorded in ``store`` unless None) and return the result."""
    config = config or BackendConfig()
    check_scheduler(config)
    master_seed(request.seed)  # a seed out of range is refused before anything is recorded
    if store is None:
        return optimize_strategies(scenario, request, config, progress=progress)
    check(scenario, request)  # bad options are refused before a run is recorded
    run_id = store.start(
        kind=KIND,
        scenario=scenario,
        model=None,
        params={},
        seed=request.seed,
        runs=request.runs,
        settings={"request": asdict(request), "backend": config.kind},
    )
    return _finish(store, run_id, scenario, request, config, progress, [], {})


def resume_optimize(
    store: Store, run_id: int, config: BackendConfig | None = None, progress: Progress | None = None
) -> OptimizeResult:
    """Finish an interrupted search recorded in ``store`` (InputError if none to finish)."""
    record = store.to_resume(run_id, KIND, "a strategy search")
    fields = dict(record.settings["request"])
    for key in ("objectives", "levers", "constraints"):
        fields[key] = tuple(fields[key])
    request = Request(**fields)
    done, study = load_trials(store, run_id)
    return _finish(
        store,
        run_id,
        store.scenario(run_id),
        request,
        config or BackendConfig(),
        progress,
        [TrialRecord(**d) for d in done],
        study,
    )


def _finish(
    store: Store,
    run_id: int,
    scenario: Scenario,
    request: Request,
    config: BackendConfig,
    progress: Progress | None,
    done: list[TrialRecord],
    study: dict[str, Any],
) -> OptimizeResult:
    since = time.perf_counter()

    def sink(batch: list[TrialRecord], attrs: dict[str, Any]) -> None:
        add_trials(store, run_id, [asdict(r) for r in batch], attrs)

    with recording_failures(store, run_id):  # an error marks it failed; Ctrl-C keeps it resumable
        result = optimize_strategies(
            scenario, request, config, done=done, study_attrs=study, sink=sink, progress=progress
        )
        result = OptimizeResult(document=result.document, run_id=run_id, trials=result.trials)
        store.finish(run_id, result.to_json(), elapsed=time.perf_counter() - since)
    return result
