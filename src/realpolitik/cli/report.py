"""``realpolitik report``: every result as a picture, in one HTML file (or PNG/SVG files)."""

from __future__ import annotations

from pathlib import Path

import typer

from realpolitik.cli._common import handle_errors, out, parse_params
from realpolitik.errors import InputError
from realpolitik.forecast import forecast
from realpolitik.io import load_scenario
from realpolitik.report import ReportData, write_images, write_report
from realpolitik.report.sources import from_forecast, from_json_file, from_store

DEFAULT_SCENARIO = "minerals-deal-2025"
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
    seed: int | None = typer.Option(None, "--seed", min=0, help="Seed, for a scenario."),
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
    data = report_data(
        source,
        model=model,
        params=parse_params(param),
        seed=seed,
        scenario_file=scenario,
        store=store,
    )
    if fmt == "html":
        path = write_report(data, output or Path("report.html"))
        out.print(f"report written to {path.resolve()}")
        return
    files = write_images(data, output or Path("report-figures"), fmt)
    out.print(f"{len(files)} figures written to {(output or Path('report-figures')).resolve()}")


def report_data(
    source: str,
    *,
    model: str,
    params: dict[str, object],
    seed: int | None,
    scenario_file: str | None,
    store: Path | None,
) -> ReportData:
    """The report's data for a run id, a result document or a scenario."""
    if source.isdigit() and not Path(source).exists():
        return from_store(int(source), store)
    if source.lower().endswith(".json") and _is_result(Path(source)):
        sc = load_scenario(scenario_file) if scenario_file else None
        return from_json_file(Path(source), sc)
    fc = forecast(load_scenario(source), model=model, params=params, seed=seed)
    return from_forecast(fc)


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
