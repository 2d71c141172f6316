"""``realpolitik simulate``: every forecast as a distribution (Monte Carlo)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, cast

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from realpolitik.cli._common import (
    NO_STORE_HELP,
    STORE_HELP,
    err,
    handle_errors,
    located,
    out,
    parse_params,
    print_json,
)
from realpolitik.errors import InputError
from realpolitik.io import load_scenario
from realpolitik.results.document import scenario_hash
from realpolitik.scenario import Scenario
from realpolitik.sim.backends import BackendName
from realpolitik.sim.evaluate import KEEP
from realpolitik.sim.montecarlo import SimulationResult, resume, simulate
from realpolitik.sim.rng import SEED_MAX
from realpolitik.store import Store, open_store

DEFAULT_SCENARIO = "minerals-deal-2025"


@contextmanager
def progress_bar(label: str, enabled: bool = True) -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar on stderr; yields the callback (done, total)."""
    columns = (
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("runs"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, transient=True, disable=not enabled) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _fmt(v: Any, digits: int = 2) -> str:
    if isinstance(v, list):
        return ", ".join(_fmt(x, digits) for x in v)
    return f"{v:.{digits}f}"


def summary_table(doc: Mapping[str, Any], title: str) -> Table:
    """One row per issue: mean ± s.e., median, quartiles and 90 % interval.

    ``doc`` has the keys ``model``, ``runs``, ``seed`` and ``issues`` of the
    ``simulate --json`` document.
    """
    table = Table(title=f"{title} — model: {doc['model']}, {doc['runs']} runs, seed {doc['seed']}")
    for col in ("issue", "mean ± s.e.", "median", "50 % interval", "90 % interval"):
        table.add_column(col, justify="left" if col == "issue" else "right")
    for issue_id, s in doc["issues"].items():
        q = s["quantiles"]
        table.add_row(
            issue_id,
            f"{_fmt(s['mean'])} ± {_fmt(s['stderr']['mean'], 3)}",
            _fmt(s["median"]),
            f"{_fmt(q['0.25'])} – {_fmt(q['0.75'])}",
            f"{_fmt(q['0.05'])} – {_fmt(q['0.95'])}",
        )
    return table


def probability_table(issues: Mapping[str, Any]) -> Table | None:
    """Probability of each named range, with its standard error (None if no range)."""
    rows = [
        (issue_id, name, p, s["stderr"]["probabilities"][name])
        for issue_id, s in issues.items()
        for name, p in s["probabilities"].items()
    ]
    if not rows:
        return None
    table = Table(title="Named ranges")
    for col in ("issue", "range", "probability ± s.e."):
        table.add_column(col, justify="right" if col.startswith("prob") else "left")
    for issue_id, name, p, se in rows:
        table.add_row(issue_id, name, f"{_fmt(p, 3)} ± {_fmt(se, 3)}")
    return table


def _check_file(store: Store, run_id: int, file: str | None) -> None:
    """Refuse to resume run ``run_id`` with a scenario FILE other than the one it started with."""
    record = store.get(run_id)
    if file is not None and scenario_hash(load_scenario(file)) != record.scenario_hash:
        raise InputError.one(
            f"the scenario in {file} differs from the one run {run_id} was started with; "
            "rerun it without --resume, or resume without FILE to use the stored scenario",
            field="--resume",
        )


def _resume(store: Store, run_id: int, file: str | None, **kw: Any) -> SimulationResult:
    _check_file(store, run_id, file)
    return resume(store, run_id, **kw)


def _run(
    file: str | None,
    resume_id: int | None,
    store: Store | None,
    update: Callable[[int, int], None],
    opts: dict[str, Any],
    model: str,
    runs: int,
    seed: int | None,
    param: list[str] | None,
    keep: str,
    commit_every: float,
) -> SimulationResult:
    if resume_id is not None:
        if store is None:
            raise InputError.one("--resume reads the store: drop --no-store", field="--resume")
        return _resume(store, resume_id, file, progress=update, commit_every=commit_every, **opts)
    scenario = load_scenario(file or DEFAULT_SCENARIO)
    params = parse_params(param)
    with located(scenario, file or DEFAULT_SCENARIO):
        return simulate(
            scenario,
            model,
            runs=runs,
            seed=seed,
            params=params,
            keep=keep,
            store=store,
            progress=update,
            commit_every=commit_every,
            **opts,
        )


def _resume_war(
    store: Store | None,
    run_id: int,
    file: str | None,
    opts: dict[str, Any],
    as_json: bool,
    commit_every: float,
) -> bool:
    """Finish an interrupted war simulation (docs/dynamics.md); False if run_id is another kind."""
    if store is None:
        raise InputError.one("--resume reads the store: drop --no-store", field="--resume")
    if store.get(run_id).kind != "dynamics":
        return False
    _check_file(store, run_id, file)
    from realpolitik.cli._dynamics import resume_dynamic

    with progress_bar("simulating", enabled=not as_json) as update:
        resume_dynamic(
            store, run_id, opts=opts, as_json=as_json, progress=update, commit_every=commit_every
        )
    return True


def _dynamic(
    file: str | None,
    store: Store | None,
    runs: int,
    seed: int | None,
    opts: dict[str, Any],
    as_json: bool,
    options: tuple[str | None, list[str] | None, str, float],
    observations: str | None = None,
) -> bool:
    """Run a scenario with a war on the monthly engine (docs/dynamics.md); False if it has none.

    ``options`` is (--model, --param, --keep, --commit-every) as given: with a war, the
    model and its options forecast the static issues (neither the war's nor a deal's).
    """
    scenario = load_scenario(file or DEFAULT_SCENARIO)
    if scenario.war is None and observations is None:
        return False
    from realpolitik.cli._dynamics import check_options, run_dynamic

    model, param, keep, commit_every = options
    check_options(keep)
    if observations is not None or scenario.observations:
        _conditioned(scenario, observations, store, runs, seed, opts, as_json, options)
        return True
    with progress_bar("simulating", enabled=not as_json) as update:
        run_dynamic(
            scenario,
            store,
            runs=runs,
            seed=seed,
            opts=opts,
            as_json=as_json,
            keep=keep,
            model=model,
            params=param,
            progress=update,
            commit_every=commit_every,
        )
    return True


def _conditioned(
    scenario: Scenario,
    observations: str | None,
    store: Store | None,
    runs: int,
    seed: int | None,
    opts: dict[str, Any],
    as_json: bool,
    options: tuple[str | None, list[str] | None, str, float],
) -> None:
    """A war conditioned on observations (``--observations`` or the file's own block)."""
    from realpolitik.cli._condition import run_conditioned

    model, param, keep, _ = options
    if keep != "none":
        raise InputError.one("--keep is not available with observations", field="--keep")
    with progress_bar("conditioning", enabled=not as_json) as update:
        run_conditioned(
            scenario, observations, store, runs=runs, seed=seed, opts=opts, as_json=as_json,
            model=model, params=param, progress=update,
        )


def simulate_command(
    file: str | None = typer.Argument(
        None, help=f"Scenario file or bundled name (default: {DEFAULT_SCENARIO})."
    ),
    model: str | None = typer.Option(
        None,
        "--model",
        "-m",
        help="Model (see `models`; default compromise). With a war: the model of the issues "
        "outside the war and its deals (each deal names its model in the file).",
    ),
    runs: int = typer.Option(1000, "--runs", "-n", help="Monte Carlo runs."),
    seed: int | None = typer.Option(
        None, "--seed", min=0, max=SEED_MAX, help="Seed (default: fresh, shown)."
    ),
    param: list[str] | None = typer.Option(
        None,
        "--param",
        "-p",
        help="Model option KEY=VALUE; VALUE may be a distribution (with a war: of --model).",
    ),
    backend: str = typer.Option("serial", "--backend", help="serial, processes or dask."),
    workers: int | None = typer.Option(None, "--workers", "-w", help="Worker processes."),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Existing Dask scheduler, tcp://HOST:PORT."
    ),
    chunk: int = typer.Option(4, "--chunk", help="Blocks of 1024 runs per task."),
    commit_every: float = typer.Option(
        1.0, "--commit-every", min=0.0, help="Seconds between commits of finished chunks."
    ),
    keep: str = typer.Option("none", "--keep", help=f"Per-run rows to store: {', '.join(KEEP)}."),
    store_path: str | None = typer.Option(None, "--store", help=STORE_HELP),
    no_store: bool = typer.Option(False, "--no-store", help=NO_STORE_HELP),
    resume_id: int | None = typer.Option(
        None, "--resume", help="Finish the interrupted simulation with this run id."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
    observations: str | None = typer.Option(
        None,
        "--observations",
        "-o",
        help="What happened after the as-of date (CSV, or YAML with an 'observations' "
        "block): condition the war's forecast on it (docs/dynamics.md).",
    ),
) -> None:
    """Run a model many times on samples of the uncertain inputs; summarise each issue.

    A scenario with a war runs month by month (docs/dynamics.md); its issues
    outside the war and its deals are summarised as here, with --model and --param.
    """
    store = None if no_store else open_store(store_path)
    if store is None and keep != "none":
        raise InputError.one("--keep stores per-run rows: drop --no-store", field="--keep")
    kind = cast(BackendName, backend)  # checked by BackendConfig, with a clear message
    opts: dict[str, Any] = {
        "backend": kind,
        "workers": workers,
        "scheduler": scheduler,
        "chunk_blocks": chunk,
    }
    try:
        if resume_id is not None:
            if _resume_war(store, resume_id, file, opts, as_json, commit_every):
                return
        elif _dynamic(
            file, store, runs, seed, opts, as_json, (model, param, keep, commit_every), observations
        ):
            return
        with progress_bar("simulating", enabled=not as_json) as update:
            result = _run(
                file,
                resume_id,
                store,
                update,
                opts,
                model or "compromise",
                runs,
                seed,
                param,
                keep,
                commit_every,
            )
    except KeyboardInterrupt:
        if store is None:
            err.print("[yellow]interrupted:[/] nothing was stored (--no-store)")
            raise
        err.print(
            "[yellow]interrupted:[/] the completed chunks are stored; `realpolitik runs list` "
            "shows the incomplete run, `realpolitik simulate --resume ID` finishes it"
        )
        raise
    if as_json:
        print_json(result.to_json())
        return
    if store is not None and result.run_id is not None:
        title = store.get(result.run_id).scenario_title
    else:
        title = load_scenario(file or DEFAULT_SCENARIO).metadata.title
    out.print(summary_table(result.to_json(), title))
    probs = probability_table(result.issues)
    if probs is not None:
        out.print(probs)
    if store is not None:
        out.print(f"[dim]stored as run {result.run_id} in {store.path}[/]")


def register(app: typer.Typer) -> None:
    """Add ``simulate`` to the app."""
    app.command("simulate")(handle_errors(simulate_command))
