"""What a web run does: the application layer's verbs, recorded in the results store.

One run (``runs == 1``) of a scenario without a war is a deterministic
forecast; anything else is a simulation (:func:`realpolitik.app.simulate`
decides between the static Monte Carlo and the monthly war engine). Every
result goes to the results store (simulations commit their finished blocks as
they go, so an interrupted one can be resumed); the job returns its run id.
Nothing here does maths.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from realpolitik.app import SimulationRequest, forecast, is_war, simulate
from realpolitik.errors import InputError
from realpolitik.results.document import scenario_hash
from realpolitik.rng import check_seed
from realpolitik.scenario import Scenario
from realpolitik.store import Store, open_store
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
    what = "war dynamics" if is_war(req.scenario) else f"model {req.model}"
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
            if req.runs == 1 and not is_war(req.scenario):
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
        result = forecast(req.scenario, req.model, seed=req.seed, sink=self.store())
        progress(1, 1)
        assert result.run_id is not None
        progress.stored(result.run_id)
        return result.run_id

    def _simulate(self, req: RunRequest, progress: Progress) -> int:
        war = is_war(req.scenario)
        progress.note("war dynamics, month by month" if war else "Monte Carlo")
        request = SimulationRequest(runs=req.runs, seed=req.seed, model=req.model)
        result = simulate(req.scenario, request, sink=self.store(), progress=progress)
        assert result.run_id is not None
        return int(result.run_id)

    def _drop_incomplete(self, after: int, sha: str) -> None:
        """Delete the unfinished runs a cancelled job left (newer than ``after``, same scenario)."""
        store = self.store()
        for rec in store.list():
            if rec.id > after and not rec.complete and rec.scenario_hash == sha:
                store.purge([rec.id])
