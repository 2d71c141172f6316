"""The JSON document of a deterministic run (``realpolitik run --json``).

Stable (fields are only added), documented in ``docs/json-output.md``, with its JSON
Schema in ``docs/schemas/run.json`` (:class:`realpolitik.results.schemas.RunDocument`)::

    {
      "model": "eum",
      "params": {...},
      "scenario": {"title": ..., "hash": ...},
      "forecast": {"<issue id>": value or [values per dimension]},
      "trajectory": [
        {"issue": id, "round": k, "median": ..., "mean": ...,
         "positions": {"<actor id>": value or [values]},
         "<series>": {"<actor id>": value},      # e.g. "r" (eum), "prob" (smp)
         "<records>": [...]}                     # e.g. "offers" (eum), "bargains" (smp)
      ],
      "notes": ["..."]
    }

Static models have one round (round 0, the input, whose median is the forecast).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from realpolitik.forecast import Forecast, value
from realpolitik.io.scenario_file import scenario_to_data
from realpolitik.models import get_model
from realpolitik.models.base import Trajectory
from realpolitik.results.schemas import Round, RunDocument, ScenarioRef, make
from realpolitik.scenario import Scenario


def scenario_hash(scenario: Scenario) -> str:
    """SHA-256 of the scenario's canonical JSON (equal scenarios, equal hashes)."""
    text = json.dumps(scenario_to_data(scenario), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def run_document(fc: Forecast) -> RunDocument:
    """The typed document of a forecast (its JSON: see the module docstring).

    Raises:
        InputError: a number in it is not finite (an input overflowed the model).
    """
    records_name = get_model(fc.model).info.records_name
    rounds: list[Round] = []
    notes: list[str] = []
    for issue_id, traj in fc.trajectories.items():
        actors = fc.arrays[issue_id].actor_ids
        rounds += _rounds(issue_id, actors, traj, records_name)
        notes += [f"{issue_id}: {n}" for n in traj.notes]
    return make(
        RunDocument,
        model=fc.model,
        params=fc.params.model_dump(mode="json"),
        scenario=make(
            ScenarioRef, title=fc.scenario.metadata.title, hash=scenario_hash(fc.scenario)
        ),
        forecast={k: value(t.forecast[0]) for k, t in fc.trajectories.items()},
        trajectory=rounds,
        notes=notes,
    )


def _rounds(
    issue_id: str, actors: tuple[str, ...], traj: Trajectory, records_name: str
) -> list[Round]:
    last = int(traj.rounds[0])
    out = []
    for k in range(last + 1):
        # a round carries one entry per model series and its records, typed but not named
        extra: dict[str, Any] = {
            name: {a: float(series[0, k, i]) for i, a in enumerate(actors)}
            for name, series in traj.series.items()
        }
        if k < len(traj.records):
            extra[records_name] = [dict(r) for r in traj.records[k]]
        out.append(
            make(
                Round,
                issue=issue_id,
                round=k,
                median=value(traj.median[0, k]),
                mean=value(traj.mean[0, k]),
                positions={a: value(traj.positions[0, k, i]) for i, a in enumerate(actors)},
                **extra,
            )
        )
    return out
