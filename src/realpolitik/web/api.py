"""The JSON API under ``/api`` (OpenAPI at ``/api/openapi.json``, a readable list at ``/api/docs``).

Scenarios (list, upload, read, replace, delete, validate), models, runs (start,
list, read, delete, report), jobs (state, cancel, server-sent progress).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, File, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from pydantic import BaseModel, Field

from realpolitik.app import models as model_specs
from realpolitik.app import report_of_run
from realpolitik.app.headline import headline_of
from realpolitik.errors import InputError
from realpolitik.report import render_report
from realpolitik.report.html import report_policy
from realpolitik.results.headline import headline_csv
from realpolitik.rng import SEED_MAX
from realpolitik.store import RunRecord, open_store
from realpolitik.web.catalogue import Catalogue, Entry, Loaded, parse_text
from realpolitik.web.deps import (
    catalogue_of,
    config_of,
    jobs_of,
    read_upload,
    run_record,
    scenario_or_404,
    start_job,
)
from realpolitik.web.jobs import FINAL, Job
from realpolitik.web.limits import shown

router = APIRouter(prefix="/api", tags=["api"])


class ProblemOut(BaseModel):
    """One problem of an input, with its location."""

    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None


class ProblemsOut(BaseModel):
    """An input error: its text and every problem."""

    detail: str
    problems: list[ProblemOut] = []


class ScenarioEntry(BaseModel):
    """A scenario in the list."""

    id: str
    source: str = Field(description="bundled, uploaded or stored")
    title: str
    name: str
    editable: bool
    actors: int
    issues: int


class ScenarioOut(ScenarioEntry):
    """A scenario: its entry, its data and its text."""

    data: dict[str, Any]
    text: str
    notices: list[str] = []


class ScenarioText(BaseModel):
    """The text of a scenario file (YAML or JSON)."""

    text: str = Field(max_length=2_000_000)
    name: str = "scenario.yaml"


class ValidationOut(BaseModel):
    """Whether a text is a valid scenario, and every problem if not."""

    ok: bool
    problems: list[ProblemOut] = []


class ModelOut(BaseModel):
    """A model of the registry."""

    name: str
    title: str
    summary: str
    reference: str
    deterministic: bool
    iterative: bool
    max_dims: int | None
    options: list[str]


class RunIn(BaseModel):
    """What to run."""

    scenario: str = Field(description="a scenario id from GET /api/scenarios")
    model: str = "compromise"
    runs: int = Field(
        1, ge=1, strict=True, description="1: one deterministic run; more: Monte Carlo"
    )
    seed: int | None = Field(None, ge=0, le=SEED_MAX, strict=True)


class JobOut(BaseModel):
    """A background run: status (queued, running, done, failed, cancelled) and progress."""

    id: str
    title: str
    status: str
    done: int
    total: int
    message: str
    error: str | None
    run_id: int | None
    cancelling: bool


class RunOut(BaseModel):
    """A run in the results store; ``summary`` is its result document."""

    id: int
    kind: str
    status: str
    created: str
    finished: str | None
    elapsed: float | None
    scenario_title: str
    scenario_hash: str
    model: str | None
    params: dict[str, Any]
    seed: int | None
    runs: int | None
    version: str
    name: str | None = None
    note: str | None = None
    tags: list[str] = []
    summary: dict[str, Any] | None = None


def _entry(e: Entry) -> ScenarioEntry:
    return ScenarioEntry(**vars(e))


def _scenario(loaded: Loaded) -> ScenarioOut:
    from realpolitik.io.scenario_file import scenario_to_data

    return ScenarioOut(
        **vars(loaded.entry),
        data=scenario_to_data(loaded.scenario),
        text=loaded.text,
        notices=loaded.notices,
    )


def _run(rec: RunRecord, with_summary: bool) -> RunOut:
    data = rec.to_json()
    if not with_summary:
        data["summary"] = None
    return RunOut(**{k: v for k, v in data.items() if k in RunOut.model_fields})


@router.get("/health")
def health() -> dict[str, str]:
    """The server is up; its version."""
    from realpolitik._version import __version__

    return {"status": "ok", "version": str(__version__)}


@router.get("/models", response_model=list[ModelOut])
def models() -> list[ModelOut]:
    """Every model, with what it supports."""
    out = []
    for spec in model_specs():
        i = spec.info
        out.append(
            ModelOut(
                name=i.name,
                title=i.title,
                summary=i.summary,
                reference=i.reference,
                deterministic=i.deterministic,
                iterative=i.iterative,
                max_dims=i.max_dims,
                options=sorted(spec.params.model_fields),
            )
        )
    return out


@router.get("/scenarios", response_model=list[ScenarioEntry])
def scenarios(request: Request) -> list[ScenarioEntry]:
    """Bundled, uploaded and stored scenarios."""
    return [_entry(e) for e in catalogue_of(request).entries()]


@router.post(
    "/scenarios",
    status_code=201,
    response_model=ScenarioOut,
    responses={400: {"model": ProblemsOut}, 413: {"model": ProblemsOut}},
)
async def upload(
    request: Request, file: Annotated[UploadFile, File(description="the file")]
) -> ScenarioOut:
    """Upload a scenario file, stakeholder or KTAB table, KTAB XML or DEU table."""
    content = await read_upload(request, file)
    return _scenario(catalogue_of(request).upload(file.filename, content))


@router.post("/validate", response_model=ValidationOut)
def validate(body: ScenarioText) -> ValidationOut:
    """Check a scenario text; every problem with its line and field."""
    try:
        parse_text(body.text, body.name)
    except InputError as exc:
        return ValidationOut(ok=False, problems=[ProblemOut(**vars(p)) for p in exc.problems])
    return ValidationOut(ok=True)


@router.get("/scenarios/{sid}", response_model=ScenarioOut, responses={404: {}})
def scenario(request: Request, sid: str) -> ScenarioOut:
    """One scenario: data and text."""
    return _scenario(scenario_or_404(request, sid))


@router.put(
    "/scenarios/{sid}",
    response_model=ScenarioOut,
    responses={400: {"model": ProblemsOut}, 404: {}},
)
def replace(request: Request, sid: str, body: ScenarioText) -> ScenarioOut:
    """Save a new text for a scenario (bundled or stored ones are saved as a new copy)."""
    scenario_or_404(request, sid)
    return _scenario(catalogue_of(request).save_text(sid, body.text))


@router.delete("/scenarios/{sid}", status_code=204, responses={404: {}})
def delete_scenario(request: Request, sid: str) -> Response:
    """Delete an uploaded scenario."""
    cat: Catalogue = catalogue_of(request)
    try:
        cat.delete(sid)
    except InputError as exc:
        raise HTTPException(404, str(exc)) from None
    return Response(status_code=204)


@router.post(
    "/runs", status_code=202, response_model=JobOut, responses={400: {"model": ProblemsOut}}
)
def start_run(request: Request, body: RunIn) -> JobOut:
    """Start a run in the background; follow it at /api/jobs/{id}."""
    job = start_job(request, body.scenario, body.model, body.runs, body.seed)
    return JobOut(**job.to_json())


@router.get("/runs", response_model=list[RunOut])
def runs(request: Request) -> list[RunOut]:
    """Every run in the results store, newest first (without their documents)."""
    store = open_store(config_of(request).store)
    return [_run(r, False) for r in reversed(store.list())]


@router.get("/runs/{run_id}", response_model=RunOut, responses={404: {}})
def run(request: Request, run_id: int) -> RunOut:
    """A stored run with its result document."""
    return _run(run_record(request, run_id), True)


@router.delete("/runs/{run_id}", status_code=204, responses={404: {}})
def delete_run(request: Request, run_id: int) -> Response:
    """Delete a stored run (to the bin: ``POST /api/runs/{id}/restore`` undoes it)."""
    run_record(request, run_id)
    open_store(config_of(request).store).delete(run_id)
    return Response(status_code=204)


@router.get("/runs/{run_id}/report", response_class=HTMLResponse, responses={404: {}})
def report(request: Request, run_id: int) -> HTMLResponse:
    """The run's self-contained HTML report (plotly.js inlined), under its own policy.

    The report's policy allows its two inline scripts by hash (the app's own
    policy allows no inline script, so the report would not draw under it).
    """
    run_record(request, run_id)
    data = report_of_run(open_store(config_of(request).store), run_id)
    headers = {
        "Content-Disposition": f'inline; filename="realpolitik-run-{run_id}.html"',
        "Content-Security-Policy": report_policy() + "; frame-ancestors 'none'",
    }
    return HTMLResponse(render_report(data), headers=headers)


@router.get("/runs/{run_id}/tables/{key}.csv", response_class=Response, responses={404: {}})
def headline_table(request: Request, run_id: int, key: str) -> Response:
    """One table of the run's headline (``settlement``, ``deals``, ``outside``, ``issues``,
    ``forecast``) as CSV, to download."""
    run_record(request, run_id)
    data = report_of_run(open_store(config_of(request).store), run_id)
    doc = data.simulation if data.simulation is not None else data.run
    tables = {} if doc is None else {t.key: t for t in headline_of(doc, data.scenario).tables}
    if key not in tables:
        raise HTTPException(404, f"run {run_id} has no summary table '{key}'")
    name = f"realpolitik-run-{run_id}-{key}.csv"
    return Response(
        headline_csv(tables[key]),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/jobs", response_model=list[JobOut])
def jobs(request: Request) -> list[JobOut]:
    """Recent background runs, newest first."""
    items = sorted(jobs_of(request).jobs.values(), key=lambda j: -j.created)
    return [JobOut(**j.to_json()) for j in items]


def _job(request: Request, job_id: str) -> Job:
    try:
        return jobs_of(request).get(job_id)
    except InputError:
        raise HTTPException(404, f"no job '{shown(job_id)}'") from None


@router.get("/jobs/{job_id}", response_model=JobOut, responses={404: {}})
def job(request: Request, job_id: str) -> JobOut:
    """A background run's state."""
    return JobOut(**_job(request, job_id).to_json())


@router.post("/jobs/{job_id}/cancel", response_model=JobOut, responses={404: {}})
def cancel(request: Request, job_id: str) -> JobOut:
    """Ask a run to stop (it stops at its next progress report)."""
    j = _job(request, job_id)
    j.cancel()
    return JobOut(**j.to_json())


@router.get(
    "/jobs/{job_id}/events", responses={404: {}, 200: {"content": {"text/event-stream": {}}}}
)
async def events(request: Request, job_id: str) -> StreamingResponse:
    """Server-sent events: ``progress`` while the job runs, then ``done``, ``failed`` or
    ``cancelled``; each event's data is the job's JSON."""
    j = _job(request, job_id)
    return StreamingResponse(
        _stream(request, j),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


async def _stream(request: Request, job: Job, poll: float = 0.15) -> AsyncIterator[str]:
    last: dict[str, Any] | None = None
    idle = 0.0
    while True:
        state = job.to_json()
        if state != last:
            yield f"event: progress\ndata: {json.dumps(state)}\n\n"
            last, idle = state, 0.0
        if state["status"] in FINAL:  # the snapshot's status, not the live one: the job's
            # thread may finish between the two reads, and a final event must carry the run id
            yield f"event: {state['status']}\ndata: {json.dumps(state)}\n\n"
            return
        if await request.is_disconnected():
            return
        await asyncio.sleep(poll)
        idle += poll
        if idle > 15:
            yield ": keep-alive\n\n"
            idle = 0.0


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def docs(request: Request) -> HTMLResponse:
    """A readable list of the API's endpoints (from the OpenAPI document; no CDN)."""
    spec = request.app.openapi()
    rows = [
        (method.upper(), path, op.get("summary", ""), (op.get("description") or "").strip())
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
    ]
    page: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, "api_docs.html.j2", {"rows": rows, "version": spec["info"]["version"]}
    )
    return page
