"""The web app: FastAPI, server-rendered pages (htmx), a JSON API, assets served locally.

``create_app(config)`` builds the app; ``realpolitik serve`` runs it with
uvicorn on 127.0.0.1 unless told otherwise (then with a token). Every asset
(htmx, plotly.js, styles) comes from the installed packages, never a CDN.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from realpolitik.errors import InputError, Problem
from realpolitik.report.html import figure_json, plotly_js
from realpolitik.web.api import router as api_router
from realpolitik.web.author import router as author_router
from realpolitik.web.catalogue import Catalogue
from realpolitik.web.config import WebConfig
from realpolitik.web.jobs import JobManager
from realpolitik.web.manage import api as manage_api
from realpolitik.web.manage import pages as manage_pages
from realpolitik.web.observe import router as observe_router
from realpolitik.web.optimize import optimize_router
from realpolitik.web.pages import render
from realpolitik.web.pages import router as pages_router
from realpolitik.web.runner import Runner
from realpolitik.web.security import Guard
from realpolitik.web.whatif import router as whatif_router

STATIC = Path(str(resources.files("realpolitik.web") / "static"))


@functools.cache
def _draw_js() -> str:
    return (resources.files("realpolitik.report") / "templates" / "_draw.js").read_text("utf-8")


def templates() -> Jinja2Templates:
    """Templates of the app, which can include the report's (``_sections.html.j2``)."""
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.PackageLoader("realpolitik.web", "templates"),
                jinja2.PackageLoader("realpolitik.report", "templates"),
            ]
        ),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["figure_json"] = figure_json
    return Jinja2Templates(env=env)


def create_app(config: WebConfig | None = None) -> FastAPI:
    """The app, with its state: catalogue of scenarios, job queue, results store."""
    cfg = config or WebConfig.default()
    jobs = JobManager()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        jobs.shutdown()

    from realpolitik._version import __version__

    app = FastAPI(
        title="realpolitik",
        version=str(__version__),
        description="Scenarios, runs and results of realpolitik, as JSON.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.config = cfg
    app.state.catalogue = Catalogue(cfg)
    app.state.jobs = jobs
    app.state.runner = Runner(cfg.store)
    app.state.templates = templates()
    app.add_middleware(Guard, config=cfg)
    _assets(app)
    _errors(app)
    app.include_router(manage_api)  # before /api/runs/{run_id}: /api/runs/deleted
    app.include_router(manage_pages)  # before /runs/{run_id}: /runs/deleted
    app.include_router(api_router)
    app.include_router(whatif_router)
    app.include_router(pages_router)
    app.include_router(author_router)
    app.include_router(observe_router)
    app.include_router(optimize_router())
    return app


def _assets(app: FastAPI) -> None:
    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly() -> Response:
        return Response(
            plotly_js(),
            media_type="application/javascript",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    @app.get("/static/draw.js", include_in_schema=False)
    def draw() -> Response:
        return Response(_draw_js(), media_type="application/javascript")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")


def _errors(app: FastAPI) -> None:
    """Bad input is HTTP 400 with its problems: JSON under ``/api``, a page elsewhere."""

    @app.exception_handler(InputError)
    async def input_error(request: Request, exc: InputError) -> Response:
        return JSONResponse(problems_json(exc), status_code=400)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        err = InputError([_problem(e) for e in exc.errors()])
        if _is_api(request):
            return JSONResponse(problems_json(err), status_code=400)
        return _error_page(request, 400, [str(p) for p in err.problems])

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if _is_api(request):
            return await http_exception_handler(request, exc)
        return _error_page(request, exc.status_code, [str(exc.detail)])


def _problem(error: Any) -> Problem:
    """A request-validation error of FastAPI as a problem naming its field."""
    loc = [str(part) for part in error.get("loc", ())]
    name = ".".join(loc[1:]) if len(loc) > 1 else "".join(loc)
    return Problem(message=str(error.get("msg", "invalid")), field=name or None)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error_page(request: Request, status: int, messages: list[str]) -> Response:
    """The app's own page for an error, so a browser never shows raw JSON."""
    title = "Not found" if status == 404 else "Cannot do that"
    return render(request, "error.html.j2", {"title": title, "messages": messages}, status)


def problems_json(exc: InputError) -> dict[str, object]:
    """An input error as JSON: the text and every problem with its location."""
    return {
        "detail": str(exc),
        "problems": [
            {"message": p.message, "file": p.file, "line": p.line, "field": p.field}
            for p in exc.problems
        ],
    }
