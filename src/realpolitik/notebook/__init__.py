"""The notebook-first Python API: results as tidy DataFrames, HTML tables and figures.

- :func:`forecast`, :func:`simulate`, :func:`sensitivity`, :func:`backtest`,
  :func:`compare`: the verbs (also at the top level: ``realpolitik.forecast`` …).
- Their results: :class:`ForecastResult`, :class:`Simulation`,
  :class:`WarSimulation`, :class:`Sensitivity`, :class:`BacktestResult`,
  :class:`CompareResult`, each with ``to_pandas(table)``, ``_repr_html_`` and
  ``figures()``.
- :class:`MissingExtraError`: pandas (the ``[notebook]`` extra) is not installed.
"""

import importlib
from typing import Any

from realpolitik.notebook._extra import MissingExtraError
from realpolitik.notebook.api import backtest, compare, forecast, sensitivity, simulate

_LAZY = {
    "ForecastResult": "forecast_view",
    "CompareResult": "results",
    "Simulation": "results",
    "BacktestResult": "results_war",
    "Sensitivity": "results_war",
    "WarSimulation": "results_war",
}
"""Result classes whose modules import the application layer and the engines: loaded on
first use, so ``import realpolitik`` loads neither."""


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BacktestResult",
    "CompareResult",
    "ForecastResult",
    "MissingExtraError",
    "Sensitivity",
    "Simulation",
    "WarSimulation",
    "backtest",
    "compare",
    "forecast",
    "sensitivity",
    "simulate",
]
