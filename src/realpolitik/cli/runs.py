"""``realpolitik runs``: the results database (list, show, export, delete)."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from realpolitik.app.headline import headline_of
from realpolitik.cli._common import STORE_HELP, handle_errors, out, print_json
from realpolitik.cli._display import print_headline
from realpolitik.errors import InputError
from realpolitik.results.export import FORMATS, export
from realpolitik.scenario import Scenario
from realpolitik.store import RunRecord, Store, open_store

runs_app = typer.Typer(
    help="Stored runs: list, show, export, delete.", no_args_is_help=True, add_completion=False
)

StoreOpt = typer.Option(None, "--store", help=STORE_HELP)


def _status(r: RunRecord) -> str:
    return "[green]complete[/]" if r.complete else "[yellow]incomplete[/]"


def list_command(
    store_path: str | None = StoreOpt,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    last: int | None = typer.Option(
        None, "--last", min=1, help="Only the N most recent runs (still oldest first)."
    ),
) -> None:
    """List the stored runs, oldest first (their summaries: `runs show ID`)."""
    store = open_store(store_path)
    every = store.list()
    records = every[-last:] if last else every
    if as_json:
        print_json([{k: v for k, v in r.to_json().items() if k != "summary"} for r in records])
        return
    if not store.path.exists():
        out.print(
            f"no results store at {escape(str(store.path))} yet: `run`, `simulate` and "
            "`sensitivity` create it (another one: --store PATH or $REALPOLITIK_STORE)"
        )
        return
    shown = f"the last {len(records)} of " if len(records) < len(every) else ""
    table = Table(title=f"{shown}{len(every)} stored run(s)")
    for col in ("id", "kind", "status", "model", "runs", "created", "scenario"):
        table.add_column(
            col, justify="right" if col in ("id", "runs") else "left", no_wrap=col != "scenario"
        )
    for r in records:
        table.add_row(
            str(r.id),
            r.kind,
            _status(r),
            r.model or "-",
            str(r.runs or "-"),
            r.created.strftime("%m-%d %H:%M"),
            escape(r.scenario_title),
        )
    out.print(table)


"""Summaries of at least this many lines (a war's months) are named, not printed, by `show`."""


def show_command(
    run_id: int = typer.Argument(..., metavar="ID", help="Run id (see `runs list`)."),
    store_path: str | None = StoreOpt,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show one run: what was run, how, and its summary."""
    record = open_store(store_path).get(run_id)
    if as_json:
        print_json(record.to_json())
        return
    store = open_store(store_path)
    table = Table(title=f"run {record.id}", show_header=False)
    table.add_column("field", overflow="fold")
    table.add_column("value", overflow="fold")
    for key, value in record.to_json().items():
        if key != "summary":
            table.add_row(key.replace("_", " "), escape(_field_text(key, value)))
    out.print(table)
    if record.summary is None:
        return
    if record.kind in ("run", "simulation", "dynamics"):
        print_headline(headline_of(record.summary, _scenario_or_none(store, run_id)))
    out.print(
        f"The whole result: `realpolitik runs show {run_id} --json` prints it (full "
        f"precision), `realpolitik report {run_id}` draws it.",
        highlight=False,
        markup=False,
    )


def _field_text(key: str, value: object) -> str:
    """A run's field for people: seconds with units, options as KEY=VALUE, none as '-'."""
    if value is None or value == {}:
        return "-"
    if key == "elapsed" and isinstance(value, int | float):
        return f"{value:.2f} s" if value >= 0.01 else "< 0.01 s"
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return str(value)


def _scenario_or_none(store: Store, run_id: int) -> Scenario | None:
    try:
        return store.scenario(run_id)
    except (InputError, KeyError, ValueError):
        return None


def export_command(
    run_id: int = typer.Argument(..., metavar="ID", help="Run id (see `runs list`)."),
    fmt: str = typer.Option("csv", "--format", "-f", help=f"One of {', '.join(FORMATS)}."),
    output: str | None = typer.Option(
        None, "--output", "-o", help="File to write (default: standard output)."
    ),
    store_path: str | None = StoreOpt,
) -> None:
    """Export a run's tidy table (per-run outcomes, trajectories, or indices)."""
    export(open_store(store_path).result_set(run_id), output, fmt)
    if output is not None:
        out.print(f"[dim]wrote {output}[/]")


def delete_command(
    run_id: int = typer.Argument(..., metavar="ID", help="Run id (see `runs list`)."),
    store_path: str | None = StoreOpt,
) -> None:
    """Delete a run and everything stored with it."""
    open_store(store_path).delete(run_id)
    out.print(f"deleted run {run_id}")


def register(app: typer.Typer) -> None:
    """Add the ``runs`` command group to the app."""
    runs_app.command("list")(handle_errors(list_command))
    runs_app.command("show")(handle_errors(show_command))
    runs_app.command("export")(handle_errors(export_command))
    runs_app.command("delete")(handle_errors(delete_command))
    app.add_typer(runs_app, name="runs")
