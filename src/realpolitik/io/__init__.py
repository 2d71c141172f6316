"""Reading and writing scenarios: scenario files and importers of other tools' formats."""

from realpolitik.io.loader import load_scenario, load_scenarios
from realpolitik.io.scenario_file import dump_scenario, load_scenario_file, save_scenario

__all__ = [
    "dump_scenario",
    "load_scenario",
    "load_scenario_file",
    "load_scenarios",
    "save_scenario",
]
