"""The application layer: the verbs every surface calls, and nothing else does.

The command line, the web app, the report builder and the Python API parse
their input, call one of these verbs and render what it returns; the verbs
call the engine (models, the war engine, simulation, backtests). Which engine
a scenario runs on is decided here only (:func:`is_war`). Results go to a
*sink* (:class:`~realpolitik.sim.sink.RunSink`; the results store implements
it) and run where one :class:`~realpolitik.sim.backends.BackendConfig` says.

- scenarios: :func:`open_scenario`, :func:`open_scenarios`, :func:`is_war`, :func:`check_model`;
- :func:`forecast` (one run at the inputs' means), :func:`simulate`,
  :func:`resume` (static Monte Carlo or the monthly war engine), :func:`sensitivity`;
- :func:`report_data` (what a report shows, for a scenario, a stored run or a document);
- :func:`compare`: several models on one scenario, on the same draws (:mod:`.compare`).
"""

from realpolitik.app.compare import Comparison, compare
from realpolitik.app.forecast import ForecastRun, forecast
from realpolitik.app.models import check_model_name, model_spec, models
from realpolitik.app.report import ReportPlan, report_data, report_of_document, report_of_run
from realpolitik.app.scenarios import (
    DEFAULT_SCENARIO,
    check_model,
    is_war,
    open_scenario,
    open_scenarios,
)
from realpolitik.app.sensitivity import sensitivity
from realpolitik.app.simulate import Simulation, SimulationRequest, resume, simulate
from realpolitik.app.whatif import WhatIfResult, what_if
from realpolitik.sim.backends import BackendConfig

__all__ = [
    "DEFAULT_SCENARIO",
    "BackendConfig",
    "Comparison",
    "ForecastRun",
    "ReportPlan",
    "Simulation",
    "SimulationRequest",
    "WhatIfResult",
    "check_model",
    "check_model_name",
    "compare",
    "forecast",
    "is_war",
    "model_spec",
    "models",
    "open_scenario",
    "open_scenarios",
    "report_data",
    "report_of_document",
    "report_of_run",
    "resume",
    "sensitivity",
    "simulate",
    "what_if",
]
