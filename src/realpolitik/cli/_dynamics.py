"""``realpolitik simulate`` on a scenario with a war: the monthly engine (docs/dynamics.md).

Called by :mod:`realpolitik.cli.simulate` when the scenario has a ``war``
block; prints the probability of each event by month, the terms, the deals and
the levers that move the settlement date most, or one JSON document.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from realpolitik.cli._common import out, print_json
from realpolitik.dynamics.api import simulate_dynamics
from realpolitik.dynamics.display import renderables
from realpolitik.scenario import Scenario
from realpolitik.store import Store


def run_dynamic(
    scenario: Scenario,
    store: Store,
    *,
    runs: int,
    seed: int | None,
    opts: dict[str, Any],
    as_json: bool,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Simulate, record the summary in the store, print it."""
    start = time.perf_counter()
    backend_opts = {k: v for k, v in opts.items() if k in ("backend", "workers", "chunk_blocks")}
    result = simulate_dynamics(scenario, runs=runs, seed=seed, progress=progress, **backend_opts)
    doc = result.to_json()
    run_id = store.record(
        kind="dynamics",
        scenario=scenario,
        model=None,
        params={},
        seed=result.seed,
        summary=doc,
        elapsed=time.perf_counter() - start,
        runs=runs,
        settings=backend_opts,
    )
    doc = {"run_id": run_id, **doc}
    if as_json:
        print_json(doc)
        return
    assert scenario.war is not None
    issue = scenario.issue(scenario.war.issue)
    label = f"{issue.name or issue.id} ({issue.bounds[0]:g}-{issue.bounds[1]:g} {issue.unit})"
    defender = next(a.label for a in scenario.actors if a.id == scenario.war.defender.actor)
    for item in renderables(doc, label.replace(" )", ")"), defender):
        out.print(item)
    out.print(f"[dim]stored as run {run_id} in {store.path}[/]")
