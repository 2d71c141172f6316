"""Where a report's data comes from: a forecast, a stored run, or a JSON document.

The command line and the web app both build a :class:`ReportData` through
these functions, so a report looks the same wherever it is made.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from realpolitik.errors import InputError
from realpolitik.forecast import Forecast
from realpolitik.report.build import ReportData
from realpolitik.results.document import run_document, scenario_hash
from realpolitik.scenario import Scenario


def package_version() -> str:
    """The installed realpolitik version."""
    from realpolitik import __version__

    return str(__version__)


def footer(
    *,
    model: str | None,
    seed: int | None,
    scenario: Scenario | None = None,
    scenario_sha: str | None = None,
    version: str | None = None,
    **extra: Any,
) -> dict[str, str]:
    """The facts at the bottom of a report: model, seed, version, scenario hash, ..."""
    sha = scenario_sha or (scenario_hash(scenario) if scenario is not None else None)
    out = {
        "model": model or "-",
        "seed": "-" if seed is None else str(seed),
        "version": version or package_version(),
        "scenario hash": sha or "-",
    }
    out.update({k.replace("_", " "): str(v) for k, v in extra.items() if v is not None})
    return out


def from_forecast(
    fc: Forecast,
    *,
    simulation: Mapping[str, Any] | None = None,
    sensitivity: Mapping[str, Any] | list[Mapping[str, Any]] | None = None,
) -> ReportData:
    """A report of a deterministic forecast, with a simulation and sensitivity if given."""
    extra = {"runs": simulation.get("runs")} if simulation else {}
    return ReportData(
        title=fc.scenario.metadata.title,
        scenario=fc.scenario,
        run=run_document(fc),
        simulation=simulation,
        sensitivity=sensitivity,
        footer=footer(model=fc.model, seed=fc.seed, scenario=fc.scenario, **extra),
    )


def from_scenario(
    scenario: Scenario,
    *,
    model: str = "compromise",
    params: Mapping[str, Any] | None = None,
    seed: int | None = None,
    runs: int = 2000,
    sensitivity: str | None = "sobol",
    sensitivity_runs: int = 64,
) -> ReportData:
    """Run what the scenario calls for and report it.

    Always the deterministic forecast (inputs at their means); with ``runs > 1``
    and uncertain inputs, a Monte Carlo simulation and (unless ``sensitivity``
    is None) a Sobol or Morris analysis; for a scenario with a war, the monthly
    engine instead of the Monte Carlo (with its lever sensitivity).

    Args:
        scenario: the scenario.
        model: the bargaining model (static issues).
        params: its options.
        seed: the master seed (None: fresh entropy, shown in the report).
        runs: Monte Carlo runs (1: none).
        sensitivity: ``"sobol"``, ``"morris"`` or None.
        sensitivity_runs: Sobol base sample size or Morris trajectories.
    """
    from realpolitik.forecast import forecast
    from realpolitik.sim.rng import master_seed

    seed = master_seed(seed)
    fc = forecast(scenario, model=model, params=params, seed=seed)
    if runs <= 1:
        return from_forecast(fc)
    if scenario.is_dynamic:
        from realpolitik.dynamics.api import simulate_dynamics

        doc = simulate_dynamics(
            scenario, runs=runs, seed=seed, model=model, params=params
        ).to_json()
        return from_forecast(fc, simulation=doc)
    if not _uncertain(scenario):
        return from_forecast(fc)
    return from_forecast(
        fc,
        simulation=_simulate(scenario, model, params, seed, runs),
        sensitivity=_sensitivity(scenario, model, params, seed, sensitivity, sensitivity_runs),
    )


def _uncertain(scenario: Scenario) -> bool:
    from realpolitik.sim.uncertainty import input_plan

    return bool(input_plan(scenario).inputs)


def _simulate(
    scenario: Scenario, model: str, params: Mapping[str, Any] | None, seed: int, runs: int
) -> dict[str, Any]:
    from realpolitik.sim.montecarlo import simulate

    return simulate(scenario, model, runs=runs, seed=seed, params=params).to_json()


def _sensitivity(
    scenario: Scenario,
    model: str,
    params: Mapping[str, Any] | None,
    seed: int,
    method: str | None,
    runs: int,
) -> dict[str, Any] | None:
    if method is None:
        return None
    from realpolitik.sim.sensitivity import sensitivity_analysis

    result = sensitivity_analysis(
        scenario, model, method=method, runs=runs, seed=seed, params=params
    )
    return result.to_json()


def kind_of(document: Mapping[str, Any]) -> str:
    """``"run"`` (``run --json``), ``"simulation"``, ``"sensitivity"`` or ``"optimize"``."""
    if document.get("kind") == "optimize":
        return "optimize"
    if "trajectory" in document and "forecast" in document:
        return "run"
    if "issues" in document or "events" in document:
        return "simulation"
    if "outcomes" in document or "indices" in document:
        return "sensitivity"
    raise InputError.one(
        "not a realpolitik result document: expected the JSON of `run --json`, "
        "`simulate --json` or `sensitivity --json`",
    )


def from_document(
    document: Mapping[str, Any],
    *,
    scenario: Scenario | None = None,
    record: Mapping[str, Any] | None = None,
) -> ReportData:
    """A report of one result document (the summary of a stored run, or a saved JSON file).

    Args:
        document: the run, simulation or sensitivity document.
        scenario: the scenario it was made with, when known (summary table, actors' map).
        record: facts of the stored run (``id``, ``created``, ``version``, ...).
    """
    kind = kind_of(document)
    rec = dict(record or {})
    about = document.get("scenario")
    about = about if isinstance(about, Mapping) else {"title": about}
    title = (
        scenario.metadata.title
        if scenario is not None
        else str(about.get("title") or rec.get("scenario_title") or "")
    )
    sens = document if kind == "sensitivity" else None
    return ReportData(
        title=title or "realpolitik report",
        scenario=scenario,
        run=document if kind == "run" else None,
        simulation=document if kind == "simulation" else None,
        sensitivity=sens,
        optimize=document if kind == "optimize" else None,
        footer=footer(
            model=document.get("model") or rec.get("model"),
            seed=document.get("seed", rec.get("seed")),
            scenario=scenario,
            scenario_sha=rec.get("scenario_hash") or about.get("hash"),
            version=rec.get("version"),
            run_id=rec.get("id"),
            created=rec.get("created"),
            runs=document.get("runs"),
        ),
    )


def from_json_file(path: Path, scenario: Scenario | None = None) -> ReportData:
    """A report of a saved result document (``run --json > result.json``)."""
    from realpolitik.io.text import read_text

    try:
        document = json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise InputError.one(
            f"not valid JSON: {exc.msg}", file=str(path), line=exc.lineno
        ) from None
    if not isinstance(document, dict):
        raise InputError.one("a result document must be a JSON object", file=str(path), line=1)
    if scenario is not None:
        _check_same_scenario(document, scenario, path)
    try:
        return from_document(document, scenario=scenario)
    except InputError as exc:
        raise InputError.one(exc.problems[0].message, file=str(path)) from None


def _check_same_scenario(document: Mapping[str, Any], scenario: Scenario, path: Path) -> None:
    """Refuse a ``--scenario`` other than the one the document was computed on."""
    about = document.get("scenario")
    if not isinstance(about, Mapping):
        return
    made_with = about.get("hash")
    if made_with and made_with != scenario_hash(scenario):
        raise InputError.one(
            f"this result was computed on the scenario '{about.get('title', '')}', and "
            f"--scenario gives '{scenario.metadata.title}' (another scenario, or an edited "
            "copy): pass the file the result was made with, or leave --scenario out",
            file=str(path),
            field="scenario",
        )


def from_store(run_id: int, store_path: str | Path | None = None) -> ReportData:
    """A report of a run kept in the results store."""
    from realpolitik.store import open_store

    store = open_store(store_path)
    record = store.get(run_id)
    if record.kind == "backtest":
        raise InputError.one(
            f"run {run_id} is a backtest, which has a table rather than a report: see it with "
            f"`realpolitik runs show {run_id}`",
            field="ID",
        )
    if not record.complete or record.summary is None:
        again = (
            f"; finish it with `realpolitik simulate --resume {run_id}`"
            if record.kind in ("simulate", "dynamics")
            else f"; finish it with `realpolitik optimize --resume {run_id}`"
            if record.kind == "optimize"
            else ""
        )
        raise InputError.one(
            f"run {run_id} is {record.status}: it has no results to report yet{again}",
            field="ID",
        )
    scenario = store.scenario(run_id)
    return from_document(record.summary, scenario=scenario, record=record.to_json())
