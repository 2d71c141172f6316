"""Scenarios in: a file (any format the importers read) or a bundled name."""

from __future__ import annotations

from pathlib import Path

from realpolitik.forecast import check
from realpolitik.io import load_scenario, load_scenarios
from realpolitik.scenario import Scenario

DEFAULT_SCENARIO = "minerals-deal-2025"
"""The bundled scenario every surface opens when none is named."""


def open_scenario(source: str | Path | None = None) -> Scenario:
    """The scenario in ``source`` (a file or a bundled name; None: the default one).

    Raises:
        InputError: the file is missing or has problems (each with its line and field).
    """
    return load_scenario(source if source is not None else DEFAULT_SCENARIO)


def open_scenarios(source: str | Path) -> list[Scenario]:
    """Every scenario in ``source`` (a DEU table holds one per issue)."""
    return load_scenarios(source)


def is_war(scenario: Scenario) -> bool:
    """Whether the scenario runs on the monthly war engine (it has a ``war`` block).

    The one place that decides between the war engine and the static models:
    simulation, sensitivity and reports all ask here.
    """
    return scenario.war is not None


def check_model(scenario: Scenario, model: str, params: dict[str, object] | None = None) -> None:
    """Whether ``model`` can run ``scenario`` with ``params`` (InputError with every reason)."""
    check(scenario, model, params)
