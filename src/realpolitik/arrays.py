"""The array types every layer shares (one alias, so that no module imports more for it)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
"""A float64 array; in the engine the leading axis is the batch (one Monte Carlo run each)."""
