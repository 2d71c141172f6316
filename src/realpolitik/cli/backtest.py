"""``realpolitik backtest``: every model against real outcomes, side by side."""

from __future__ import annotations

import typer
from rich import box
from rich.table import Table

from realpolitik.app.backtest import BAR, DRAWS
from realpolitik.app.backtest import backtest as run_backtest
from realpolitik.cli._common import (
    MISSING_HELP,
    NO_STORE_HELP,
    STORE_HELP,
    handle_errors,
    missing_policy,
    out,
    print_json,
)
from realpolitik.results.schemas import BacktestDocument, Coverage
from realpolitik.richtext import escaped
from realpolitik.rng import SEED_MAX
from realpolitik.store import open_store


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{100 * v:.0f}%"


def _num(v: float | None) -> str:
    return "-" if v is None else f"{v:.2f}"


def _coverage(cov: Coverage | None) -> tuple[float | None, float | None, float | None]:
    """The shares inside the central 50, 80 and 90 % intervals (None: undefined)."""
    return (None, None, None) if cov is None else (cov.c50, cov.c80, cov.c90)


def _scores_table(doc: BacktestDocument) -> Table:
    skipped = f", {doc.skipped} without outcome skipped" if doc.skipped else ""
    table = Table(
        title=f"Backtest: {doc.cases} cases{skipped}; best first",
        caption="Errors in points of a 0-100 scale. vs bar: MAE change against the "
        f"bar ({doc.bar}) on the same cases. 50/80/90 %: share of outcomes inside the "
        "central intervals. *: in-sample (fitted on this file).",
        box=box.SIMPLE_HEAD,
        padding=(0, 0),
        pad_edge=False,
    )
    table.add_column("model", no_wrap=True)
    cols = ("n", "MAE", "vs bar", "MedAE", "≤10", "≤20", "50%", "80%", "90%", "CRPS", "n/a")
    for col in cols:
        table.add_column(col, justify="right", overflow="fold")
    for name, s in doc.models.items():
        gain = "-"
        if s.mae is not None and s.bar_mae:
            gain = f"{100 * (s.mae - s.bar_mae) / s.bar_mae:+.1f}%"
        label = f"{name} (bar)" if name == doc.bar else name
        table.add_row(
            label + ("*" if s.in_sample else ""),
            str(s.n),
            _num(s.mae),
            gain,
            _num(s.median_ae),
            _pct(s.within10),
            _pct(s.within20),
            *(_pct(c) for c in _coverage(s.coverage)),
            _num(s.crps),
            str(s.n_a),
        )
    return table


def _footnotes(doc: BacktestDocument) -> list[str]:
    notes = []
    for name, s in doc.models.items():
        cv = s.cross_validated
        if s.in_sample and cv:
            # fitted_on is open by design (what the fit saw: file, cases ...)
            fitted = (s.fitted_on or {}).get("file")
            notes.append(
                f"* {name} was fitted on this file ({fitted}); "
                f"cross-validated: MAE {_num(cv.mae)}, median AE {_num(cv.median_ae)}, "
                f"80 % coverage {_pct(_coverage(cv.coverage)[1])}, CRPS {_num(cv.crps)}."
            )
    for name, reasons in doc.not_available.items():
        case, reason = next(iter(reasons.items()))
        more = f" (and {len(reasons) - 1} more; see --cases)" if len(reasons) > 1 else ""
        notes.append(f"{name} is n/a on {len(reasons)} case(s), e.g. {case}: {reason}{more}")
    return notes


def _cases_table(doc: BacktestDocument) -> Table:
    names = list(doc.models)
    table = Table(
        title="Per case: absolute error in points (forecasts: --json)",
        box=box.SIMPLE_HEAD,
        padding=(0, 0),
    )
    table.add_column("case", overflow="fold")
    for col in ("outcome", *names):
        table.add_column(col, justify="right", overflow="fold")
    for e in doc.per_case or []:
        label = e.case if e.dimension == 0 else f"{e.case}[{e.dimension}]"
        cells = ["n/a" if e.errors[n] is None else f"{e.errors[n]:.1f}" for n in names]
        table.add_row(escaped(label), f"{e.outcome:g}", *cells)
    return table


def _reasons(doc: BacktestDocument) -> list[str]:
    return [f"{e.case}: {n} n/a: {r}" for e in doc.per_case or [] for n, r in e.n_a.items()]


def backtest(
    source: str = typer.Argument(
        ..., help="A DEU table, a scenario/stakeholder file with outcomes, or a directory."
    ),
    models: str | None = typer.Option(
        None, "--models", "-m", help="Comma-separated models (default: all registered)."
    ),
    cases: bool = typer.Option(False, "--cases", help="Show every case: where each model fails."),
    seed: int = typer.Option(0, "--seed", min=0, max=SEED_MAX, help="Seed of stochastic models."),
    draws: int = typer.Option(DRAWS, "--draws", min=2, help="Runs per case, stochastic models."),
    store_path: str | None = typer.Option(None, "--store", help=STORE_HELP),
    no_store: bool = typer.Option(False, "--no-store", help=NO_STORE_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
    missing: str = typer.Option("drop", "--missing", help=MISSING_HELP),
) -> None:
    """Score every model on issues with known outcomes; the compromise model is the bar."""
    names = [m.strip() for m in models.split(",") if m.strip()] if models else None
    policy = missing_policy(missing)
    store = None if no_store else open_store(store_path)
    result = run_backtest(
        source, names, seed=seed, draws=draws, cases=cases, sink=store, missing=policy
    )
    if as_json:
        print_json(result.to_json())
        return
    doc = result.document
    out.print(_scores_table(doc))
    for note in _footnotes(doc):
        out.print(f"[dim]{escaped(note)}[/]", highlight=False)
    if cases:
        out.print(_cases_table(doc))
        for line in _reasons(doc):
            out.print(line, highlight=False, markup=False)
    if store is not None and doc.run_id is not None:
        out.print(f"[dim]stored as run {doc.run_id} in {escaped(store.path)} ({BAR} is the bar)[/]")


def register(app: typer.Typer) -> None:
    """Add ``backtest`` to the app."""
    app.command("backtest")(handle_errors(backtest))
