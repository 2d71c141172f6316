"""The strategy-search page: a form on a war scenario, a background job, the front as results.

``GET /scenarios/{sid}/optimize`` shows the form (holder, objectives,
levers, a constraint, trials, runs, seed); ``POST`` checks it (a page with
every problem and HTTP 400 when something is wrong, nothing queued) and
queues a job that calls the application layer's ``optimize`` verb, recorded
in the results store; the job page shows its progress (candidate-runs done)
and the run's page shows the front as the report does.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from realpolitik.errors import InputError, Problem
from realpolitik.results.document import scenario_hash
from realpolitik.rng import check_seed
from realpolitik.scenario import Scenario
from realpolitik.web.catalogue import Loaded
from realpolitik.web.deps import config_of, jobs_of, scenario_or_404
from realpolitik.web.jobs import Job, Progress
from realpolitik.web.pages import render

router = APIRouter(include_in_schema=False)

MAX_TRIALS = 1000


def holders(sc: Scenario) -> dict[str, list[str]]:
    """Actors holding levers, with their levers' ids."""
    out: dict[str, list[str]] = {}
    for lv in sc.levers:
        out.setdefault(lv.holder, []).append(lv.id)
    return out


def _context(loaded: Loaded, form: dict[str, Any], problems: list[Problem]) -> dict[str, Any]:
    sc = loaded.scenario
    held = holders(sc)
    holder = form.get("holder") or ""
    if holder not in held:
        holder = "USA" if "USA" in held else next(iter(held), "")
    return {
        "entry": loaded.entry,
        "scenario": sc,
        "holders": held,
        "holder": holder,
        "form": form,
        "default_objective": _default_objective(sc),
        "problems": problems,
    }


def _default_objective(sc: Scenario) -> str:
    """P(settlement within a year), or within the horizon if shorter."""
    if sc.clock is None:
        return "settlement"
    from realpolitik.scenario.fields import month_labels

    months = month_labels(sc.clock)
    return f"settlement_by:{months[min(11, len(months) - 1)]}"


@router.get("/scenarios/{sid}/optimize", response_class=HTMLResponse)
def optimize_form(request: Request, sid: str) -> HTMLResponse:
    """The form of a strategy search on a scenario with a war."""
    loaded = scenario_or_404(request, sid)
    if loaded.scenario.war is None:
        problem = Problem(message="this scenario has no war: nothing to search", field="war")
        return render(request, "optimize.html.j2", _context(loaded, {}, [problem]), 400)
    chosen = {"holder": request.query_params.get("holder", "")}
    return render(request, "optimize.html.j2", _context(loaded, chosen, []))


def _number(form: dict[str, Any], name: str, default: int) -> int:
    text = str(form.get(name) or "").strip()
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        raise InputError.one(f"{name} must be a whole number, got '{text}'", field=name) from None


def request_of(form: dict[str, Any], levers: list[str], max_runs: int) -> Any:
    """The search request from the form (InputError with every problem)."""
    from realpolitik.app.optimize import OptimizeRequest as SearchRequest

    objectives = [str(form.get(k) or "").strip() for k in ("objective", "objective2")]
    constraint = str(form.get("constraint") or "").strip()
    trials, runs = _number(form, "trials", 40), _number(form, "runs", 1000)
    seed = _number(form, "seed", 1)
    problems = []
    if not 1 <= trials <= MAX_TRIALS:
        problems.append(Problem(message=f"trials must be 1 to {MAX_TRIALS}", field="trials"))
    if not 2 <= runs <= max_runs:
        problems.append(Problem(message=f"runs must be 2 to {max_runs}", field="runs"))
    if problems:
        raise InputError(problems)
    check_seed(seed)
    return SearchRequest(
        holder=str(form.get("holder") or ""),
        objectives=tuple(o for o in objectives if o),
        levers=tuple(levers),
        constraints=(constraint,) if constraint else (),
        trials=trials,
        runs=runs,
        seed=seed,
        robust_draws=32,
        robust_runs=64,
    )


@router.post("/scenarios/{sid}/optimize", response_class=HTMLResponse)
async def optimize_start(request: Request, sid: str) -> Response:
    """Check the form and queue the search; its progress page, or the form with the problems."""
    loaded = scenario_or_404(request, sid)
    raw = await request.form()
    form = {k: str(v) for k, v in raw.items() if k != "lever"}
    levers = [str(v) for v in raw.getlist("lever")]
    try:
        req = request_of(form, levers, config_of(request).max_runs)
        from realpolitik.app.optimize import check

        check(loaded.scenario, req)  # every problem before anything is queued
    except InputError as exc:
        ctx = _context(loaded, form, list(exc.problems))
        return render(request, "optimize.html.j2", ctx, 400)
    job = _submit(request, loaded.scenario, req)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


def _submit(request: Request, sc: Scenario, req: Any) -> Job:
    from realpolitik.app.optimize import optimize

    runner = request.app.state.runner
    before = runner._last_id()

    def work(progress: Progress) -> int:
        progress.note("strategy search")

        def report(done: int, total: int) -> None:
            progress(done * req.runs, total * req.runs)

        result = optimize(sc, req, store=runner.store(), progress=report)
        assert result.run_id is not None
        return int(result.run_id)

    def cleanup(job: Job) -> None:
        runner._drop_incomplete(before, scenario_hash(sc))

    title = f"{sc.metadata.title} — {req.holder}'s best strategies, {req.trials} × {req.runs} runs"
    return jobs_of(request).submit(title, work, cleanup)


def optimize_router() -> APIRouter:
    """The router (for the app to include)."""
    return router
