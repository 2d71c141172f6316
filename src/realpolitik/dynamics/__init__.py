"""War termination with third-party levers: the monthly clock of docs/models/spec.md §4.

``compile_dynamics(scenario)`` resolves a scenario's ``clock``, ``war``,
``levers``, ``deals`` and ``events``; ``simulate_block(dyn, n, rng)`` runs a
batch of runs on one generator; :func:`simulate_dynamics` runs any number of
runs in seeded blocks and summarises them (event probabilities by month,
terms, ground, range, levers, and the one-at-a-time lever sensitivity). See
docs/dynamics.md.
"""

from realpolitik.dynamics.api import DynamicsResult, simulate_dynamics
from realpolitik.dynamics.engine import simulate_block
from realpolitik.dynamics.output import DynamicsOutput
from realpolitik.dynamics.spec import CompiledDynamics, compile_dynamics
from realpolitik.dynamics.summary import summarize

__all__ = [
    "CompiledDynamics",
    "DynamicsOutput",
    "DynamicsResult",
    "compile_dynamics",
    "simulate_block",
    "simulate_dynamics",
    "summarize",
]
