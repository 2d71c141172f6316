"""What a report is made of: named figures in titled sections, and the data behind them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import plotly.graph_objects as go

from realpolitik.report.tables import Table
from realpolitik.results.compare_document import CompareDocument
from realpolitik.results.optimize_document import OptimizeDocument
from realpolitik.results.schemas import (
    DynamicDocument,
    RunDocument,
    SensitivityDocument,
    SimulationDocument,
)
from realpolitik.scenario import Scenario


@dataclass(frozen=True, kw_only=True)
class Figure:
    """A named figure: ``key`` is unique in a report (ids, image file names)."""

    key: str
    figure: go.Figure


@dataclass(frozen=True, kw_only=True)
class Section:
    """A titled part of a report: some text, tables and figures."""

    key: str
    title: str
    text: str = ""
    points: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class ReportData:
    """Everything a report may show; absent parts are None.

    Every part is a typed document (:mod:`realpolitik.results.schemas`): a
    document read back is checked against its schema before it gets here
    (:func:`realpolitik.report.sources.from_document`).

    Attributes:
        title: the report's title.
        scenario: the scenario (summary table, actors' map).
        run: the ``run --json`` document (trajectories per actor per round).
        simulation: the ``simulate`` document (distributions; for a scenario
            with a war, events, ground, range, levers and their effects too).
        sensitivity: the ``sensitivity`` document (Sobol or Morris indices), or several.
        optimize: the ``optimize`` document (the strategies' front).
        comparison: the ``compare --json`` document (models side by side).
        footer: model, seed, version, scenario hash, ... (shown at the bottom).
    """

    title: str
    scenario: Scenario | None = None
    run: RunDocument | None = None
    simulation: SimulationDocument | DynamicDocument | None = None
    sensitivity: SensitivityDocument | list[SensitivityDocument] | None = None
    optimize: OptimizeDocument | None = None
    comparison: CompareDocument | None = None
    footer: Mapping[str, str] = field(default_factory=dict)
