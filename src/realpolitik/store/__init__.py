"""The embedded results database: every run, its settings, summaries and tables.

``open_store(path)`` gives a :class:`Store` (path: argument, else the
``REALPOLITIK_STORE`` environment variable, else ``./realpolitik.duckdb``);
:func:`record_run` stores a deterministic run; Monte Carlo and sensitivity
analyses record themselves when given a store.
"""

from realpolitik.store.db import ENV_PATH, ENV_TIMEOUT, store_path
from realpolitik.store.record import forecast_rows, record_run
from realpolitik.store.runs import RunRecord, Store, open_store

__all__ = [
    "ENV_PATH",
    "ENV_TIMEOUT",
    "RunRecord",
    "Store",
    "forecast_rows",
    "open_store",
    "record_run",
    "store_path",
]
