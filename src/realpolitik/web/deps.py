"""What the API and the pages share: the app's state, lookups that answer 404, uploads."""

from __future__ import annotations

from fastapi import HTTPException, Request, UploadFile

from realpolitik.app import check_model_name
from realpolitik.errors import InputError
from realpolitik.store import RunRecord, open_store
from realpolitik.web.catalogue import Catalogue, Loaded
from realpolitik.web.config import WebConfig
from realpolitik.web.jobs import Job, JobManager
from realpolitik.web.runner import Runner, RunRequest, title_of, validate_request

CHUNK = 64 * 1024


def config_of(request: Request) -> WebConfig:
    """The app's settings."""
    cfg: WebConfig = request.app.state.config
    return cfg


def catalogue_of(request: Request) -> Catalogue:
    """The scenarios."""
    cat: Catalogue = request.app.state.catalogue
    return cat


def jobs_of(request: Request) -> JobManager:
    """The background runs."""
    jobs: JobManager = request.app.state.jobs
    return jobs


def scenario_or_404(request: Request, sid: str) -> Loaded:
    """A scenario by id; 404 when there is none (or its stored run is gone)."""
    try:
        return catalogue_of(request).load(sid)
    except InputError as exc:
        if exc.problems[0].field in ("scenario", "run_id"):
            raise HTTPException(404, str(exc)) from None
        raise


def run_record(request: Request, run_id: int) -> RunRecord:
    """A stored run; 404 when there is none."""
    try:
        return open_store(config_of(request).store).get(run_id)
    except InputError as exc:
        raise HTTPException(404, str(exc)) from None


def too_large(limit: int) -> HTTPException:
    """The error of an upload over the limit."""
    return HTTPException(413, f"the file is larger than the limit of {limit:,} bytes")


async def read_upload(request: Request, file: UploadFile) -> bytes:
    """An uploaded file's bytes, refusing more than the limit (HTTP 413)."""
    limit = config_of(request).max_upload_bytes
    parts: list[bytes] = []
    size = 0
    while chunk := await file.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        parts.append(chunk)
    return b"".join(parts)


def start_job(request: Request, sid: str, model: str, runs: int, seed: int | None) -> Job:
    """Queue a run of a scenario; InputError for a bad model or run count."""
    loaded = scenario_or_404(request, sid)
    req = RunRequest(scenario=loaded.scenario, model=model, runs=runs, seed=seed)
    validate_request(req, config_of(request).max_runs)
    check_model_name(model)  # a war's static issues use it too
    runner: Runner = request.app.state.runner
    work, cleanup = runner.work(req)
    return jobs_of(request).submit(title_of(req), work, cleanup)
