"""Optional dependencies of the notebook API, with a message naming the extra."""

from __future__ import annotations

import importlib
from typing import Any

from realpolitik._extras import MissingExtraError, require

__all__ = ["MissingExtraError", "pandas"]


def pandas() -> Any:
    """The ``pandas`` module, or :class:`MissingExtraError` naming the ``[notebook]`` extra."""
    require("notebook", what="to_pandas()")
    return importlib.import_module("pandas")
