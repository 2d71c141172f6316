"""``realpolitik runs``: the results database (list, show, export, delete)."""

from __future__ import annotations

import json

import typer
from rich.table import Table

from realpolitik.cli._common import STORE_HELP, handle_errors, out, print_json
from realpolitik.results.export import FORMATS, export
from realpolitik.richtext import escaped
from realpolitik.store import RunRecord, open_store

runs_app = typer.Typer(
    help="Stored runs: list, show, export, delete.", no_args_is_help=True, add_completion=False
)

StoreOpt = typer.Option(None, "--store", help=STORE_HELP)


def _status(r: RunRecord) -> str:
    colour = {"complete": "green", "failed": "red"}.get(r.status, "yellow")
    return f"[{colour}]{escaped(r.status)}[/]"


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
            f"no results store at {escaped(str(store.path))} yet: `run`, `simulate` and "
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
            escaped(r.scenario_title),
        )
    out.print(table)


LONG_SUMMARY = 150
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
    table = Table(title=f"run {record.id}", show_header=False)
    table.add_column("field")
    table.add_column("value")
    for key, value in record.to_json().items():
        if key != "summary":
            table.add_row(key, escaped(value if isinstance(value, str) else json.dumps(value)))
    out.print(table)
    if record.summary is None:
        return
    text = json.dumps(record.summary, indent=2)
    lines = text.count("\n") + 1
    if lines < LONG_SUMMARY:
        out.print_json(text)
        return
    out.print(
        f"summary: {lines:,} lines of JSON with "
        f"{escaped(', '.join(map(str, record.summary)))}; `realpolitik runs show {run_id} --json` "
        f"prints it, `realpolitik report {run_id}` draws it"
    )


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
        out.print(f"[dim]wrote {escaped(output)}[/]")


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
