"""The static issues of a scenario with a war: the Monte Carlo of the issues outside it.

A scenario with a ``war`` runs month by month (``docs/dynamics.md``), but only
two kinds of issue take part: the war's issue (``war.issue``, whose scale
measures ground and terms) and each deal's issue (``deals[].issue``, solved
every month by the deal's own model). Every other issue is *static*: nothing
in the monthly engine reads it, so it is forecast exactly as in a scenario
without a war, by :func:`realpolitik.sim.montecarlo.simulate` on the scenario
reduced to those issues (:func:`static_scenario`) with the model chosen for
them (``--model``, default compromise) and the same master seed; its numbers
are those of ``realpolitik simulate`` on a file holding only those issues and
the actors with a stance on them.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from realpolitik.models import get_model
from realpolitik.results.schemas import Summary
from realpolitik.scenario import Scenario
from realpolitik.sim.backends import BackendName
from realpolitik.sim.montecarlo import simulate
from realpolitik.sim.params import param_plan

DEFAULT_MODEL = "compromise"
"""The model of the static issues when none is named."""


@dataclass(frozen=True, kw_only=True)
class StaticIssues:
    """The forecast of a war scenario's issues outside the war and its deals.

    Attributes:
        model: the static model's registry name.
        params: its options as used (distributions as their text).
        issues: per static issue id, its typed summary (none when there is no such issue).
    """

    model: str
    params: dict[str, Any]
    issues: dict[str, Summary]


def engine_issue_ids(scenario: Scenario) -> frozenset[str]:
    """The issues the monthly engine uses: the war's and every deal's."""
    ids = {deal.issue for deal in scenario.deals}
    if scenario.war is not None:
        ids.add(scenario.war.issue)
    return frozenset(ids)


def static_issue_ids(scenario: Scenario) -> list[str]:
    """Ids of the issues neither the war's nor a deal's, in file order."""
    engine = engine_issue_ids(scenario)
    return [issue.id for issue in scenario.issues if issue.id not in engine]


def static_scenario(scenario: Scenario) -> Scenario | None:
    """The scenario reduced to its static issues (None if it has none).

    Actors keep only their stances on those issues; actors with none are
    dropped, and so are the dynamic blocks (clock, war, levers, deals, events).
    """
    keep = set(static_issue_ids(scenario))
    if not keep:
        return None
    actors = [
        actor.model_copy(update={"stances": {k: s for k, s in actor.stances.items() if k in keep}})
        for actor in scenario.actors
        if keep.intersection(actor.stances)
    ]
    return Scenario(
        format=scenario.format,
        metadata=scenario.metadata,
        salience_scale=scenario.salience_scale,
        issues=[issue for issue in scenario.issues if issue.id in keep],
        actors=actors,
        model_params=scenario.model_params,
        uncertainty=scenario.uncertainty,
    )


def _options(scenario: Scenario, model: str, params: Mapping[str, Any] | None) -> dict[str, Any]:
    """Check the model and its options without issues to run; return them as used."""
    pplan, extra = param_plan(get_model(model), scenario, params or {}, 0)
    data: dict[str, Any] = pplan.center.model_dump(mode="json")
    data.update({name: item.dist.text for name, item in zip(pplan.names, extra, strict=True)})
    return data


def simulate_static_issues(
    scenario: Scenario,
    model: str = DEFAULT_MODEL,
    *,
    runs: int,
    seed: int,
    params: Mapping[str, Any] | None = None,
    backend: BackendName = "serial",
    workers: int | None = None,
    scheduler: str | None = None,
    chunk_blocks: int = 4,
) -> StaticIssues:
    """The Monte Carlo of the static issues: the model, its options and each issue's summary.

    ``issues`` maps each static issue id to its typed summary (as in
    ``realpolitik simulate --json`` without a war); ``{}`` when the scenario
    has no static issue, the model and its options still checked. Static
    issues without uncertain inputs under a deterministic model get a point
    forecast, silently (the war around them still varies from run to run).

    Raises:
        InputError: unknown model, bad options, or issues the model cannot solve.
    """
    reduced = static_scenario(scenario)
    if reduced is None:
        return StaticIssues(model=model, params=_options(scenario, model, params), issues={})
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="the scenario has no uncertain inputs")
        result = simulate(
            reduced,
            model,
            runs=runs,
            seed=seed,
            params=params,
            backend=backend,
            workers=workers,
            scheduler=scheduler,
            chunk_blocks=chunk_blocks,
        )
    return StaticIssues(model=result.model, params=result.params, issues=result.issues)
