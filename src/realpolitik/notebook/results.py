"""Result objects of the notebook API: Monte Carlo simulations and model comparisons.

Each is the engine's (or the application layer's) result with the
:class:`~realpolitik.notebook.view.Notebook` views added: ``to_pandas(table)``,
``_repr_html_`` and ``figures()``. They are still the same objects (a
:class:`Simulation` is a :class:`realpolitik.sim.montecarlo.SimulationResult`),
so everything that takes the engine's result takes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar

import numpy as np

from realpolitik.app.compare import Comparison
from realpolitik.app.results import SimulationResult, run_inputs
from realpolitik.arrays import FloatArray
from realpolitik.notebook import frames as fr
from realpolitik.notebook.view import Columns, Notebook, short
from realpolitik.results.compare_document import ModelEntry, Value
from realpolitik.results.schemas import Summary
from realpolitik.scenario import Scenario


@dataclass(frozen=True, kw_only=True, repr=False)
class Simulation(Notebook, SimulationResult):
    """Monte Carlo outcome distributions of every issue (see :func:`realpolitik.simulate`).

    Tables:
        ``summary``: issue, issue_name, dimension, statistic (mean, median,
        sd, q0.05 … q0.95), value, stderr (its Monte Carlo standard error).
        ``probabilities``: the named ranges: issue, dimension, range,
        probability, stderr.
        ``outcomes``: run, issue, dimension, value.
        ``samples``: the sampled inputs: run, input, value.
        ``runs``: one row per run: its inputs, then each issue's outcome.
    """

    TABLES: ClassVar[tuple[str, ...]] = ("summary", "probabilities", "outcomes", "samples", "runs")
    scenario: Scenario = field(repr=False)

    def __repr__(self) -> str:
        medians = {k: v.median for k, v in self.document.issues.items()}
        return (
            f"Simulation(model={self.model!r}, runs={self.runs}, seed={self.seed}, "
            f"inputs={len(self.inputs)}, median={short(medians)})"
        )

    @cached_property
    def samples(self) -> tuple[list[str], FloatArray]:
        """The uncertain inputs' names and their values in every run ``(runs, K)``."""
        return run_inputs(self, self.scenario, self.settings.get("overrides"))

    def columns(self, table: str) -> Columns:
        sc = self.scenario
        if table == "summary":
            return fr.summary_rows(sc, self.document.issues)
        if table == "probabilities":
            return fr.probability_rows(sc, self.document.issues)
        if table == "outcomes":
            return fr.outcomes(sc, self.outcomes)
        if table == "samples":
            return fr.samples(*self.samples)
        return fr.wide_runs(*self.samples, sc, self.outcomes)

    def headline(self) -> tuple[str, Columns]:
        return f"{self.runs} runs, model {self.model}, seed {self.seed}", _pivot(
            self.scenario, self.document.issues
        )

    def report_data(self) -> Any:
        from realpolitik.report import ReportData
        from realpolitik.report.sources import footer

        sc = self.scenario
        return ReportData(
            title=sc.metadata.title,
            scenario=sc,
            simulation=self.document,
            footer=footer(model=self.model, seed=self.seed, scenario=sc, runs=self.runs),
        )


def _pivot(scenario: Scenario, summaries: Mapping[str, Summary]) -> Columns:
    """One row per issue dimension: mean, median, 5% and 95% quantiles."""
    cols = fr.point_rows(scenario, {k: v.median for k, v in summaries.items()}, "median")
    for name, vals in (
        ("mean", {k: v.mean for k, v in summaries.items()}),
        ("5%", {k: v.quantiles.q05 for k, v in summaries.items()}),
        ("95%", {k: v.quantiles.q95 for k, v in summaries.items()}),
    ):
        cols[name] = fr.point_rows(scenario, vals, "x")["x"]
    return cols


def _entry_pivot(scenario: Scenario, entry: ModelEntry) -> Columns:
    """A compared model's median, mean, 5% and 95% quantiles, one row per issue dimension."""
    assert entry.median is not None
    assert entry.mean is not None
    assert entry.interval is not None

    def rows(values: Mapping[str, Value]) -> Any:
        return fr.point_rows(scenario, dict(values), "x")["x"]

    return {
        "median": rows(entry.median),
        "mean": rows(entry.mean),
        "5%": rows({k: v[0] for k, v in entry.interval.items()}),
        "95%": rows({k: v[1] for k, v in entry.interval.items()}),
    }


@dataclass(frozen=True, kw_only=True, repr=False)
class CompareResult(Notebook, Comparison):
    """Several models on one scenario (see :func:`realpolitik.compare`).

    Tables:
        ``forecasts``: one row per model and issue (and dimension): model,
        issue, issue_name, dimension, forecast (at the inputs' means) and,
        with runs, median, mean, q0.05, q0.95.
        ``outcomes``: with runs, every model's outcome in every run: model,
        run, issue, dimension, value (run ``k`` of every model saw the same
        sampled inputs).
    """

    TABLES: ClassVar[tuple[str, ...]] = ("forecasts", "outcomes")

    def __repr__(self) -> str:
        names = ", ".join(m.model for m in self.models)
        return (
            f"CompareResult(scenario={self.scenario.metadata.title!r}, models=[{names}], "
            f"runs={self.runs}, skipped={sorted(self.skipped)})"
        )

    def columns(self, table: str) -> Columns:
        sc = self.scenario
        if table == "outcomes":
            return fr.concat([fr.outcomes(sc, m.outcomes, model=m.model) for m in self.models])
        parts = []
        entries = self.document().models
        for m in self.models:
            cols: Columns = {"model": []}  # first column
            cols.update(fr.point_rows(sc, m.forecast, "forecast"))
            cols["model"] = np.full(len(cols["issue"]), m.model, dtype=object)
            if entries[m.model].median is not None:
                piv = _entry_pivot(sc, entries[m.model])
                cols.update({"median": piv["median"], "mean": piv["mean"]})
                cols.update({"q0.05": piv["5%"], "q0.95": piv["95%"]})
            parts.append(cols)
        return fr.concat(parts)

    def headline(self) -> tuple[str, Columns]:
        """Issues down, models across: each model's forecast (the median over the runs, if any)."""
        sc, entries = self.scenario, self.document().models
        first = fr.point_rows(sc, self.models[0].forecast, "x")
        cols: Columns = {"issue": first["issue_name"], "dimension": first["dimension"]}
        for m in self.models:
            median = entries[m.model].median  # None without runs
            values = m.forecast if median is None or not self.runs else median
            cols[m.model] = fr.point_rows(sc, dict(values), "x")["x"]
        what = (
            f"median of {self.runs} runs, same draws for every model"
            if self.runs
            else ("forecast at the inputs' means")
        )
        return f"{sc.metadata.title}: models compared ({what})", cols

    def report_data(self) -> Any:
        from realpolitik.report import ReportData
        from realpolitik.report.sources import footer

        sc = self.scenario
        return ReportData(
            title=f"{sc.metadata.title}: models compared",
            scenario=sc,
            comparison=self.document(),
            footer=footer(
                model=", ".join(m.model for m in self.models), seed=self.seed, scenario=sc
            ),
        )

