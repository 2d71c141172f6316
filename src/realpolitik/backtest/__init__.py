"""Backtests: every model against decisions whose outcome is known.

- :mod:`~realpolitik.backtest.cases`: issues with outcomes from DEU tables,
  scenario files or directories, with their cross-validation groups.
- :mod:`~realpolitik.backtest.scoring`: absolute error, interval coverage,
  pinball loss, CRPS (samples or quantiles), Brier and log scores.
- :mod:`~realpolitik.backtest.runner`: run models side by side, the
  compromise model as the bar; n/a cases with their reasons.
- :mod:`~realpolitik.backtest.document`, :mod:`~realpolitik.backtest.record`:
  the JSON document and the results store.
- :mod:`~realpolitik.backtest.fit`: fitting ``eu_calibrated`` with nested,
  grouped cross-validation (see ``docs/backtest.md``).
"""

from realpolitik.backtest.cases import Case, CaseSet, load_cases
from realpolitik.backtest.document import backtest_document
from realpolitik.backtest.runner import BAR, Backtest, ModelResult, run_backtest

__all__ = [
    "BAR",
    "Backtest",
    "Case",
    "CaseSet",
    "ModelResult",
    "backtest_document",
    "load_cases",
    "run_backtest",
]
