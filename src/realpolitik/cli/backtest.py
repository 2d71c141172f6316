"""``realpolitik backtest``: every model against real outcomes, side by side."""

from __future__ import annotations

from typing import Any

import typer
from rich import box
from rich.table import Table

from realpolitik.app.backtest import BAR, DRAWS
from realpolitik.app.backtest import backtest as run_backtest
from realpolitik.cli._common import NO_STORE_HELP, STORE_HELP, handle_errors, out, print_json
from realpolitik.rng import SEED_MAX
from realpolitik.store import open_store


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{100 * v:.0f}%"


def _num(v: float | None) -> str:
    return "-" if v is None else f"{v:.2f}"


def _scores_table(doc: dict[str, Any]) -> Table:
    skipped = f", {doc['skipped']} without outcome skipped" if doc["skipped"] else ""
    table = Table(
        title=f"Backtest: {doc['cases']} cases{skipped}; best first",
        caption="Errors in points of a 0-100 scale. vs bar: MAE change against the "
        f"bar ({doc['bar']}) on the same cases. 50/80/90 %: share of outcomes inside the "
        "central intervals. *: in-sample (fitted on this file).",
        box=box.SIMPLE_HEAD,
        padding=(0, 0),
        pad_edge=False,
    )
    table.add_column("model", no_wrap=True)
    cols = ("n", "MAE", "vs bar", "MedAE", "≤10", "≤20", "50%", "80%", "90%", "CRPS", "n/a")
    for col in cols:
        table.add_column(col, justify="right")
    for name, s in doc["models"].items():
        cov = s["coverage"] or {}
        gain = "-"
        if s["mae"] is not None and s["bar_mae"]:
            gain = f"{100 * (s['mae'] - s['bar_mae']) / s['bar_mae']:+.1f}%"
        label = f"{name} (bar)" if name == doc["bar"] else name
        table.add_row(
            label + ("*" if s["in_sample"] else ""),
            str(s["n"]),
            _num(s["mae"]),
            gain,
            _num(s["median_ae"]),
            _pct(s["within10"]),
            _pct(s["within20"]),
            *(_pct(cov.get(k)) for k in ("0.5", "0.8", "0.9")),
            _num(s["crps"]),
            str(s["n_a"]),
        )
    return table


def _footnotes(doc: dict[str, Any]) -> list[str]:
    notes = []
    for name, s in doc["models"].items():
        cv = s.get("cross_validated")
        if s["in_sample"] and cv:
            cov = (cv.get("coverage") or {}).get("0.8")
            notes.append(
                f"* {name} was fitted on this file ({s['fitted_on']['file']}); "
                f"cross-validated: MAE {_num(cv['mae'])}, median AE {_num(cv['median_ae'])}, "
                f"80 % coverage {_pct(cov)}, CRPS {_num(cv['crps'])}."
            )
    for name, reasons in doc["not_available"].items():
        case, reason = next(iter(reasons.items()))
        more = f" (and {len(reasons) - 1} more; see --cases)" if len(reasons) > 1 else ""
        notes.append(f"{name} is n/a on {len(reasons)} case(s), e.g. {case}: {reason}{more}")
    return notes


def _cases_table(doc: dict[str, Any]) -> Table:
    names = list(doc["models"])
    table = Table(
        title="Per case: absolute error in points (forecasts: --json)",
        box=box.SIMPLE_HEAD,
        padding=(0, 0),
    )
    table.add_column("case", no_wrap=True)
    for col in ("outcome", *names):
        table.add_column(col, justify="right")
    for e in doc["per_case"]:
        label = e["case"] if e["dimension"] == 0 else f"{e['case']}[{e['dimension']}]"
        cells = ["n/a" if e["errors"][n] is None else f"{e['errors'][n]:.1f}" for n in names]
        table.add_row(label, f"{e['outcome']:g}", *cells)
    return table


def _reasons(doc: dict[str, Any]) -> list[str]:
    return [f"{e['case']}: {n} n/a: {r}" for e in doc["per_case"] for n, r in e["n/a"].items()]


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
) -> None:
    """Score every model on issues with known outcomes; the compromise model is the bar."""
    names = [m.strip() for m in models.split(",") if m.strip()] if models else None
    store = None if no_store else open_store(store_path)
    doc = run_backtest(source, names, seed=seed, draws=draws, cases=cases, sink=store).to_json()
    if as_json:
        print_json(doc)
        return
    out.print(_scores_table(doc))
    for note in _footnotes(doc):
        out.print(f"[dim]{note}[/]", highlight=False)
    if cases:
        out.print(_cases_table(doc))
        for line in _reasons(doc):
            out.print(line, highlight=False, markup=False)
    if "run_id" in doc:
        out.print(f"[dim]stored as run {doc['run_id']} ({BAR} is the bar)[/]")


def register(app: typer.Typer) -> None:
    """Add ``backtest`` to the app."""
    app.command("backtest")(handle_errors(backtest))
