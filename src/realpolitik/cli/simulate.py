"""``realpolitik simulate``: every forecast as a distribution (Monte Carlo).

A thin surface over :func:`realpolitik.app.simulate`, which decides between the
static Monte Carlo and the monthly war engine.
"""

from __future__ import annotations

from typing import Any, cast

import typer

from realpolitik.app import (
    DEFAULT_SCENARIO,
    BackendConfig,
    SimulationRequest,
    open_scenario,
    resume,
    simulate,
)
from realpolitik.app.condition import attach_observations
from realpolitik.app.simulate import KEEP, BackendName, Simulation
from realpolitik.cli._common import (
    NO_STORE_HELP,
    STORE_HELP,
    err,
    handle_errors,
    located,
    parse_params,
)
from realpolitik.cli._display import progress_bar, show_simulation
from realpolitik.errors import InputError
from realpolitik.results.document import scenario_hash
from realpolitik.rng import SEED_MAX
from realpolitik.store import Store, open_store


def backend_config(
    backend: str, workers: int | None, scheduler: str | None, chunk: int = 4
) -> BackendConfig:
    """The one backend-settings object, from the command line's four options."""
    kind = cast(BackendName, backend)  # checked by BackendConfig, with a clear message
    return BackendConfig(kind=kind, workers=workers, scheduler=scheduler, chunk_blocks=chunk)


def _check_file(store: Store, run_id: int, file: str | None) -> None:
    """Refuse to resume run ``run_id`` with a scenario FILE other than the one it started with."""
    record = store.get(run_id)
    if file is not None and scenario_hash(open_scenario(file)) != record.scenario_hash:
        raise InputError.one(
            f"the scenario in {file} differs from the one run {run_id} was started with; "
            "rerun it without --resume, or resume without FILE to use the stored scenario",
            field="--resume",
        )


def _resume(
    store: Store | None, run_id: int, file: str | None, settings: BackendConfig, **kw: Any
) -> Simulation:
    if store is None:
        raise InputError.one("--resume reads the store: drop --no-store", field="--resume")
    _check_file(store, run_id, file)
    return resume(store, run_id, settings=settings, **kw)


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
        "block; a bundled name): condition the war's forecast on it (docs/dynamics.md).",
    ),
) -> None:
    """Run a model many times on samples of the uncertain inputs; summarise each issue.

    A scenario with a war runs month by month (docs/dynamics.md); its issues
    outside the war and its deals are summarised as here, with --model and --param.
    """
    store = None if no_store else open_store(store_path)
    if store is None and keep != "none":
        raise InputError.one("--keep stores per-run rows: drop --no-store", field="--keep")
    settings = backend_config(backend, workers, scheduler, chunk)
    source = file or DEFAULT_SCENARIO
    try:
        with progress_bar("simulating", enabled=not as_json) as update:
            if resume_id is not None:
                result = _resume(
                    store, resume_id, file, settings, progress=update, commit_every=commit_every
                )
                scenario = store.scenario(resume_id) if store is not None else None
            else:
                scenario = open_scenario(source)
                if observations is not None:
                    scenario = attach_observations(scenario, observations)
                request = SimulationRequest(
                    runs=runs,
                    seed=seed,
                    model=model,
                    params=parse_params(param),
                    keep=keep,
                    commit_every=commit_every,
                )
                with located(scenario, source):
                    result = simulate(
                        scenario, request, settings=settings, sink=store, progress=update
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
    assert scenario is not None
    show_simulation(scenario, result, store, as_json)


def register(app: typer.Typer) -> None:
    """Add ``simulate`` to the app."""
    app.command("simulate")(handle_errors(simulate_command))
