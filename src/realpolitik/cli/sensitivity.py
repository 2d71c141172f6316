"""``realpolitik sensitivity``: which uncertain inputs drive each outcome (SALib)."""

from __future__ import annotations

from collections.abc import Callable

import typer
from rich.table import Table

from realpolitik.app import DEFAULT_SCENARIO, open_scenario, sensitivity
from realpolitik.app.sensitivity import SensitivityResult
from realpolitik.cli._common import (
    NO_STORE_HELP,
    STORE_HELP,
    handle_errors,
    out,
    parse_params,
    print_json,
)
from realpolitik.cli.simulate import backend_config
from realpolitik.results.schemas import MorrisRow, SobolRow
from realpolitik.richtext import escaped
from realpolitik.rng import SEED_MAX
from realpolitik.store import open_store

Row = SobolRow | MorrisRow
Cell = Callable[[Row], tuple[float | None, float | None]]
"""One column's figure of a row and its confidence half-width (None: not given)."""


def _sobol(first: bool) -> Cell:
    def cell(row: Row) -> tuple[float | None, float | None]:
        assert isinstance(row, SobolRow)
        return (row.S1, row.S1_conf) if first else (row.ST, row.ST_conf)

    return cell


def _morris(star: bool) -> Cell:
    def cell(row: Row) -> tuple[float | None, float | None]:
        assert isinstance(row, MorrisRow)
        return (row.mu_star, row.mu_star_conf) if star else (row.sigma, None)

    return cell


COLUMNS: dict[str, tuple[tuple[Cell, str], ...]] = {
    "sobol": ((_sobol(True), "first order"), (_sobol(False), "total")),
    "morris": ((_morris(True), "μ*"), (_morris(False), "σ")),
}


def _cell(figure: tuple[float | None, float | None]) -> str:
    value, conf = figure
    if value is None:
        return "-"
    return f"{value:.3f}" + (f" ± {conf:.3f}" if conf is not None else "")


def indices_table(result: SensitivityResult, outcome: str) -> Table:
    """The indices of one outcome, most influential input first."""
    table = Table(title=f"{outcome}: {result.method} indices ({result.evaluations} model runs)")
    table.add_column("input", overflow="fold")
    for _, label in COLUMNS[result.method]:
        table.add_column(label, justify="right", overflow="fold")
    for row in result.document.outcomes[outcome]:
        table.add_row(escaped(row.input), *(_cell(cell(row)) for cell, _ in COLUMNS[result.method]))
    return table


def sensitivity_command(
    file: str = typer.Argument(DEFAULT_SCENARIO, help="Scenario file or bundled name."),
    model: str | None = typer.Option(
        None,
        "--model",
        "-m",
        help="Model (see `models`; default compromise). A war runs the monthly engine.",
    ),
    method: str = typer.Option("sobol", "--method", help="sobol or morris."),
    runs: int = typer.Option(
        256, "--runs", "-n", help="Sobol base samples (a power of two) or Morris trajectories."
    ),
    seed: int | None = typer.Option(
        None, "--seed", min=0, max=SEED_MAX, help="Seed (default: fresh, shown)."
    ),
    param: list[str] | None = typer.Option(
        None, "--param", "-p", help="Model option KEY=VALUE; VALUE may be a distribution."
    ),
    backend: str = typer.Option("serial", "--backend", help="serial, processes or dask."),
    workers: int | None = typer.Option(None, "--workers", "-w", help="Worker processes."),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Existing Dask scheduler, tcp://HOST:PORT."
    ),
    store_path: str | None = typer.Option(None, "--store", help=STORE_HELP),
    no_store: bool = typer.Option(False, "--no-store", help=NO_STORE_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Sobol or Morris indices of every uncertain input, for every outcome, sorted."""
    store = None if no_store else open_store(store_path)
    result = sensitivity(
        open_scenario(file),
        model=model,
        method=method,
        runs=runs,
        seed=seed,
        params=parse_params(param),
        settings=backend_config(backend, workers, scheduler),
        sink=store,
    )
    if as_json:
        print_json(result.to_json())
        return
    for outcome in result.outcomes:
        out.print(indices_table(result, outcome))
    stored = (
        f"; stored as run {result.run_id} in {escaped(store.path)}" if store is not None else ""
    )
    out.print(f"[dim]seed {result.seed}{stored}[/]")


def register(app: typer.Typer) -> None:
    """Add ``sensitivity`` to the app."""
    app.command("sensitivity")(handle_errors(sensitivity_command))
