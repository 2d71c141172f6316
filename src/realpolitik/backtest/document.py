"""The backtest as one JSON document (``realpolitik backtest --json``).

::

    {"cases": n, "scored": m, "skipped": k, "files": [...], "bar": "compromise",
     "units": "...", "seed": s,
     "models": {"<name>": {"mae": ..., "median_ae": ..., "within10": ..., "within20": ...,
                           "coverage": {"0.5": ..., "0.8": ..., "0.9": ...} | null,
                           "crps": ... | null, "n": ..., "n_a": ..., "bar_mae": ...,
                           "seconds": ..., "in_sample": false}},
     "not_available": {"<name>": {"<case>": "reason"}},
     "per_case": [...]}              # with --cases

Models appear best first. A model fitted on the backtest's own file is
marked ``in_sample`` and carries its ``cross_validated`` figures.
"""

from __future__ import annotations

import numpy as np

from realpolitik.backtest.runner import BAR, Backtest
from realpolitik.results.schemas import BacktestDocument, CaseEntry, make

UNITS = "points of a 0-100 scale (each issue's bounds mapped to 0-100)"


def _value(x: float) -> float | None:
    return None if np.isnan(x) else round(float(x), 6)


def per_case(bt: Backtest) -> list[CaseEntry]:
    """One entry per scored item: the outcome and each model's forecast and error.

    Forecasts and outcomes are on the issue's own scale; errors in points.
    A model that could not run on the case has ``null`` and its reason under
    ``n/a``.
    """
    entries = []
    for i, (k, dim) in enumerate(zip(bt.item_case, bt.item_dim, strict=True)):
        case = bt.cases.cases[int(k)]
        a = case.arrays
        width = float(a.upper[dim] - a.lower[dim]) or 1.0
        to_scale = width / 100.0
        forecasts: dict[str, float | None] = {}
        errors: dict[str, float | None] = {}
        n_a: dict[str, str] = {}
        for name, r in bt.models.items():
            f = float(r.forecast[i])
            forecasts[name] = _value(float(a.lower[dim]) + f * to_scale)
            errors[name] = _value(abs(f - float(bt.outcome[i])))
            if case.case_id in r.reasons:
                n_a[name] = r.reasons[case.case_id]
        entry = make(
            CaseEntry,
            case=case.case_id,
            group=case.group,
            dimension=int(dim),
            outcome=float(case.outcome[dim]),
            forecasts=forecasts,
            errors=errors,
            n_a=n_a,
        )
        entries.append(entry)
    return entries


def backtest_document(bt: Backtest, cases: bool = False) -> BacktestDocument:
    """The typed document of a backtest (``cases``: add the per-case entries).

    Raises:
        InputError: a number in it is not finite.
    """
    extra = {"per_case": per_case(bt)} if cases else {}
    return make(
        BacktestDocument,
        cases=len(bt.cases.cases),
        scored=int(bt.outcome.size),
        skipped=bt.cases.skipped,
        files=list(bt.cases.files),
        bar=BAR,
        units=UNITS,
        seed=bt.seed,
        models=bt.scores(),
        not_available={n: dict(r.reasons) for n, r in bt.models.items() if r.reasons},
        **extra,
    )
