"""What a report is made of: named figures in titled sections, and the data behind them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go

from realpolitik.report.tables import Table
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
    tables: list[Table] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class ReportData:
    """Everything a report may show; absent parts are None.

    Attributes:
        title: the report's title.
        scenario: the scenario (summary table, actors' map).
        run: the ``run --json`` document (trajectories per actor per round).
        simulation: the ``simulate`` JSON document (distributions; for a
            dynamic scenario events, ground, range and levers too).
        sensitivity: sensitivity indices, ``{"output": name, "method": ...,
            "indices": {input: {measure: value}}}`` or a list of those.
        optimize: the ``optimize`` JSON document (the strategies' front).
        comparison: the ``compare --json`` document (models side by side).
        footer: model, seed, version, scenario hash, ... (shown at the bottom).
    """

    title: str
    scenario: Scenario | None = None
    run: Mapping[str, Any] | None = None
    simulation: Mapping[str, Any] | None = None
    sensitivity: Mapping[str, Any] | list[Mapping[str, Any]] | None = None
    optimize: Mapping[str, Any] | None = None
    comparison: Mapping[str, Any] | None = None
    footer: Mapping[str, str] = field(default_factory=dict)
