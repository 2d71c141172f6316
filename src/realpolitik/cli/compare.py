"""``realpolitik compare``: several models on one scenario, side by side."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.table import Table

from realpolitik._extras import require
from realpolitik.app.compare import Comparison, compare
from realpolitik.cli._common import err, handle_errors, located, out, print_json, scale_label
from realpolitik.errors import InputError
from realpolitik.io import load_scenario
from realpolitik.results.compare_document import ModelEntry, Value
from realpolitik.richtext import escaped
from realpolitik.rng import SEED_MAX

DEFAULT_SCENARIO = "minerals-deal-2025"
T = TypeVar("T")


def compare_command(
    file: str = typer.Argument(
        DEFAULT_SCENARIO, help="Scenario file (or a bundled scenario's name).", show_default=True
    ),
    models: str | None = typer.Option(
        None,
        "--models",
        "-m",
        help="Comma-separated model names (default: every model that fits the scenario).",
    ),
    runs: int | None = typer.Option(
        None, "--runs", "-n", min=1, help="Monte Carlo runs per model, all on the same draws."
    ),
    seed: int | None = typer.Option(None, "--seed", min=0, max=SEED_MAX, help="Master seed."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Also write an HTML report with a chart per issue."
    ),
) -> None:
    """Run several models on the same scenario and show their forecasts side by side.

    With --runs, each model runs that many times on the same sampled inputs
    (common random numbers): medians and 90% intervals are comparable.
    """
    if output is not None and output.suffix.lower() not in (".html", ".htm"):
        raise InputError.one("the report is an HTML file; name it .html", field="--output")
    scenario = load_scenario(file)
    names = None if models is None else [m.strip() for m in models.split(",") if m.strip()]
    with err.status("running the models…"), located(scenario, file):
        result = compare(scenario, names, runs=runs, seed=seed)
    lines = [f"{model} not run: {why}" for model, why in result.skipped.items()]
    for text in [*lines, *result.notices]:
        safe = escaped(text)
        err.print(f"[yellow]notice:[/] {safe}", highlight=False)
    if output is not None:
        _write_report(result, output)
    if as_json:
        print_json(result.to_json())
        return
    for table in tables(result):
        out.print(table)
    out.print(_caption(result), highlight=False)
    if output is not None:
        out.print(f"report written to {escaped(output.resolve())}")


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(f"{v:.2f}" for v in value)
    return f"{value:.2f}"


def tables(result: Comparison) -> list[Table]:
    """One table per issue: a column per model, a row per figure."""
    names = [m.model for m in result.models]
    documented = result.document().models
    entries = [documented[name] for name in names]
    found = []
    for issue in result.scenario.issues:
        table = Table(title=escaped(f"{issue.name or issue.id} ({scale_label(issue)})"))
        table.add_column("", justify="left")
        for name in names:
            table.add_column(escaped(name), justify="right")
        for label, key in _rows(result):
            table.add_row(label, *(_cell(key(e, issue.id)) for e in entries))
        found.append(table)
    return found


Figure = Callable[[ModelEntry, str], Value]
"""One row's figure of a model's entry, by issue id."""


def _rows(result: Comparison) -> list[tuple[str, Figure]]:
    rows: list[tuple[str, Figure]] = [("forecast at the means", lambda e, i: e.forecast[i])]
    if result.runs is not None:  # every entry has its Monte Carlo figures
        rows += [
            ("median", lambda e, i: _of(e.median)[i]),
            ("5%", lambda e, i: _of(e.interval)[i][0]),
            ("95%", lambda e, i: _of(e.interval)[i][1]),
            ("mean", lambda e, i: _of(e.mean)[i]),
        ]
    return rows


def _of(figures: dict[str, T] | None) -> dict[str, T]:
    assert figures is not None, "a comparison with runs has every model's Monte Carlo figures"
    return figures


def _caption(result: Comparison) -> str:
    if result.runs is None:
        return "forecasts at the inputs' means; add --runs N for distributions"
    return f"{result.runs} runs per model on the same draws; seed {result.seed}"


def _write_report(result: Comparison, output: Path) -> None:
    require("report", "plotly", "jinja2", what="`compare -o`")
    from realpolitik.report import ReportData, write_report
    from realpolitik.report.sources import footer

    sc = result.scenario
    data = ReportData(
        title=f"{sc.metadata.title}: models compared",
        scenario=sc,
        comparison=result.document(),
        footer=footer(
            model=", ".join(m.model for m in result.models),
            seed=result.seed,
            scenario=sc,
            runs=result.runs,
        ),
    )
    write_report(data, output)


def register(app: typer.Typer) -> None:
    """Add ``compare`` to the app."""
    app.command("compare")(handle_errors(compare_command))
