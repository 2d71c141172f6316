"""``realpolitik optimize``: which strategy of a holder's levers works best (docs/optimize.md)."""

from __future__ import annotations

from typing import Any, cast

import typer
from rich.table import Table

from realpolitik.app import BackendConfig
from realpolitik.app.results import typed_document
from realpolitik.cli._common import (
    NO_STORE_HELP,
    STORE_HELP,
    err,
    handle_errors,
    located,
    out,
    print_json,
)
from realpolitik.errors import InputError
from realpolitik.io import load_scenario
from realpolitik.results.optimize_document import Figure, OptimizeDocument
from realpolitik.richtext import escaped
from realpolitik.rng import SEED_MAX
from realpolitik.store import open_store

DEFAULT_SCENARIO = "minerals-deal-2025"


def _fig(f: Figure | None) -> str:
    if f is None or f.value is None:
        return "-"
    se = f.stderr
    return f"{f.value:.3g}" + (f" ± {se:.2g}" if se is not None else "")


def front_table(doc: OptimizeDocument) -> Table:
    """One row per recommended strategy (and the scenario as written): search and fresh figures."""
    names = [o.name for o in doc.objectives]
    table = Table(
        title=f"{escaped(doc.holder)}'s best strategies — {escaped(doc.scenario)} "
        f"({doc.sampler}, {doc.trials} trials × {doc.runs} runs, "
        f"seed {doc.seed}; fresh: {doc.fresh_runs} other runs)"
    )
    table.add_column("strategy")
    for n in names:
        table.add_column(f"{escaped(n)} (search)", justify="right")
        table.add_column(f"{escaped(n)} (fresh)", justify="right")
    for s in doc.front:
        cells = [c for n in names for c in (_fig(s.objectives[n]), _fig(s.fresh[n]))]
        table.add_row(f"trial {s.trial}", *cells)
    base = doc.baseline
    cells = [c for n in names for c in (_fig(base.objectives[n]), _fig(base.fresh[n]))]
    table.add_row("[bold]as written[/]", *cells)
    return table


def _robust_lines(doc: OptimizeDocument) -> list[str]:
    lines = []
    for s in doc.front:
        lines.append(f"[bold]trial {s.trial}[/]: " + ("; ".join(s.changes) or "as written"))
    rob = doc.robustness
    if not rob:
        return lines
    return [
        *lines,
        f"Robustness of {rob.objective} over {rob.input_draws} draws of the uncertain "
        f"inputs: best on average {rob.best_on_average}, best in the worst decile "
        f"{rob.best_worst_decile}",
    ]


def optimize_command(
    file: str | None = typer.Argument(
        None, help=f"Scenario file or bundled name (default: {DEFAULT_SCENARIO})."
    ),
    holder: str | None = typer.Option(None, "--holder", help="The actor whose levers to search."),
    objective: list[str] | None = typer.Option(
        None,
        "--objective",
        "-o",
        help="settlement_by:YYYY-MM, settlement, months_to_settlement, terms[:max|:min], "
        "deal:ID[:YYYY-MM] or cost; repeat for a Pareto front.",
    ),
    lever: list[str] | None = typer.Option(
        None,
        "--lever",
        "-l",
        help="Lever to search (default: all the holder's): ID, or "
        "ID:on,size=LO..HI,threshold=LO..HI,start=YYYY-MM..YYYY-MM.",
    ),
    constraint: list[str] | None = typer.Option(
        None, "--constraint", "-c", help="NAME<=X or NAME>=X, e.g. cost<=40."
    ),
    trials: int = typer.Option(100, "--trials", "-t", help="Candidate strategies to evaluate."),
    runs: int = typer.Option(2000, "--runs", "-n", help="Runs per candidate."),
    seed: int = typer.Option(0, "--seed", min=0, max=SEED_MAX, help="Seed."),
    batch: int = typer.Option(10, "--batch", help="Candidates asked and evaluated together."),
    robust_draws: int = typer.Option(
        64, "--robust-draws", min=0, help="Draws of the uncertain inputs (0: no robustness)."
    ),
    backend: str = typer.Option("serial", "--backend", help="serial, processes or dask."),
    workers: int | None = typer.Option(None, "--workers", "-w", help="Worker processes."),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Existing Dask scheduler, tcp://HOST:PORT."
    ),
    store_path: str | None = typer.Option(None, "--store", help=STORE_HELP),
    no_store: bool = typer.Option(False, "--no-store", help=NO_STORE_HELP),
    resume_id: int | None = typer.Option(
        None, "--resume", help="Finish the interrupted search with this run id."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Search a holder's levers for the strategies that best meet the objectives.

    Candidates share the same runs (common random numbers); the recommended
    ones are checked on fresh runs (the winner's curse) and across the inputs'
    uncertainty. A model's answer under the scenario's assumptions.
    """
    from realpolitik.app.optimize import OptimizeRequest as Request
    from realpolitik.app.optimize import optimize, resume_optimize
    from realpolitik.cli._display import progress_bar

    store = None if no_store else open_store(store_path)
    config = BackendConfig(kind=cast(Any, backend), workers=workers, scheduler=scheduler)
    try:
        with progress_bar("searching", enabled=not as_json) as update:
            if resume_id is not None:
                if store is None:
                    raise InputError.one(
                        "--resume reads the store: drop --no-store", field="--resume"
                    )
                result = resume_optimize(store, resume_id, config, update)
            else:
                if holder is None:
                    raise InputError.one(
                        "give the actor whose levers to search: --holder ID", field="--holder"
                    )
                scenario = load_scenario(file or DEFAULT_SCENARIO)
                request = Request(
                    holder=holder,
                    objectives=tuple(objective or ("settlement",)),
                    levers=tuple(lever or ()),
                    constraints=tuple(constraint or ()),
                    trials=trials,
                    runs=runs,
                    seed=seed,
                    batch=batch,
                    robust_draws=robust_draws,
                )
                with located(scenario, file or DEFAULT_SCENARIO):
                    result = optimize(scenario, request, config, store=store, progress=update)
    except KeyboardInterrupt:
        if store is not None:
            err.print(
                "[yellow]interrupted:[/] the finished trials are stored; "
                "`realpolitik optimize --resume ID` finishes the search"
            )
        raise
    doc = result.to_json()
    if as_json:
        print_json(doc)
        return
    typed = typed_document(doc)
    assert isinstance(typed, OptimizeDocument)
    out.print(front_table(typed))
    for line in _robust_lines(typed):
        out.print(line)
    out.print("[dim]A model's answer under the scenario's assumptions (docs/optimize.md).[/]")
    if result.run_id is not None and store is not None:
        out.print(f"[dim]stored as run {result.run_id} in {escaped(store.path)}[/]")


def register(app: typer.Typer) -> None:
    """Add ``optimize`` to the app."""
    app.command("optimize")(handle_errors(optimize_command))
