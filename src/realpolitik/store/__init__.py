"""The embedded results database: every run, its settings, summaries and tables.

``open_store(path)`` gives a :class:`Store` (path: argument, else the
``REALPOLITIK_STORE`` environment variable, else ``./realpolitik.duckdb``);
the store is the *sink* the application layer's verbs record runs in
(:class:`realpolitik.sim.sink.RunSink`).
"""

from realpolitik.store.db import ENV_PATH, ENV_TIMEOUT, store_path
from realpolitik.store.runs import RunRecord, Store, open_store

__all__ = [
    "ENV_PATH",
    "ENV_TIMEOUT",
    "RunRecord",
    "Store",
    "open_store",
    "store_path",
]
