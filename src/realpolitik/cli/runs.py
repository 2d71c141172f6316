"""``realpolitik runs``: the results database (list, show, export, rename, note, tag, delete,
restore, purge)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.table import Table

from realpolitik.app.headline import document_of, headline_of
from realpolitik.cli._common import STORE_HELP, fail, handle_errors, out, print_json
from realpolitik.cli._display import print_headline
from realpolitik.errors import InputError
from realpolitik.io.atomic import write_text_atomic
from realpolitik.results.export import FORMATS, export
from realpolitik.results.summary_csv import summary_csv
from realpolitik.richtext import escaped
from realpolitik.scenario import Scenario
from realpolitik.store import RunRecord, Store, open_store

runs_app = typer.Typer(
    help="Stored runs: list, show, export, rename, note, tag, delete, restore, purge.",
    no_args_is_help=True,
    add_completion=False,
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
    deleted: bool = typer.Option(
        False, "--deleted", help="List the deleted runs instead (`runs restore ID` undoes)."
    ),
    tag: str | None = typer.Option(None, "--tag", help="Only the runs with this tag."),
) -> None:
    """List the stored runs, oldest first (their summaries: `runs show ID`)."""
    store = open_store(store_path)
    every = [r for r in store.list(deleted=deleted) if tag is None or tag in r.tags]
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
    tagged = any(r.tags for r in records)
    columns = ("id", "kind", "status", "model", "runs", "created", "name or scenario")
    for col in (*columns, "tags") if tagged else columns:
        table.add_column(
            col,
            justify="right" if col in ("id", "runs") else "left",
            no_wrap=col != "name or scenario",
        )
    for r in records:
        label = escaped(r.label) + (f"\n[dim]{escaped(r.note)}[/]" if r.note else "")
        cells = [
            str(r.id),
            r.kind,
            _status(r),
            r.model or "-",
            str(r.runs or "-"),
            r.created.strftime("%m-%d %H:%M"),
            label,
        ]
        table.add_row(*cells, *([escaped(" ".join(r.tags))] if tagged else []))
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
            table.add_row(key.replace("_", " "), escaped(_field_text(key, value)))
    out.print(table)
    if record.summary is None:
        return
    if record.kind in ("run", "simulation", "dynamics"):
        print_headline(headline_of(document_of(record.summary), _scenario_or_none(store, run_id)))
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
    summary: bool = typer.Option(
        False, "--summary", help="The run's summary as a CSV table (field, value) instead."
    ),
    store_path: str | None = StoreOpt,
) -> None:
    """Export a run's tidy table (per-run outcomes, trajectories, or indices), or its summary."""
    store = open_store(store_path)
    if summary:
        if fmt != "csv":
            raise fail("--summary is written as CSV only (--format csv)")
        text = summary_csv(store.get(run_id).summary)
        if output is None:
            sys.stdout.write(text)
            return
        write_text_atomic(Path(output), text)
    else:
        export(store.result_set(run_id), output, fmt)
    if output is not None:
        out.print(f"[dim]wrote {escaped(output)}[/]")


IdsArg = typer.Argument(..., metavar="ID...", help="Run ids (see `runs list`).")


def delete_command(
    run_ids: list[int] = IdsArg,
    yes: bool = typer.Option(False, "--yes", "-y", help="Delete without asking."),
    store_path: str | None = StoreOpt,
) -> None:
    """Delete runs (asks first; `runs restore ID` undoes it until `runs purge`)."""
    store = open_store(store_path)
    records = [store.get(i) for i in dict.fromkeys(run_ids)]
    if not yes:
        _confirm(records)
    for r in records:
        store.delete(r.id)
    ids = ", ".join(str(r.id) for r in records)
    out.print(f"deleted run(s) {ids}; undo with `realpolitik runs restore {records[0].id}`")


def _confirm(records: list[RunRecord]) -> None:
    """Ask before deleting; with no terminal to ask on, refuse (exit 2) and name --yes."""
    what = "; ".join(f"run {r.id} ({r.kind}, {r.label})" for r in records)
    if not sys.stdin.isatty():
        raise fail(f"not deleting {what}: confirm with --yes (no terminal to ask on)")
    if not typer.confirm(f"Delete {escaped(what)}?", default=False):
        out.print("nothing deleted")
        raise typer.Exit(0)


def restore_command(
    run_ids: list[int] = IdsArg,
    store_path: str | None = StoreOpt,
) -> None:
    """Bring deleted runs back (`runs list --deleted` shows them)."""
    store = open_store(store_path)
    for run_id in run_ids:
        store.restore(run_id)
        out.print(f"restored run {run_id}")


def purge_command(
    run_ids: list[int] | None = typer.Argument(
        None, metavar="[ID...]", help="Runs to remove for good (default: every deleted run)."
    ),
    yes: bool = typer.Option(False, "--yes", "-y", help="Purge without asking."),
    store_path: str | None = StoreOpt,
) -> None:
    """Remove deleted runs (or the runs named) for good: this cannot be undone."""
    store = open_store(store_path)
    records = [store.get(i, deleted=True) for i in run_ids] if run_ids else store.list(deleted=True)
    if not records:
        out.print("no deleted run to purge")
        return
    if not yes:
        _confirm(records)
    gone = store.purge([r.id for r in records])
    out.print(f"purged run(s) {', '.join(map(str, gone))} for good")


def rename_command(
    run_id: int = typer.Argument(..., metavar="ID", help="Run id (see `runs list`)."),
    name: str = typer.Argument(..., help='The new name ("" removes it).'),
    store_path: str | None = StoreOpt,
) -> None:
    """Name a run (shown in `runs list` and on the web instead of its scenario's title)."""
    record = open_store(store_path).label(run_id, name=name)
    out.print(f"run {run_id} is now named {escaped(record.label)!r}")


def note_command(
    run_id: int = typer.Argument(..., metavar="ID", help="Run id (see `runs list`)."),
    text: str = typer.Argument(..., help='The note (free text; "" removes it).'),
    store_path: str | None = StoreOpt,
) -> None:
    """Write a note on a run (replacing any earlier one)."""
    open_store(store_path).label(run_id, note=text)
    out.print(f"noted run {run_id}" if text.strip() else f"removed the note of run {run_id}")


def tag_command(
    run_id: int = typer.Argument(..., metavar="ID", help="Run id (see `runs list`)."),
    tags: list[str] = typer.Argument(..., metavar="TAG...", help="Tags to add (one word each)."),
    remove: bool = typer.Option(False, "--remove", "-r", help="Remove these tags instead."),
    store_path: str | None = StoreOpt,
) -> None:
    """Tag a run (`runs list --tag T` lists the runs with a tag)."""
    store = open_store(store_path)
    current = set(store.get(run_id).tags)
    wanted = current - set(tags) if remove else current | set(tags)
    record = store.label(run_id, tags=wanted)
    out.print(f"run {run_id} tags: {escaped(' '.join(record.tags)) or '(none)'}")


def register(app: typer.Typer) -> None:
    """Add the ``runs`` command group to the app."""
    runs_app.command("list")(handle_errors(list_command))
    runs_app.command("show")(handle_errors(show_command))
    runs_app.command("export")(handle_errors(export_command))
    runs_app.command("rename")(handle_errors(rename_command))
    runs_app.command("note")(handle_errors(note_command))
    runs_app.command("tag")(handle_errors(tag_command))
    runs_app.command("delete")(handle_errors(delete_command))
    runs_app.command("restore")(handle_errors(restore_command))
    runs_app.command("undelete", hidden=True)(handle_errors(restore_command))
    runs_app.command("purge")(handle_errors(purge_command))
    app.add_typer(runs_app, name="runs")
