"""Result objects of the notebook API: war simulations, sensitivity analyses, backtests.

See :mod:`realpolitik.notebook.results` for what the views add.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar

import numpy as np

from realpolitik.app.backtest import backtest_document_of
from realpolitik.app.results import (
    Backtest,
    DynamicsResult,
    SensitivityResult,
    quantile_items,
    run_inputs,
)
from realpolitik.arrays import FloatArray
from realpolitik.notebook import frames as fr
from realpolitik.notebook.view import Columns, Notebook
from realpolitik.results.schemas import (
    BacktestDocument,
    DynamicDocument,
    EventCurve,
    LeverMonth,
    ScalarQuantiles,
)
from realpolitik.scenario import Scenario


@dataclass(frozen=True, kw_only=True, repr=False)
class WarSimulation(Notebook, DynamicsResult):
    """A war simulated month by month (see :func:`realpolitik.simulate`).

    Tables:
        ``events``: event (``settlement``, ``deal:<id>``, ``victory:<side>``),
        month, probability (that it has happened by the end of that month).
        ``months``: the ground held and the bargaining range, month by month:
        month, variable (ground, lower, upper), quantile, value.
        ``levers``: lever, month, on (share of runs where it is in force), mean size.
        ``runs``: one row per run: settled (month or empty), terms, victory
        (month or empty), victor, ground at the end, each deal's month, then
        the sampled inputs (the runs are simulated again, same seed, on first use).
        ``samples``: the sampled inputs: run, input, value.
        ``issues``: the issues outside the war (as ``Simulation.summary``).
    """

    TABLES: ClassVar[tuple[str, ...]] = ("events", "months", "levers", "runs", "samples", "issues")
    scenario: Scenario = field(repr=False)

    def __repr__(self) -> str:
        p = {k: round(v.probability, 3) for k, v in self.document.events.items()}
        return f"WarSimulation(runs={self.runs}, seed={self.seed}, probability={p})"

    @cached_property
    def samples(self) -> tuple[list[str], FloatArray]:
        """The uncertain inputs' names and their values in every run ``(runs, K)``."""
        return run_inputs(self, self.scenario)

    def columns(self, table: str) -> Columns:
        doc = self.document
        if table == "events":
            return _events(doc.events)
        if table == "months":
            return _months(doc)
        if table == "levers":
            return _levers(doc.levers)
        if table == "samples":
            return fr.samples(*self.samples)
        if table == "issues":
            return fr.summary_rows(self.scenario, doc.issues)
        return self._runs()

    def _runs(self) -> Columns:
        doc = self.document
        out, months = self.output, np.asarray([*doc.months, None], dtype=object)
        cols: Columns = {
            "run": np.arange(out.batch),
            "settled": months[out.settled],
            "terms": out.terms,
            "victory": months[out.victory],
            "victor": np.asarray(["", "defender", "attacker"], dtype=object)[out.victor + 1],
            "ground": out.ground[:, -1],
        }
        for j, deal in enumerate(doc.deals):
            cols[f"deal:{deal}"] = months[out.deal_month[:, j]]
        names, values = self.samples
        cols.update({name: values[:, j] for j, name in enumerate(names)})
        return cols

    def headline(self) -> tuple[str, Columns]:
        events = self.document.events
        cols: Columns = {
            "event": list(events),
            "probability": [v.probability for v in events.values()],
            "stderr": [v.stderr for v in events.values()],
            "median month": [v.median_month for v in events.values()],
        }
        return f"{self.runs} runs, seed {self.seed}: probability by the horizon", cols

    def report_data(self) -> Any:
        from realpolitik.report import ReportData
        from realpolitik.report.sources import footer

        sc = self.scenario
        return ReportData(
            title=sc.metadata.title,
            scenario=sc,
            simulation=self.document,
            footer=footer(model=self.document.model, seed=self.seed, scenario=sc, runs=self.runs),
        )


def _events(events: dict[str, EventCurve]) -> Columns:
    cols: dict[str, list[Any]] = {"event": [], "month": [], "probability": []}
    for name, e in events.items():
        by = e.probability_by
        cols["event"] += [name] * len(by)
        cols["month"] += list(by)
        cols["probability"] += list(by.values())
    return dict(cols)


def _months(doc: DynamicDocument) -> Columns:
    cols: dict[str, list[Any]] = {"month": [], "variable": [], "quantile": [], "value": []}

    def add(month: str, variable: str, quantiles: ScalarQuantiles) -> None:
        for q, v in quantile_items(quantiles):
            cols["month"].append(month)
            cols["variable"].append(variable)
            cols["quantile"].append(float(q))
            cols["value"].append(v)

    for month in doc.months:
        add(month, "ground", doc.ground[month])
        in_range = doc.range.get(month)  # None: no run still at war that month
        if in_range is not None:
            add(month, "lower", in_range.L)
            add(month, "upper", in_range.U)
    return dict(cols)


def _levers(levers: dict[str, dict[str, LeverMonth]]) -> Columns:
    cols: dict[str, list[Any]] = {"lever": [], "month": [], "on": [], "mean": []}
    for lever, by_month in levers.items():
        for month, v in by_month.items():
            cols["lever"].append(lever)
            cols["month"].append(month)
            cols["on"].append(v.on)
            cols["mean"].append(v.mean)
    return dict(cols)


@dataclass(frozen=True, kw_only=True, repr=False)
class Sensitivity(Notebook, SensitivityResult):
    """Sensitivity indices of every outcome (see :func:`realpolitik.sensitivity`).

    Tables:
        ``indices``: outcome, input, measure (``S1``, ``ST``, their ``_conf``
        intervals for Sobol; ``mu_star``, ``sigma`` … for Morris), value.
    """

    TABLES: ClassVar[tuple[str, ...]] = ("indices",)
    scenario: Scenario | None = field(default=None, repr=False)

    def __repr__(self) -> str:
        top = {k: v[0].input for k, v in self.document.outcomes.items() if v}
        return f"Sensitivity(method={self.method!r}, runs={self.runs}, most_influential={top})"

    def columns(self, table: str) -> Columns:
        cols: dict[str, list[Any]] = {"outcome": [], "input": [], "measure": [], "value": []}
        for outcome, rows in self.document.outcomes.items():
            for row in rows:
                for measure, v in row:  # a Sobol or Morris row's measures, by field
                    if measure == "input":
                        continue
                    cols["outcome"].append(outcome)
                    cols["input"].append(row.input)
                    cols["measure"].append(measure)
                    cols["value"].append(math.nan if v is None else v)
        return dict(cols)

    def report_data(self) -> Any:
        from realpolitik.report import ReportData
        from realpolitik.report.sources import footer

        sc = self.scenario
        return ReportData(
            title=sc.metadata.title if sc is not None else "Sensitivity",
            scenario=sc,
            sensitivity=self.document,
            footer=footer(model=self.model, seed=self.seed, scenario=sc, runs=self.runs),
        )


@dataclass(frozen=True, kw_only=True, repr=False)
class BacktestResult(Notebook, Backtest):
    """Models scored on cases with known outcomes (see :func:`realpolitik.backtest`).

    Tables:
        ``scores``: model, metric (``mae``, ``rmse`` … as in ``backtest --json``), value.
        ``forecasts``: case, dimension, outcome, model, forecast (NaN where n/a).

    The report has no backtest figures: :meth:`figures` returns none.
    """

    TABLES: ClassVar[tuple[str, ...]] = ("scores", "forecasts")

    @cached_property
    def document(self) -> BacktestDocument:
        """The typed ``backtest --json`` document (without the per-case entries)."""
        return backtest_document_of(self)

    def __repr__(self) -> str:
        maes = {k: v.mae for k, v in self.document.models.items()}
        return f"BacktestResult(cases={len(self.cases.cases)}, mae={maes})"

    def columns(self, table: str) -> Columns:
        if table == "scores":
            cols: dict[str, list[Any]] = {"model": [], "metric": [], "value": []}
            for model, scores in self.document.models.items():
                for metric, v in scores:  # every field of a model's scores, in order
                    if isinstance(v, int | float) and not isinstance(v, bool):
                        cols["model"].append(model)
                        cols["metric"].append(metric)
                        cols["value"].append(float(v))
            return dict(cols)
        ids = np.asarray([c.case_id for c in self.cases.cases], dtype=object)[self.item_case]
        return fr.concat(
            [
                {
                    "case": ids,
                    "dimension": self.item_dim,
                    "outcome": self.outcome,
                    "model": np.full(len(ids), name, dtype=object),
                    "forecast": r.forecast,
                }
                for name, r in self.models.items()
            ]
        )

    def report_data(self) -> Any:
        from realpolitik.report import ReportData

        return ReportData(title="Backtest")
