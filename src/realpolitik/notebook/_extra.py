"""Optional dependencies of the notebook API, with a message naming the extra."""

from __future__ import annotations

from typing import Any

NOTEBOOK_EXTRA = "pip install 'realpolitik[notebook]'"


class MissingExtraError(ImportError):
    """An optional dependency is not installed; the message says which extra brings it."""


def pandas() -> Any:
    """The ``pandas`` module, or :class:`MissingExtraError` naming the ``[notebook]`` extra."""
    try:
        import pandas as pd
    except ImportError:
        raise MissingExtraError(
            f"to_pandas() needs pandas, the optional extra [notebook]: {NOTEBOOK_EXTRA}"
        ) from None
    return pd
