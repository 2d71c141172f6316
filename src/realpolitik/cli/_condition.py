"""``realpolitik simulate --observations FILE``: the war's forecast conditioned on what happened.

Prints the conditioned forecast as ``simulate`` prints a war (its months
after ``as_of`` are the forecast proper), then the conditioning: the month of
the last observation, the effective sample size (and the notice when it is
too small) and the share of the weight each observation removed; or one
JSON document with its ``conditioning`` block (docs/dynamics.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from rich.table import Table
from rich.text import Text

from realpolitik.app.condition import condition
from realpolitik.cli._common import err, out, parse_params, print_json, scale_label
from realpolitik.cli._dynamics import BACKEND_OPTS, _print_static
from realpolitik.dynamics.display import renderables
from realpolitik.scenario import Scenario
from realpolitik.sim.static_issues import DEFAULT_MODEL
from realpolitik.store import Store


def run_conditioned(
    scenario: Scenario,
    observations: str | None,
    store: Store | None,
    *,
    runs: int,
    seed: int | None,
    opts: dict[str, Any],
    as_json: bool,
    model: str | None = None,
    params: list[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Condition, record and print (``observations``: a file, or None for the scenario's block)."""
    result = condition(
        scenario,
        observations,
        runs=runs,
        seed=seed,
        model=model or DEFAULT_MODEL,
        params=parse_params(params),
        progress=progress,
        store=store,
        **{k: v for k, v in opts.items() if k in BACKEND_OPTS},
    )
    doc = {"run_id": result.run_id, **result.to_json()}
    notice = doc["conditioning"]["notice"]
    if notice:
        err.print(f"[yellow]notice:[/] {notice}")
    if as_json:
        print_json(doc)
        return
    assert scenario.war is not None
    issue = scenario.issue(scenario.war.issue)
    label = f"{issue.name or issue.id} ({scale_label(issue)})"
    defender = next(a.label for a in scenario.actors if a.id == scenario.war.defender.actor)
    for item in renderables(doc, label, defender)[:-1]:  # no lever sensitivity when conditioned
        out.print(item)
    out.print(conditioning_table(doc["conditioning"]))
    _print_static(doc)
    if store is not None:
        out.print(f"[dim]stored as run {result.run_id} in {store.path}[/]")


def conditioning_table(c: Mapping[str, Any]) -> Table:
    """The observations in the order weighed: the share of the weight each removed."""
    table = Table(
        title=f"Conditioned on {c['observations']} observations through {c['as_of']}: "
        f"ESS {c['ess']:.0f} of {c['runs']} runs (forecast from the month after)"
    )
    for col in ("observation", "weight removed"):
        table.add_column(col, justify="left" if col == "observation" else "right")
    for w in c["weights"]:
        table.add_row(Text(w["observation"]), f"{w['removed']:.0%}")
    return table
