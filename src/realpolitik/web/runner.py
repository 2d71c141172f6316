"""What a web run does: the same public API as the command line, recorded in the same store.

One run (``runs == 1``) of a static scenario is a deterministic forecast;
more runs are a Monte Carlo simulation; a scenario with a war runs the
monthly engine. Every result goes to the results store (simulations commit
their finished blocks as they go, so an interrupted one can be finished with
``realpolitik simulate --resume ID``); the job returns its run id. Nothing
here does maths.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from realpolitik.errors import InputError
from realpolitik.forecast import forecast
from realpolitik.results.document import run_document, scenario_hash
from realpolitik.scenario import Scenario
from realpolitik.sim.rng import check_seed
from realpolitik.store import Store, open_store, record_run
from realpolitik.web.jobs import Cleanup, Job, Progress, Work


@dataclass(frozen=True, kw_only=True)
class RunRequest:
    """What to run: a scenario (already loaded), a model, a run count, a seed."""

    scenario: Scenario
    model: str
    runs: int
    seed: int | None = None


def validate_request(req: RunRequest, max_runs: int) -> None:
    """Refuse run counts and seeds out of range before a job is queued."""
    if not 1 <= req.runs <= max_runs:
        raise InputError.one(f"runs must be between 1 and {max_runs}, got {req.runs}", field="runs")
    check_seed(req.seed)


def title_of(req: RunRequest) -> str:
    """A line for people: what the job runs."""
    what = "war dynamics" if req.scenario.is_dynamic else f"model {req.model}"
    return f"{req.scenario.metadata.title} — {what}, {req.runs} run(s)"


class Runner:
    """Turns a request into a job function that stores its result."""

    def __init__(self, store_path: Path) -> None:
        self.store_path = store_path

    def store(self) -> Store:
        """The results store (opened for each use: short transactions)."""
        return open_store(self.store_path)

    def work(self, req: RunRequest) -> tuple[Work, Cleanup]:
        """The job's function and its clean-up after a cancel."""
        before = self._last_id()

        def run(progress: Progress) -> int:
            if req.scenario.is_dynamic:
                return self._dynamic(req, progress)
            if req.runs == 1:
                return self._single(req, progress)
            return self._simulate(req, progress)

        def cleanup(job: Job) -> None:
            self._drop_incomplete(before, scenario_hash(req.scenario))

        return run, cleanup

    def _last_id(self) -> int:
        runs = self.store().list()
        return runs[-1].id if runs else 0

    def _single(self, req: RunRequest, progress: Progress) -> int:
        progress.note("forecasting")
        progress(0, 1)
        start = time.perf_counter()
        fc = forecast(req.scenario, model=req.model, seed=req.seed)
        doc = run_document(fc)
        progress(1, 1)
        run_id = record_run(self.store(), fc, doc, time.perf_counter() - start)
        progress.stored(run_id)
        return run_id

    def _simulate(self, req: RunRequest, progress: Progress) -> int:
        from realpolitik.sim import simulate

        progress.note("Monte Carlo")
        result = simulate(
            req.scenario,
            req.model,
            runs=req.runs,
            seed=req.seed,
            store=self.store(),
            progress=progress,
        )
        assert result.run_id is not None
        return int(result.run_id)

    def _dynamic(self, req: RunRequest, progress: Progress) -> int:
        from realpolitik.dynamics.api import simulate_dynamics

        if req.scenario.observations:
            from realpolitik.app.condition import condition

            progress.note("war dynamics, conditioned on what happened")
            done = condition(
                req.scenario,
                runs=req.runs,
                seed=req.seed,
                model=req.model,
                progress=progress,
                store=self.store(),
            )
            assert done.run_id is not None
            return int(done.run_id)

        progress.note("war dynamics, month by month")
        result = simulate_dynamics(
            req.scenario,
            runs=req.runs,
            seed=req.seed,
            model=req.model,
            progress=progress,
            store=self.store(),
        )
        assert result.run_id is not None
        return int(result.run_id)

    def _drop_incomplete(self, after: int, sha: str) -> None:
        """Delete the unfinished runs a cancelled job left (newer than ``after``, same scenario)."""
        store = self.store()
        for rec in store.list():
            if rec.id > after and not rec.complete and rec.scenario_hash == sha:
                store.delete(rec.id)
