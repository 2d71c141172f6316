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

from pydantic import BaseModel, ConfigDict

from realpolitik.errors import InputError
from realpolitik.forecast import Forecast
from realpolitik.report.build import ReportData
from realpolitik.report.consistency import check_dimensions
from realpolitik.results.document import run_document, scenario_hash
from realpolitik.results.optimize_document import OptimizeDocument
from realpolitik.results.schemas import (
    DynamicDocument,
    RunDocument,
    SensitivityDocument,
    SimulationDocument,
    check_document,
    schema_kind,
)
from realpolitik.scenario import Scenario

Reported = (
    RunDocument | SimulationDocument | DynamicDocument | SensitivityDocument | OptimizeDocument
)
"""A document a report draws."""


class Stored(BaseModel):
    """Facts of a stored run, for the report's footer (the document may lack them).

    Read from the store's record (its ``to_json()``); its other facts are ignored.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: int | None = None
    created: str | None = None
    version: str | None = None
    model: str | None = None
    seed: int | None = None
    scenario_title: str | None = None
    scenario_hash: str | None = None


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
    run: RunDocument | None = None,
    simulation: SimulationDocument | DynamicDocument | None = None,
    sensitivity: SensitivityDocument | list[SensitivityDocument] | None = None,
) -> ReportData:
    """A report of a deterministic forecast, with a simulation and sensitivity if given.

    Args:
        fc: the forecast.
        run: its ``run`` document when already built (else built here).
        simulation, sensitivity: the documents of a simulation and sensitivity analysis.
    """
    extra: dict[str, Any] = {"runs": simulation.runs} if simulation is not None else {}
    return ReportData(
        title=fc.scenario.metadata.title,
        scenario=fc.scenario,
        run=run if run is not None else run_document(fc),
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


def typed(document: Mapping[str, Any] | Reported) -> Reported:
    """A result document read back (a stored summary, a saved file), typed and checked.

    The one place a report reads a document's data: checked against its
    schema (:func:`realpolitik.results.schemas.check_document`) and for what
    a schema cannot say (:func:`.consistency.check_dimensions`). A document
    already typed (a result's ``.document``) is taken as it is.

    Raises:
        InputError: not a document a report draws, or damaged (every problem with its field).
    """
    if not isinstance(document, Mapping):
        return document
    kind_of(document)
    checked = check_document(document)
    if not isinstance(checked, Reported):  # kind_of lets only these through
        raise InputError.one("not a result document a report draws")
    check_dimensions(checked)
    return checked


def from_document(
    document: Mapping[str, Any] | Reported,
    *,
    scenario: Scenario | None = None,
    record: Stored | None = None,
) -> ReportData:
    """A report of one result document (the summary of a stored run, or a saved JSON file).

    Args:
        document: the run, simulation, sensitivity or optimize document (its
            JSON data, typed here, or already typed).
        scenario: the scenario it was made with, when known (summary table, actors' map).
        record: facts of the stored run (id, creation time, version, ...).
    """
    doc = typed(document)
    rec = record or Stored()
    about, sha = _about(doc)
    title = scenario.metadata.title if scenario is not None else (about or rec.scenario_title or "")
    model = None if isinstance(doc, OptimizeDocument) else doc.model
    seed = rec.seed if isinstance(doc, RunDocument) else doc.seed
    return ReportData(
        title=title or "realpolitik report",
        scenario=scenario,
        run=doc if isinstance(doc, RunDocument) else None,
        simulation=doc if isinstance(doc, SimulationDocument | DynamicDocument) else None,
        sensitivity=doc if isinstance(doc, SensitivityDocument) else None,
        optimize=doc if isinstance(doc, OptimizeDocument) else None,
        footer=footer(
            model=model or rec.model,
            seed=seed,
            scenario=scenario,
            scenario_sha=rec.scenario_hash or sha,
            version=rec.version,
            run_id=rec.id,
            created=rec.created,
            runs=None if isinstance(doc, RunDocument) else doc.runs,
        ),
    )


def _about(doc: Reported) -> tuple[str | None, str | None]:
    """The title and hash of the scenario a document names (a run's has both)."""
    if isinstance(doc, RunDocument):
        return doc.scenario.title, doc.scenario.hash
    if isinstance(doc, DynamicDocument | OptimizeDocument):
        return doc.scenario, None
    return None, None


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
    try:
        doc = typed(document)
    except InputError as exc:
        raise InputError(replace(p, file=str(path)) for p in exc.problems) from None
    if scenario is not None:
        _check_same_scenario(doc, scenario, path)
    return from_document(doc, scenario=scenario)


def _check_same_scenario(document: Reported, scenario: Scenario, path: Path) -> None:
    """Refuse a ``--scenario`` other than the one the document was computed on."""
    title, made_with = _about(document)
    if made_with and made_with != scenario_hash(scenario):
        raise InputError.one(
            f"this result was computed on the scenario '{title or ''}', and "
            f"--scenario gives '{scenario.metadata.title}' (another scenario, or an edited "
            "copy): pass the file the result was made with, or leave --scenario out",
            file=str(path),
            field="scenario",
        )
