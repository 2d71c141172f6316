"""Add an observation to a war's run and run it again, conditioned (docs/web.md).

``POST /runs/{id}/observe`` takes one observation (date, kind, subject,
value, sd) from the form on a war run's page, adds it to the observations
the run's scenario already had, checks it against the scenario, and starts
the conditioned run (:func:`realpolitik.app.condition.condition`, through
the app's job queue); a problem re-shows the run's page with each problem
and status 400.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from realpolitik.app import report_of_run
from realpolitik.errors import InputError, Problem
from realpolitik.report import sections
from realpolitik.scenario import Scenario
from realpolitik.scenario.observations import Observation, observation_problems
from realpolitik.store import open_store
from realpolitik.web.deps import config_of, jobs_of, run_record
from realpolitik.web.pages import render
from realpolitik.web.runner import Runner, RunRequest, title_of, validate_request

router = APIRouter(include_in_schema=False)

FIELDS = ("date", "kind", "subject", "value", "sd")


@router.post("/runs/{run_id}/observe")
async def observe(request: Request, run_id: int) -> Response:
    """Rerun a war's run with one more observation; its progress page, or the problems."""
    record = run_record(request, run_id)
    form = {k: str(v).strip() for k, v in (await request.form()).items()}
    try:
        if record.kind != "dynamics":
            raise InputError.one("only a war's run can be conditioned", field="run")
        base = open_store(config_of(request).store).scenario(run_id)
        scenario = with_one_more(base, form)
        runs = _whole(form.get("runs"), "runs", record.runs or 1000)
        seed = _whole(form.get("seed"), "seed", record.seed)
        req = RunRequest(
            scenario=scenario, model=record.model or "compromise", runs=runs, seed=seed
        )
        validate_request(req, config_of(request).max_runs)
    except InputError as exc:
        return _again(request, run_id, form, list(exc.problems))
    runner: Runner = request.app.state.runner
    work, cleanup = runner.work(req)
    job = jobs_of(request).submit(title_of(req), work, cleanup)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


def with_one_more(scenario: Scenario, form: dict[str, str]) -> Scenario:
    """``scenario`` with the form's observation added; InputError naming each bad field."""
    item: dict[str, Any] = {k: form[k] for k in FIELDS if form.get(k)}
    try:
        obs = Observation.model_validate(item)
    except ValidationError as exc:
        raise InputError(
            Problem(
                message=str(e["msg"]).removeprefix("Value error, "),
                field=".".join(str(x) for x in e["loc"]) or "value",
            )
            for e in exc.errors()
        ) from None
    out = scenario.model_copy(update={"observations": [*scenario.observations, obs]})
    problems = [
        Problem(message=msg, field=str(loc[-1]) if len(loc) > 2 else "observations")
        for loc, msg in observation_problems(out)
    ]
    if problems:
        raise InputError(problems)
    return out


def _whole(text: str | None, name: str, default: int | None) -> Any:
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        raise InputError.one(f"{name} must be a whole number, got '{text}'", field=name) from None


def _again(
    request: Request, run_id: int, form: dict[str, str], problems: list[Problem]
) -> Response:
    record = run_record(request, run_id)
    store = open_store(config_of(request).store)
    data = report_of_run(store, run_id) if record.complete else None
    ctx = {
        "record": record,
        "sections": sections(data) if data else [],
        "footer": data.footer if data else {},
        "observe_values": form,
        "observe_problems": problems,
    }
    return render(request, "result.html.j2", ctx, 400)
