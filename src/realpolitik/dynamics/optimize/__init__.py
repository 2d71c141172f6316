"""What should the holder of the levers do? Search its strategies (docs/optimize.md).

:func:`optimize_strategies` searches a holder's levers (on/off, size,
threshold, start month) for the strategies that best meet one or more
objectives under constraints, with common random numbers across candidates
(:mod:`.evaluate`), Optuna's TPE or NSGA-II (:mod:`.search`), a fresh-runs
check against the winner's curse and a robustness analysis (:mod:`.robust`).
"""

from realpolitik.dynamics.optimize.api import Request, optimize_strategies
from realpolitik.dynamics.optimize.result import OptimizeResult
from realpolitik.dynamics.optimize.search import TrialRecord

__all__ = ["OptimizeResult", "Request", "TrialRecord", "optimize_strategies"]
