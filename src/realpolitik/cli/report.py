"""``realpolitik report``: every result as a picture, in one HTML file (or PNG/SVG files)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from realpolitik._extras import require
from realpolitik.app import (
    DEFAULT_SCENARIO,
    ReportPlan,
    open_scenario,
    report_of_document,
    report_of_run,
)
from realpolitik.app import report_data as scenario_report
from realpolitik.cli._common import err, handle_errors, located, out, parse_params
from realpolitik.errors import InputError
from realpolitik.richtext import escaped
from realpolitik.rng import SEED_MAX
from realpolitik.store import open_store

if TYPE_CHECKING:  # the report extra (plotly, jinja2) is imported only when a report is made
    from realpolitik.report import ReportData

FORMATS = ("html", "png", "svg")


def report(
    source: str = typer.Argument(
        DEFAULT_SCENARIO,
        help="A run id from the results store, a saved result document (.json from "
        "`run --json`), or a scenario (file or bundled name) to run now.",
        show_default=True,
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="The HTML file to write (default report.html), or the folder for PNG/SVG "
        "figures (default report-figures).",
    ),
    fmt: str = typer.Option("html", "--format", "-f", help="html, png or svg."),
    model: str = typer.Option("compromise", "--model", "-m", help="Model, for a scenario."),
    param: list[str] | None = typer.Option(
        None, "--param", "-p", help="Model option KEY=VALUE (repeatable), for a scenario."
    ),
    seed: int | None = typer.Option(
        None, "--seed", min=0, max=SEED_MAX, help="Seed, for a scenario."
    ),
    runs: int = typer.Option(
        2000, "--runs", "-n", min=1, help="Monte Carlo runs, for a scenario (1: none)."
    ),
    sensitivity: str = typer.Option(
        "sobol", "--sensitivity", help="sobol, morris or none, for a scenario with uncertainty."
    ),
    sensitivity_runs: int = typer.Option(
        64, "--sensitivity-runs", min=2, help="Sobol base sample (a power of 2) or Morris paths."
    ),
    scenario: str | None = typer.Option(
        None, "--scenario", help="The scenario of a saved .json document (adds its tables)."
    ),
    store: Path | None = typer.Option(
        None, "--store", help="Results store (default $REALPOLITIK_STORE or ./realpolitik.duckdb)."
    ),
) -> None:
    """Write a report: scenario table, charts of every result, model/seed/version at the end."""
    if fmt not in FORMATS:
        raise InputError.one(f"unknown format '{fmt}'; use html, png or svg", field="--format")
    if sensitivity not in ("sobol", "morris", "none"):
        raise InputError.one(
            f"unknown sensitivity method '{sensitivity}'; use sobol, morris or none",
            field="--sensitivity",
        )
    if fmt == "html":
        require("report", "plotly", "jinja2", what="`report`")
    else:
        require("report", what=f"`report --format {fmt}`")
    from realpolitik.report import write_images, write_report

    plan = ReportPlan(
        model=model,
        params=parse_params(param),
        seed=seed,
        runs=runs,
        sensitivity=None if sensitivity == "none" else sensitivity,
        sensitivity_runs=sensitivity_runs,
    )
    data = report_data(source, plan, scenario_file=scenario, store=store)
    if fmt == "html":
        path = write_report(data, output or Path("report.html"))
        out.print(f"report written to {escaped(path.resolve())}")
        return
    files = write_images(data, output or Path("report-figures"), fmt)
    folder = escaped((output or Path("report-figures")).resolve())
    out.print(f"{len(files)} figures written to {folder}")


def report_data(
    source: str, plan: ReportPlan, *, scenario_file: str | None, store: Path | None
) -> ReportData:
    """The report's data for a run id, a result document or a scenario."""
    if source.isdigit() and not Path(source).exists():
        return _stored(int(source), store)
    if source.lower().endswith(".json") and _is_result(Path(source)):
        sc = open_scenario(scenario_file) if scenario_file else None
        return report_of_document(Path(source), sc)
    scenario = open_scenario(source)
    with err.status("running the scenario for the report…"), located(scenario, source):
        return scenario_report(scenario, plan)


HINTS = {
    "backtest": "see it with `realpolitik runs show {id}`",
    "simulate": "finish it with `realpolitik simulate --resume {id}`",
    "dynamics": "finish it with `realpolitik simulate --resume {id}`",
}
"""What to do instead, on the command line, with a stored run that has no report."""


def _stored(run_id: int, path: Path | None) -> ReportData:
    """A stored run's report, or its error with the command that does what is asked instead."""
    store = open_store(path)
    try:
        return report_of_run(store, run_id)
    except InputError as exc:
        hint = HINTS.get(store.get(run_id).kind)
        if hint is None or exc.problems[0].field != "run_id":
            raise
        message = f"{exc.problems[0].message}; {hint.format(id=run_id)}"
        raise InputError.one(message, field="ID") from None


def _is_result(path: Path) -> bool:
    """Whether a .json file is a result document rather than a JSON scenario file."""
    if not path.is_file():
        return False
    with path.open("rb") as fh:
        head = fh.read(4096)
    return b'"format"' not in head and b'"actors"' not in head


def register(app: typer.Typer) -> None:
    """Add ``report`` to the app."""
    app.command("report")(handle_errors(report))
