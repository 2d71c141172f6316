"""realpolitik: model, run, question and check political negotiations.

The public API:

- :func:`load_scenario`, :func:`load_scenarios`, :func:`save_scenario`: files in, files out.
- :class:`Scenario` and its parts: the frozen domain objects.
- :func:`forecast`, :func:`simulate`, :func:`sensitivity`, :func:`compare`: the
  verbs, whose results have ``to_pandas()``, an HTML view and the report's
  figures (:mod:`realpolitik.notebook`, ``docs/notebook.md``; the backtest is
  :func:`realpolitik.notebook.backtest`, as ``realpolitik.backtest`` is its package).
- :func:`get_model`, :func:`model_names`: the model registry.
- :class:`InputError`: every bad input raises it, naming file, line and field.
"""

from realpolitik._version import __version__
from realpolitik.errors import InputError, Problem
from realpolitik.forecast import Forecast
from realpolitik.io import load_scenario, load_scenarios, save_scenario
from realpolitik.models import get_model, model_names
from realpolitik.notebook import compare, forecast, sensitivity, simulate
from realpolitik.scenario import Actor, Issue, Metadata, Scenario, Stance

__all__ = [
    "Actor",
    "Forecast",
    "InputError",
    "Issue",
    "Metadata",
    "Problem",
    "Scenario",
    "Stance",
    "__version__",
    "compare",
    "forecast",
    "get_model",
    "load_scenario",
    "load_scenarios",
    "model_names",
    "save_scenario",
    "sensitivity",
    "simulate",
]
