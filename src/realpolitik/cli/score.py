"""``realpolitik score``: rolling-origin scores of a war's forecast beside reference forecasts."""

from __future__ import annotations

import datetime as dt
from typing import cast

import typer
from rich.table import Table

from realpolitik.app import open_scenario
from realpolitik.app.results import typed_document
from realpolitik.app.score import score
from realpolitik.app.simulate import BackendName
from realpolitik.cli._common import NO_STORE_HELP, STORE_HELP, handle_errors, out, print_json
from realpolitik.errors import InputError
from realpolitik.results.schemas import ScoreDocument
from realpolitik.richtext import escaped
from realpolitik.rng import SEED_MAX
from realpolitik.store import open_store


def _num(v: float | None, fmt: str = ".3f") -> str:
    return "-" if v is None else format(v, fmt)


def _dates(text: str | None) -> list[dt.date] | None:
    if not text:
        return None
    out = []
    for part in text.split(","):
        try:
            out.append(dt.date.fromisoformat(part.strip()))
        except ValueError:
            raise InputError.one(
                f"'{part.strip()}' is not a date; write origins as YYYY-MM-DD,YYYY-MM-DD",
                field="--origins",
            ) from None
    return out


def scores_tables(doc: ScoreDocument) -> list[Table]:
    """Per origin, one row per question: forecast, reference, outcome, scores; then the means."""
    tables = []
    for o in doc.origins:
        ess = "" if o.ess is None else f", ESS {o.ess:.0f}"
        table = Table(
            title=f"Forecast as of {o.origin}: {o.observations} facts known{ess}",
            caption="Brier (p − o)², log −ln p(o): lower is better; ref: the reference "
            "forecast made that day; open: not resolved by the facts.",
        )
        for col in ("question", "p", "ref", "outcome", "Brier", "ref", "log", "ref"):
            table.add_column(col, justify="left" if col == "question" else "right")
        for q in o.questions:
            outcome = {True: "yes", False: "no", None: "open"}[q.outcome]
            table.add_row(
                escaped(q.question),
                f"{q.probability:.0%}",
                _num(q.reference, ".0%"),
                outcome,
                _num(q.brier),
                _num(q.reference_brier),
                _num(q.log),
                _num(q.reference_log),
            )
        table.add_row(
            f"mean of {o.resolved} resolved",
            "",
            "",
            "",
            _num(o.brier),
            _num(o.reference_brier),
            _num(o.log),
            _num(o.reference_log),
            style="bold",
        )
        tables.append(table)
    return tables


def score_command(
    file: str = typer.Argument(..., help="Scenario file or bundled name, with a war."),
    facts: str = typer.Option(
        ..., "--facts", "-f", help="What happened (observations CSV or YAML; docs/dynamics.md)."
    ),
    origins: str | None = typer.Option(
        None,
        "--origins",
        help="Forecast dates, YYYY-MM-DD,... (default: the as-of date and "
        "the reference forecasts' dates).",
    ),
    reference: str | None = typer.Option(
        None, "--reference", "-r", help="Reference forecasts CSV: date, question, probability."
    ),
    runs: int = typer.Option(10_000, "--runs", "-n", help="Monte Carlo runs per origin."),
    seed: int | None = typer.Option(None, "--seed", min=0, max=SEED_MAX, help="Seed."),
    backend: str = typer.Option("serial", "--backend", help="serial, processes or dask."),
    workers: int | None = typer.Option(None, "--workers", "-w", help="Worker processes."),
    store_path: str | None = typer.Option(None, "--store", help=STORE_HELP),
    no_store: bool = typer.Option(False, "--no-store", help=NO_STORE_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Condition the war's forecast on the facts known at each origin; score what resolved later.

    Each question "event by month" is scored by its Brier and log scores beside
    the reference forecasts made at the same date (docs/dynamics.md).
    """
    store = None if no_store else open_store(store_path)
    doc = score(
        open_scenario(file),
        facts,
        _dates(origins),
        reference,
        runs=runs,
        seed=seed,
        backend=cast(BackendName, backend),
        workers=workers,
        store=store,
    )
    if as_json:
        print_json(doc)
        return
    typed = typed_document(doc)
    assert isinstance(typed, ScoreDocument)
    for table in scores_tables(typed):
        out.print(table)
    if store is not None:
        out.print(f"[dim]stored as run {typed.run_id} in {escaped(store.path)}[/]")


def register(app: typer.Typer) -> None:
    """Add ``score`` to the app."""
    app.command("score")(handle_errors(score_command))
