"""The domain: actors, issues, stances and the scenario that binds them.

Everything here is about names and meaning; :mod:`realpolitik.compile` turns a
scenario into arrays for the models.
"""

from realpolitik.scenario.models import (
    Actor,
    Issue,
    Metadata,
    Scenario,
    ScenarioProblems,
    Stance,
)

__all__ = ["Actor", "Issue", "Metadata", "Scenario", "ScenarioProblems", "Stance"]
