"""``realpolitik simulate`` on a scenario with a war: the monthly engine (docs/dynamics.md).

Called by :mod:`realpolitik.cli.simulate` when the scenario has a ``war``
block; prints the probability of each event by month, the terms, the deals and
the levers that move the settlement date most, then the distribution of every
issue outside the war and its deals (the static Monte Carlo, ``--model``), or
one JSON document.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from realpolitik.cli._common import out, parse_params, print_json, scale_label
from realpolitik.cli.simulate import probability_table, summary_table
from realpolitik.dynamics.api import DynamicsResult, resume_dynamics, simulate_dynamics
from realpolitik.dynamics.display import renderables
from realpolitik.errors import InputError
from realpolitik.richtext import escaped
from realpolitik.scenario import Scenario
from realpolitik.sim.evaluate import KEEP
from realpolitik.sim.montecarlo import COMMIT_SECONDS
from realpolitik.sim.static_issues import DEFAULT_MODEL
from realpolitik.store import Store

BACKEND_OPTS = ("backend", "workers", "scheduler", "chunk_blocks")


def check_options(keep: str) -> None:
    """Refuse a ``--keep`` the engine does not know (before the runs)."""
    if keep not in KEEP:
        raise InputError.one(f"--keep takes one of {', '.join(KEEP)}, got '{keep}'", field="keep")


def run_dynamic(
    scenario: Scenario,
    store: Store | None,
    *,
    runs: int,
    seed: int | None,
    opts: dict[str, Any],
    as_json: bool,
    keep: str = "none",
    model: str | None = None,
    params: list[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    commit_every: float = COMMIT_SECONDS,
) -> None:
    """Simulate, record the summary (and the per-run rows ``keep`` asks for), print it.

    ``model`` and ``params`` (``--model``, ``--param``) are for the static issues:
    those neither the war's nor a deal's (each deal names its model in the file).
    With a store, finished blocks are committed every ``commit_every`` seconds.
    """
    result = simulate_dynamics(
        scenario,
        runs=runs,
        seed=seed,
        model=model or DEFAULT_MODEL,
        params=parse_params(params),
        keep=keep,
        progress=progress,
        store=store,
        commit_every=commit_every,
        **{k: v for k, v in opts.items() if k in BACKEND_OPTS},
    )
    show(scenario, result, store, as_json)


def resume_dynamic(
    store: Store,
    run_id: int,
    *,
    opts: dict[str, Any],
    as_json: bool,
    progress: Callable[[int, int], None] | None = None,
    commit_every: float = COMMIT_SECONDS,
) -> None:
    """Finish the interrupted war simulation ``run_id`` of ``store`` and print it."""
    result = resume_dynamics(
        store,
        run_id,
        progress=progress,
        commit_every=commit_every,
        **{k: v for k, v in opts.items() if k in BACKEND_OPTS},
    )
    show(store.scenario(run_id), result, store, as_json)


def show(scenario: Scenario, result: DynamicsResult, store: Store | None, as_json: bool) -> None:
    """Print a simulated war: one JSON document, or its tables."""
    doc = {"run_id": result.run_id, **result.to_json()}
    if as_json:
        print_json(doc)
        return
    assert scenario.war is not None
    issue = scenario.issue(scenario.war.issue)
    label = f"{issue.name or issue.id} ({scale_label(issue)})"
    defender = next(a.label for a in scenario.actors if a.id == scenario.war.defender.actor)
    for item in renderables(doc, label, defender):
        out.print(item)
    _print_static(doc)
    if store is not None:
        out.print(f"[dim]stored as run {result.run_id} in {escaped(store.path)}[/]")


def _print_static(doc: dict[str, Any]) -> None:
    """The tables a static ``simulate`` prints, for the issues outside the war and its deals."""
    if not doc["issues"]:
        return
    out.print(summary_table(doc, "Issues outside the war and its deals"))
    probs = probability_table(doc["issues"])
    if probs is not None:
        out.print(probs)
