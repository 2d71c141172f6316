"""Record a backtest in the results store (kind ``backtest``).

The stored run holds the JSON document as its summary, every model's
forecast and error per case as tidy rows (variables ``outcome``,
``forecast:<model>``, ``error:<model>``, at step -1), and the cases' inputs as
one merged scenario (:func:`merged_scenario`), so that the run can be
inspected and redone from the store alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from realpolitik.backtest.runner import Backtest
from realpolitik.results.table import FORECAST_STEP, SCHEMA
from realpolitik.scenario import Scenario
from realpolitik.scenario.models import Actor, Issue, Metadata, Stance
from realpolitik.scenario.uncertain import Distribution, center
from realpolitik.sim.sink import RunSink


def _rescale(value: Any, factor: float) -> Any:
    """A salience (number, distribution or list of them) times ``factor`` (1: unchanged).

    Distributions are taken at their mean when rescaled.
    """
    if factor == 1.0:
        return value
    if isinstance(value, list):
        return [_rescale(v, factor) for v in value]
    return (center(value) if isinstance(value, Distribution) else float(value)) * factor


def _unique(ids: set[str], wanted: str) -> str:
    k, out = 1, wanted
    while out in ids:
        k += 1
        out = f"{wanted}#{k}"
    ids.add(out)
    return out


def merged_scenario(scenarios: Sequence[Scenario], title: str) -> Scenario:
    """All issues and actors of several scenarios in one (ids made unique with ``#k``).

    Actors with the same id and the same definition (capability, risk, name,
    attributes) are merged; others are renamed. Saliences are brought to the
    first scenario's scale. DEU tables (one scenario per issue, same actors)
    merge into one scenario with every issue.
    """
    unique = list({id(s): s for s in scenarios}.values())
    scale = unique[0].salience_scale
    issues: list[Issue] = []
    actors: dict[str, Actor] = {}
    issue_ids: set[str] = set()
    actor_ids: set[str] = set()
    sources: dict[str, None] = {}
    for sc in unique:
        factor = scale / sc.salience_scale
        renamed = {i.id: _unique(issue_ids, i.id) for i in sc.issues}
        issues += [i.model_copy(update={"id": renamed[i.id]}) for i in sc.issues]
        sources.update(dict.fromkeys(sc.metadata.sources))
        for actor in sc.actors:
            stances = {
                renamed[k]: Stance(
                    position=s.position, salience=_rescale(s.salience, factor), source=s.source
                )
                for k, s in actor.stances.items()
            }
            _add_actor(actors, actor_ids, actor, stances)
    return Scenario(
        metadata=Metadata(title=title, sources=list(sources)),
        salience_scale=scale,
        issues=issues,
        actors=list(actors.values()),
    )


def _same(a: Actor, b: Actor) -> bool:
    keys = ("capability", "risk", "name", "attributes")
    return all(getattr(a, k) == getattr(b, k) for k in keys)


def _add_actor(
    actors: dict[str, Actor], ids: set[str], actor: Actor, stances: dict[str, Stance]
) -> None:
    current = actors.get(actor.id)
    if current is not None and _same(current, actor):
        actors[actor.id] = current.model_copy(update={"stances": {**current.stances, **stances}})
        return
    new_id = actor.id if current is None and actor.id not in ids else _unique(ids, actor.id)
    ids.add(new_id)
    actors[new_id] = actor.model_copy(update={"id": new_id, "stances": stances})


def backtest_rows(bt: Backtest) -> pa.Table:
    """Tidy rows: outcome, and each model's forecast and error, per case and dimension."""
    ids = np.array([c.case_id for c in bt.cases.cases])[bt.item_case]
    m = ids.size
    parts = [("outcome", bt.outcome)]
    for name, r in bt.models.items():
        parts.append((f"forecast:{name}", r.forecast))
        parts.append((f"error:{name}", np.abs(r.forecast - bt.outcome)))
    variables = np.repeat([p[0] for p in parts], m)
    values = np.concatenate([p[1] for p in parts])
    keep = ~np.isnan(values)
    k = int(keep.sum())
    columns = {
        "run": np.zeros(k, dtype=np.int64),
        "step": np.full(k, FORECAST_STEP, dtype=np.int32),
        "actor": pa.nulls(k, pa.string()),
        "issue": np.tile(ids, len(parts))[keep],
        "dimension": np.tile(bt.item_dim, len(parts))[keep].astype(np.int32),
        "variable": variables[keep],
        "value": values[keep],
    }
    return pa.table(columns, schema=SCHEMA)


def record_backtest(
    store: RunSink, bt: Backtest, document: Mapping[str, Any], elapsed: float, source: str
) -> int:
    """Record a finished backtest in ``store``; returns its run id."""
    scenario = merged_scenario([c.scenario for c in bt.cases.cases], f"Backtest: {source}")
    return store.record(
        kind="backtest",
        scenario=scenario,
        model=",".join(bt.models),
        params={"models": list(bt.models)},
        seed=bt.seed,
        summary=dict(document),
        elapsed=elapsed,
        settings={"source": source, "files": list(bt.cases.files), "cases": len(bt.cases.cases)},
        rows=backtest_rows(bt),
    )
