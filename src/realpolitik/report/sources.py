"""A report's data from what was computed: a forecast, or a result document.

:mod:`realpolitik.app.report` computes what a scenario calls for, or reads a
stored run, and builds the :class:`ReportData` here, so a report looks the
same wherever it is made.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from realpolitik.errors import InputError
from realpolitik.forecast import Forecast
from realpolitik.report.build import ReportData
from realpolitik.report.consistency import check_dimensions
from realpolitik.results.document import run_document, scenario_hash
from realpolitik.results.schemas import check_document, dump, schema_kind
from realpolitik.scenario import Scenario


def package_version() -> str:
    """The installed realpolitik version."""
    from realpolitik._version import __version__

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
        run=dump(run_document(fc)),
        simulation=simulation,
        sensitivity=sensitivity,
        footer=footer(model=fc.model, seed=fc.seed, scenario=fc.scenario, **extra),
    )


REPORTED = {
    "run": "run",
    "simulate": "simulation",
    "simulate-dynamic": "simulation",
    "sensitivity": "sensitivity",
    "optimize": "optimize",
}
"""The part of a report each kind of result document fills."""


def kind_of(document: Mapping[str, Any]) -> str:
    """``"run"`` (``run --json``), ``"simulation"``, ``"sensitivity"`` or ``"optimize"``."""
    kind = REPORTED.get(schema_kind(document) or "")
    if kind is None:
        raise InputError.one(
            "not a result document a report draws: expected the JSON of `run --json`, "
            "`simulate --json` or `sensitivity --json`",
        )
    return kind


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
    check_document(document)
    check_dimensions(document, schema_kind(document) or "")  # what a schema cannot say
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
        raise InputError(replace(p, file=str(path)) for p in exc.problems) from None


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
