"""The pages people use: scenario list and upload, scenario table and YAML editor,
run form, live progress, results with charts, two runs side by side."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from realpolitik.app import models, report_of_run
from realpolitik.app.results import document_of
from realpolitik.app.scenarios import model_notices
from realpolitik.errors import InputError
from realpolitik.io.roundtrip import text_diff
from realpolitik.io.scenario_file import scenario_from_data
from realpolitik.report import ReportData, sections
from realpolitik.store import open_store
from realpolitik.web.catalogue import Loaded
from realpolitik.web.compare import compare_rows
from realpolitik.web.deps import (
    catalogue_of,
    config_of,
    jobs_of,
    read_upload,
    run_record,
    scenario_or_404,
    start_job,
)
from realpolitik.web.forms import TableForm, apply_form, table_form, with_problems
from realpolitik.web.limits import shown
from realpolitik.web.whatif import controls

router = APIRouter(include_in_schema=False)


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """A page from its template."""
    page: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, name, context, status_code=status
    )
    return page


def _htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    """The scenario list, the upload form and the latest runs."""
    return render(request, "index.html.j2", _index_context(request))


def _index_context(request: Request, **extra: Any) -> dict[str, Any]:
    runs = list(reversed(open_store(config_of(request).store).list()))
    return {"entries": catalogue_of(request).entries(), "runs": runs[:20], **extra}


@router.post("/upload", response_class=HTMLResponse)
async def upload(
    request: Request, file: Annotated[UploadFile, File(description="the file")]
) -> Response:
    """Upload a file; its scenario page, or the list with every problem of the file."""
    try:
        content = await read_upload(request, file)
        loaded = catalogue_of(request).upload(file.filename, content)
    except HTTPException as exc:
        ctx = _index_context(request, upload_error=exc.detail)
        return render(request, "index.html.j2", ctx, exc.status_code)
    except InputError as exc:
        ctx = _index_context(request, upload_problems=exc.problems)
        return render(request, "index.html.j2", ctx, 400)
    return _see(f"/scenarios/{loaded.entry.id}")


def _scenario_context(request: Request, loaded: Loaded, **extra: Any) -> dict[str, Any]:
    data = ReportData(title=loaded.entry.title, scenario=loaded.scenario)
    context = {
        "entry": loaded.entry,
        "scenario": loaded.scenario,
        "notices": loaded.notices,
        "form": table_form(loaded.scenario),
        "text": loaded.text,
        "problems": [],
        "models": [spec.info for spec in models()],
        "sections": sections(data),
        "run_error": None,
        "saved": request.query_params.get("saved"),
        "can_undo": catalogue_of(request).can_undo(loaded.entry.id),
        "whatif": controls(loaded.scenario),
    }
    context.update(extra)
    return context


@router.get("/scenarios/{sid}", response_class=HTMLResponse)
def scenario(request: Request, sid: str) -> HTMLResponse:
    """A scenario: its table (editable), its text (editable), the run form, its actors."""
    loaded = scenario_or_404(request, sid)
    return render(request, "scenario.html.j2", _scenario_context(request, loaded))


def _partial(request: Request, name: str, context: dict[str, Any], ok: bool) -> HTMLResponse:
    """An htmx fragment (always 200, so htmx swaps it in), else a full-page status."""
    status = 200 if ok or _htmx(request) else 422
    return render(request, name, context, status)


def _moved(request: Request, sid: str) -> Response:
    url = f"/scenarios/{sid}?saved=copy"
    if _htmx(request):
        return Response(status_code=200, headers={"HX-Redirect": url})
    return _see(url)


@router.post("/scenarios/{sid}/table", response_class=HTMLResponse)
async def save_table(request: Request, sid: str) -> Response:
    """Save the edited table, or show each problem beside its cell."""
    loaded = scenario_or_404(request, sid)
    posted = await request.form()
    confirm = posted.get("confirm") == "1"
    values = {k: str(v) for k, v in posted.items() if k != "confirm"}
    try:
        sc = scenario_from_data(apply_form(loaded.scenario, values), file=loaded.entry.name)
    except InputError as exc:
        form = with_problems(loaded.scenario, values, list(exc.problems))
        return _partial(request, "_table_form.html.j2", _table_ctx(request, loaded, form), False)
    if not confirm:  # first show what the file will look like
        current, text = catalogue_of(request).edited_text(sid, sc)
        diff = text_diff(current.text, text, current.entry.name)
        form = with_problems(loaded.scenario, values, [])
        ctx = _table_ctx(request, loaded, form, diff=diff or "no change")
        return _partial(request, "_table_form.html.j2", ctx, True)
    saved = catalogue_of(request).save_scenario(sid, sc)
    if saved.entry.id != sid:
        return _moved(request, saved.entry.id)
    return _partial(request, "_table_form.html.j2", _table_ctx(request, saved, saved="saved"), True)


@router.post("/scenarios/{sid}/undo", response_class=HTMLResponse)
def undo(request: Request, sid: str) -> Response:
    """Go back to the version before the last save (again: forward)."""
    try:
        restored = catalogue_of(request).undo(sid)
    except InputError as exc:
        raise HTTPException(404, str(exc)) from None
    if not _htmx(request):
        return _see(f"/scenarios/{sid}")
    ctx = _table_ctx(request, restored, saved="restored")
    return _partial(request, "_table_form.html.j2", ctx, True)


def _table_ctx(
    request: Request,
    loaded: Loaded,
    form: TableForm | None = None,
    saved: str | None = None,
    diff: str | None = None,
) -> dict[str, Any]:
    return {
        "entry": loaded.entry,
        "scenario": loaded.scenario,
        "form": form or table_form(loaded.scenario),
        "saved": saved,
        "diff": diff,
        "can_undo": catalogue_of(request).can_undo(loaded.entry.id),
    }


@router.post("/scenarios/{sid}/yaml", response_class=HTMLResponse)
async def save_yaml(request: Request, sid: str) -> Response:
    """Save the edited text, or list every problem with its line beside the editor."""
    loaded = scenario_or_404(request, sid)
    text = str((await request.form()).get("text", ""))
    if len(text.encode()) > config_of(request).max_upload_bytes:
        raise HTTPException(413, "the text is larger than the upload limit")
    try:
        saved = catalogue_of(request).save_text(sid, text)
    except InputError as exc:
        ctx = {"entry": loaded.entry, "text": text, "problems": exc.problems, "saved": None}
        return _partial(request, "_yaml_form.html.j2", ctx, False)
    if saved.entry.id != sid:
        return _moved(request, saved.entry.id)
    ctx = {"entry": saved.entry, "text": saved.text, "problems": [], "saved": "saved"}
    return _partial(request, "_yaml_form.html.j2", ctx, True)


@router.post("/scenarios/{sid}/run", response_class=HTMLResponse)
async def run(request: Request, sid: str) -> Response:
    """Start a run; its progress page (or the scenario page with the reason it cannot run)."""
    loaded = scenario_or_404(request, sid)
    form = await request.form()
    try:
        runs = _int(form.get("runs"), "runs")
        runs = 1 if runs is None else runs
        seed = _int(form.get("seed"), "seed")
        job = start_job(request, sid, str(form.get("model", "compromise")), runs, seed)
    except InputError as exc:
        ctx = _scenario_context(request, loaded, run_error=str(exc))
        return render(request, "scenario.html.j2", ctx, 400)
    return _see(f"/jobs/{job.id}")


def _int(value: object, name: str) -> int | None:
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise InputError.one(f"{name} must be a whole number, got '{text}'", field=name) from None


@router.post("/scenarios/{sid}/delete")
def delete(request: Request, sid: str) -> Response:
    """Delete an uploaded scenario; back to the list."""
    try:
        catalogue_of(request).delete(sid)
    except InputError as exc:
        raise HTTPException(404, str(exc)) from None
    return _see("/")


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job(request: Request, job_id: str) -> HTMLResponse:
    """A run in progress: live progress, a cancel button, its error if it failed."""
    try:
        j = jobs_of(request).get(job_id)
    except InputError:
        raise HTTPException(404, f"no job '{shown(job_id)}'") from None
    return render(request, "job.html.j2", {"job": j})


@router.get("/runs", response_class=HTMLResponse)
def runs(request: Request) -> HTMLResponse:
    """Every stored run, with a form to compare two."""
    items = list(reversed(open_store(config_of(request).store).list()))
    return render(request, "runs.html.j2", {"runs": items})


@router.get("/runs/{run_id}", response_class=HTMLResponse)
def result(request: Request, run_id: int) -> HTMLResponse:
    """A run's results: the report's charts, and links to its report file and JSON."""
    record = run_record(request, run_id)
    if not record.complete:
        return render(request, "result.html.j2", {"record": record, "sections": []})
    data = report_of_run(open_store(config_of(request).store), run_id)
    notices = []
    if data.scenario is not None and record.model and record.kind in ("run", "simulate"):
        notices = model_notices(data.scenario, record.model, dict(record.params))
    ctx = {
        "record": record,
        "sections": sections(data),
        "footer": data.footer,
        "csv_base": f"/api/runs/{run_id}/tables",
        "notices": notices,
    }
    return render(request, "result.html.j2", ctx)


@router.get("/compare", response_class=HTMLResponse)
def compare(request: Request, a: int, b: int) -> HTMLResponse:
    """Two runs side by side: headline figures, then each run's charts."""
    rec_a, rec_b = run_record(request, a), run_record(request, b)
    store = config_of(request).store
    data_a = report_of_run(open_store(store), a) if rec_a.complete else None
    data_b = report_of_run(open_store(store), b) if rec_b.complete else None
    ctx = {
        "a": rec_a,
        "b": rec_b,
        "rows": compare_rows(document_of(rec_a), document_of(rec_b)),
        "sections_a": sections(data_a) if data_a else [],
        "sections_b": sections(data_b) if data_b else [],
    }
    return render(request, "compare.html.j2", ctx)
