"""Backtests: every model scored on issues whose outcome is known."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from realpolitik.backtest.cases import load_cases
from realpolitik.backtest.document import backtest_document
from realpolitik.backtest.record import record_backtest
from realpolitik.backtest.runner import BAR, DRAWS, Backtest, run_backtest
from realpolitik.io.deu_missing import Missing
from realpolitik.results.schemas import BacktestDocument, dump
from realpolitik.sim.sink import RunSink

__all__ = ["BAR", "DRAWS", "BacktestRun", "backtest", "backtest_document_of"]


@dataclass(frozen=True, kw_only=True)
class BacktestRun:
    """A backtest, its typed document (``backtest --json``) and its id in the sink.

    Attributes:
        backtest: the forecasts and outcomes (:class:`~realpolitik.backtest.runner.Backtest`).
        document: the document, checked against its schema.
        data: the same document as JSON-ready data (what ``--json`` prints).
        run_id: its id in the sink (None when not recorded).
    """

    backtest: Backtest
    document: BacktestDocument
    data: dict[str, Any]
    run_id: int | None

    def to_json(self) -> dict[str, Any]:
        """The ``backtest --json`` document."""
        return self.data


def backtest(
    source: str | Path,
    models: Sequence[str] | None = None,
    *,
    seed: int = 0,
    draws: int = DRAWS,
    cases: bool = False,
    sink: RunSink | None = None,
    missing: Missing = "drop",
) -> BacktestRun:
    """Score ``models`` (None: all) on the cases of ``source``; the compromise model is the bar.

    ``missing``: a DEU table's positions without a salience and actors without
    a capability are dropped (one notice), imputed or refused
    (:mod:`realpolitik.io.deu_missing`).

    Raises:
        InputError: unreadable source, no case with an outcome, unknown model.
    """
    start = time.perf_counter()
    bt = run_backtest(load_cases(source, missing=missing), models, seed=seed, draws=draws)
    document = backtest_document(bt, cases=cases)
    run_id = None
    if sink is not None:
        elapsed = time.perf_counter() - start
        run_id = record_backtest(sink, bt, dump(document), elapsed, str(source))
        document = document.model_copy(update={"run_id": run_id})
    return BacktestRun(backtest=bt, document=document, data=dump(document), run_id=run_id)


def backtest_document_of(bt: Backtest, *, cases: bool = False) -> BacktestDocument:
    """The typed ``backtest --json`` document of a backtest (``cases``: with per-case entries)."""
    return backtest_document(bt, cases=cases)
