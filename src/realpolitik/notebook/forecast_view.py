"""The notebook API's forecast: :class:`realpolitik.forecast.Forecast` with tables and figures.

A :class:`ForecastResult` is still a :class:`~realpolitik.forecast.Forecast`, so
everything that takes the engine's result takes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from realpolitik.app.results import Forecast, value
from realpolitik.notebook import frames as fr
from realpolitik.notebook.view import Columns, Notebook, short


@dataclass(frozen=True, kw_only=True, repr=False)
class ForecastResult(Notebook, Forecast):
    """A model's forecast of every issue (see :func:`realpolitik.forecast`).

    Tables:
        ``forecasts``: one row per issue (and dimension): issue, issue_name,
        dimension, model, forecast, input_mean (capability × salience weighted
        mean of the initial positions).
        ``positions``: every actor's position round by round: issue, round,
        actor, actor_name, dimension, position (round 0 = the input).
        ``rounds``: the model's median and weighted mean round by round.
    """

    TABLES: ClassVar[tuple[str, ...]] = ("forecasts", "positions", "rounds")

    @property
    def forecast(self) -> dict[str, float | list[float]]:
        """The forecast of each issue, by issue id (a list per dimension if several)."""
        return {k: value(t.forecast[0]) for k, t in self.trajectories.items()}

    def __repr__(self) -> str:
        return (
            f"ForecastResult(model={self.model!r}, scenario={self.scenario.metadata.title!r}, "
            f"forecast={short(self.forecast)})"
        )

    def columns(self, table: str) -> Columns:
        sc = self.scenario
        if table == "forecasts":
            cols = fr.point_rows(sc, self.forecast, "forecast")
            means = {k: value(t.mean[0, 0]) for k, t in self.trajectories.items()}
            cols["input_mean"] = fr.point_rows(sc, means, "m")["m"]
            cols["model"] = [self.model] * len(cols["issue"])
            return cols
        if table == "positions":
            return fr.concat(
                [
                    fr.positions(sc, k, t.positions[0], self.arrays[k].actor_ids)
                    for k, t in self.trajectories.items()
                ]
            )
        return fr.concat(
            [
                fr.rounds(k, fr.dims(sc.issue(k), t.median.shape[-1]), t.median[0], t.mean[0])
                for k, t in self.trajectories.items()
            ]
        )

    def headline(self) -> tuple[str, Columns]:
        cols = self.columns("forecasts")
        del cols["model"]
        return f"{self.scenario.metadata.title} — model: {self.model}", cols

    def report_data(self) -> Any:
        from realpolitik.report.sources import from_forecast

        return from_forecast(self)
