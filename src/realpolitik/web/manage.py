"""Managing runs on the web, and many runs or models in one chart.

Pages: a run's name, note and tags (``POST /runs/{id}/label``); deleting a run
asks first (``GET /runs/{id}/delete`` is the question, ``POST`` the answer) and
the list then offers to undo it (``POST /runs/{id}/restore``); the deleted runs
(``/runs/deleted``); any number of runs overlaid (``/compare/many?run=1&run=2…``)
and the models of one scenario (``/scenarios/{sid}/models?model=a&model=b…``).
API: ``PATCH /api/runs/{id}``, ``POST /api/runs/{id}/restore``,
``GET /api/runs/{id}/summary.csv``, ``GET /api/runs/deleted``. Every action goes
through the store (:mod:`realpolitik.store.runs`); nothing is ever purged from
the web (``realpolitik runs purge`` does that).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from realpolitik.app.compare import compare
from realpolitik.errors import InputError
from realpolitik.report.figures_overlay import (
    forecast_series,
    overlaid,
    overlay_figure,
    series_of,
    settlement_figure,
)
from realpolitik.results.summary_csv import summary_csv
from realpolitik.store import RunRecord, Store, open_store
from realpolitik.web.deps import config_of, run_record, scenario_or_404
from realpolitik.web.pages import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["api"])
MAX_OVERLAY = 20


class LabelIn(BaseModel):
    """New name, note or tags of a run (a field left out is unchanged; "" clears it)."""

    name: str | None = Field(None, max_length=200)
    note: str | None = Field(None, max_length=10_000)
    tags: list[str] | None = Field(None, max_length=50)


def _store(request: Request) -> Store:
    return open_store(config_of(request).store)


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _run_json(rec: RunRecord) -> dict[str, Any]:
    return {k: v for k, v in rec.to_json().items() if k != "summary"}


@api.patch("/runs/{run_id}", responses={404: {}, 400: {}})
def label_run(request: Request, run_id: int, body: LabelIn) -> dict[str, Any]:
    """Rename, annotate or tag a run."""
    run_record(request, run_id)
    return _run_json(_store(request).label(run_id, name=body.name, note=body.note, tags=body.tags))


@api.post("/runs/{run_id}/restore", responses={404: {}})
def restore_run(request: Request, run_id: int) -> dict[str, Any]:
    """Undo the deletion of a run."""
    return _run_json(_restore(request, run_id))


@api.get("/runs/deleted")
def deleted_runs(request: Request) -> list[dict[str, Any]]:
    """The deleted runs (restorable), newest first."""
    return [_run_json(r) for r in reversed(_store(request).list(deleted=True))]


@api.get("/runs/{run_id}/summary.csv", responses={404: {}})
def summary_download(request: Request, run_id: int) -> Response:
    """The run's summary as a CSV table (field, value), as a download."""
    record = run_record(request, run_id)
    return Response(
        summary_csv(record.summary),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="run-{run_id}-summary.csv"'},
    )


def _restore(request: Request, run_id: int) -> RunRecord:
    try:
        return _store(request).restore(run_id)
    except InputError as exc:
        raise HTTPException(404, str(exc)) from None


@pages.post("/runs/{run_id}/label")
async def label_page(request: Request, run_id: int) -> Response:
    """Save the run's name, note and tags from its page's form; back to the run."""
    run_record(request, run_id)
    form = await request.form()
    tags = str(form.get("tags", "")).replace(",", " ").split()
    _store(request).label(
        run_id, name=str(form.get("name", "")), note=str(form.get("note", "")), tags=tags
    )
    return _see(f"/runs/{run_id}?saved=1")


@pages.get("/runs/{run_id}/delete", response_class=HTMLResponse)
def delete_question(request: Request, run_id: int) -> HTMLResponse:
    """Ask before deleting a run."""
    return render(request, "run_delete.html.j2", {"record": run_record(request, run_id)})


@pages.post("/runs/{run_id}/delete")
def delete_answer(request: Request, run_id: int) -> Response:
    """Delete the run (to the bin); the list of runs then offers to undo it."""
    run_record(request, run_id)
    _store(request).delete(run_id)
    return _see(f"/runs?deleted={run_id}")


@pages.post("/runs/{run_id}/restore")
def restore_page(request: Request, run_id: int) -> Response:
    """Undo a deletion; back to the run."""
    _restore(request, run_id)
    return _see(f"/runs/{run_id}")


@pages.get("/runs/deleted", response_class=HTMLResponse)
def deleted_page(request: Request) -> HTMLResponse:
    """The deleted runs, each with a button to restore it."""
    items = list(reversed(_store(request).list(deleted=True)))
    return render(request, "runs_deleted.html.j2", {"runs": items})


@pages.get("/compare/many", response_class=HTMLResponse)
def compare_many(request: Request, run: Annotated[list[int], Query(min_length=1)]) -> HTMLResponse:
    """Any number of runs overlaid in one chart (and their wars' settlement by month)."""
    ids = list(dict.fromkeys(run))[:MAX_OVERLAY]
    records = [run_record(request, i) for i in ids]
    series = [
        series_of(f"run {r.id}: {r.label} ({r.model or r.kind})", overlaid(r.summary))
        for r in records
    ]
    return _overlay(request, f"Runs {', '.join(map(str, ids))}", series)


@pages.get("/scenarios/{sid}/models", response_class=HTMLResponse)
def compare_models_page(
    request: Request, sid: str, model: Annotated[list[str], Query(min_length=1)]
) -> HTMLResponse:
    """The models of one scenario overlaid in one chart (each at the inputs' means)."""
    loaded = scenario_or_404(request, sid)
    try:
        result = compare(loaded.scenario, model, seed=0)
    except InputError as exc:
        messages = [p.message for p in exc.problems]
        return render(
            request, "error.html.j2", {"title": "Cannot compare", "messages": messages}, 400
        )
    series = [forecast_series(m.model, m.forecast) for m in result.models]
    return _overlay(request, f"{loaded.entry.title}: {len(series)} models", series)


def _overlay(request: Request, title: str, series: list[Any]) -> HTMLResponse:
    figures = [("overlay", overlay_figure(series))]
    war = settlement_figure(series)
    if war is not None:
        figures.append(("settlement", war))
    keys = list(dict.fromkeys(k for s in series for k in s.values))
    rows = [[k, *[_num(s.values.get(k)) for s in series]] for k in keys]
    ctx = {"title": title, "series": series, "figures": figures, "rows": rows}
    return render(request, "compare_many.html.j2", ctx)


def _num(x: float | None) -> str:
    return "-" if x is None else f"{x:.4g}"
