"""Result objects of the notebook API: Monte Carlo simulations and model comparisons.

Each is the engine's (or the application layer's) result with the
:class:`~realpolitik.notebook.view.Notebook` views added: ``to_pandas(table)``,
``_repr_html_`` and ``figures()``. They are still the same objects (a
:class:`Simulation` is a :class:`realpolitik.sim.montecarlo.SimulationResult`),
so everything that takes the engine's result takes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar

import numpy as np

from realpolitik.app.compare import Comparison
from realpolitik.app.results import SimulationResult, run_inputs
from realpolitik.arrays import FloatArray
from realpolitik.notebook import frames as fr
from realpolitik.notebook.view import Columns, Notebook, short
from realpolitik.results.schemas import Summary, dump
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
        medians = {k: v.median for k, v in self.issues.items()}
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
            return fr.summary_rows(sc, _data(self.issues))
        if table == "probabilities":
            return fr.probability_rows(sc, _data(self.issues))
        if table == "outcomes":
            return fr.outcomes(sc, self.outcomes)
        if table == "samples":
            return fr.samples(*self.samples)
        return fr.wide_runs(*self.samples, sc, self.outcomes)

    def headline(self) -> tuple[str, Columns]:
        return f"{self.runs} runs, model {self.model}, seed {self.seed}", _pivot(
            self.scenario, _data(self.issues)
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


def _pivot(scenario: Scenario, summaries: dict[str, dict[str, Any]]) -> Columns:
    """One row per issue dimension: mean, median, 5% and 95% quantiles."""
    cols = fr.point_rows(scenario, {k: v["median"] for k, v in summaries.items()}, "median")
    for name, key in (("mean", "mean"), ("5%", "0.05"), ("95%", "0.95")):
        vals = {k: (v[key] if key == "mean" else v["quantiles"][key]) for k, v in summaries.items()}
        cols[name] = fr.point_rows(scenario, vals, "x")["x"]
    return cols


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
        for m in self.models:
            cols: Columns = {"model": []}  # first column
            cols.update(fr.point_rows(sc, m.forecast, "forecast"))
            cols["model"] = np.full(len(cols["issue"]), m.model, dtype=object)
            if m.summary is not None:
                piv = _pivot(sc, _data(m.summary))
                cols.update({"median": piv["median"], "mean": piv["mean"]})
                cols.update({"q0.05": piv["5%"], "q0.95": piv["95%"]})
            parts.append(cols)
        return fr.concat(parts)

    def headline(self) -> tuple[str, Columns]:
        """Issues down, models across: each model's forecast (the median over the runs, if any)."""
        sc = self.scenario
        first = fr.point_rows(sc, self.models[0].forecast, "x")
        cols: Columns = {"issue": first["issue_name"], "dimension": first["dimension"]}
        for m in self.models:
            values = (
                m.forecast if m.summary is None else {k: v.median for k, v in m.summary.items()}
            )
            cols[m.model] = fr.point_rows(sc, values, "x")["x"]
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


def _data(summaries: dict[str, Summary]) -> dict[str, dict[str, Any]]:
    """Typed summaries as their JSON data, by issue id (what the tables are made from)."""
    return {k: dump(v) for k, v in summaries.items()}
