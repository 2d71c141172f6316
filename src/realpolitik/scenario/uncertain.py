"""Uncertain inputs: a number in a scenario may be a distribution.

Syntax (a string where a number is expected):

==========================  ==============================================
``60 ± 10`` / ``60 +- 10``  normal, mean 60, sd 10 (truncated to the bounds)
``60 ± 10%``                normal, sd 10 % of the mean
``normal(60, 10)``          the same as ``60 ± 10``
``uniform(40, 70)``         uniform on [40, 70]
``triangular(40, 50, 70)``  triangular: low, mode, high
``beta(2, 5)``              beta on [0, 1]; ``beta(2, 5, 40, 70)`` on [40, 70]
``choice(10, 20, 40)``      one of the values, equally likely
==========================  ==============================================

Every distribution is sampled by its inverse CDF from one uniform number per
draw, so a batch of ``B`` runs with ``K`` uncertain inputs consumes exactly a
``(B, K)`` block of uniforms: the numbers do not depend on how runs are
chunked.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any, Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer

from realpolitik.scenario.fields import not_bool

Kind = Literal["normal", "uniform", "triangular", "beta", "choice"]

_ARITY: dict[str, tuple[int, ...]] = {
    "normal": (2,),
    "uniform": (2,),
    "triangular": (3,),
    "beta": (2, 4),
}
_PM = re.compile(
    r"^\s*(?P<m>[-+]?[\d.eE+-]+)\s*(?:±|\+-|\+/-)\s*(?P<s>[\d.eE+-]+)\s*(?P<pct>%?)\s*$"
)
_CALL = re.compile(r"^\s*(?P<kind>[a-z]+)\s*\((?P<args>.*)\)\s*$")


class Distribution(BaseModel):
    """A probability distribution over one scalar input.

    Attributes:
        kind: the family.
        args: its parameters, in the order of the syntax above.
        text: the text it was written as (kept for round trips and messages).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Kind
    args: tuple[float, ...]
    text: str

    def __str__(self) -> str:
        return self.text

    @property
    def support(self) -> tuple[float, float]:
        """Smallest and largest value it can take (before truncation to bounds)."""
        a = self.args
        if self.kind == "normal":
            return (-math.inf, math.inf)
        if self.kind in ("uniform", "triangular"):
            return (a[0], a[-1])
        if self.kind == "beta":
            return (a[2], a[3]) if len(a) == 4 else (0.0, 1.0)
        return (min(a), max(a))

    @property
    def center(self) -> float:
        """The mean of the distribution (the value used when uncertainty is off)."""
        a = self.args
        if self.kind == "normal":
            return a[0]
        if self.kind == "uniform":
            return (a[0] + a[1]) / 2
        if self.kind == "triangular":
            return sum(a) / 3
        if self.kind == "beta":
            lo, hi = self.support
            return lo + (hi - lo) * a[0] / (a[0] + a[1])
        return float(np.mean(a))

    def ppf(
        self, u: NDArray[np.float64], lower: float = -math.inf, upper: float = math.inf
    ) -> NDArray[np.float64]:
        """Values for uniforms ``u`` in [0, 1) by the inverse CDF, truncated to [lower, upper].

        Truncation is exact for the normal (sampling the truncated law); other
        families are clipped (their support should lie inside the bounds,
        which validation checks).
        """
        a = self.args
        if self.kind == "normal":
            return _truncated_normal(u, a[0], a[1], lower, upper)
        if self.kind == "uniform":
            out = a[0] + u * (a[1] - a[0])
        elif self.kind == "triangular":
            out = _triangular(u, *a)
        elif self.kind == "beta":
            from scipy import special  # on demand: it costs ~0.17 s of CLI start-up

            lo, hi = self.support
            out = lo + (hi - lo) * special.betaincinv(a[0], a[1], u)
        else:
            values = np.asarray(a, dtype=np.float64)
            out = values[np.minimum((u * len(values)).astype(np.intp), len(values) - 1)]
        return np.clip(out, lower, upper)


def _truncated_normal(
    u: NDArray[np.float64], mean: float, sd: float, lower: float, upper: float
) -> NDArray[np.float64]:
    if sd == 0:
        return np.clip(np.full_like(u, mean), lower, upper)
    from scipy import special  # on demand: it costs ~0.17 s of CLI start-up

    lo = special.ndtr((lower - mean) / sd)
    hi = special.ndtr((upper - mean) / sd)
    p = lo + u * (hi - lo)
    out: NDArray[np.float64] = mean + sd * special.ndtri(np.clip(p, 1e-300, 1 - 1e-16))
    return np.clip(out, lower, upper)


def _triangular(u: NDArray[np.float64], lo: float, mode: float, hi: float) -> NDArray[np.float64]:
    if hi == lo:
        return np.full_like(u, lo)
    f = (mode - lo) / (hi - lo)
    left = lo + np.sqrt(u * (hi - lo) * (mode - lo))
    right = hi - np.sqrt((1 - u) * (hi - lo) * (hi - mode))
    return np.where(u < f, left, right)


def parse_distribution(text: str) -> Distribution:
    """Parse the syntax above; ``ValueError`` with a sentence saying what is wrong."""
    pm = _PM.match(text)
    if pm:
        mean, sd = _num(pm["m"], text), _num(pm["s"], text)
        if pm["pct"]:
            sd = abs(mean) * sd / 100
        return _checked("normal", (mean, sd), text)
    call = _CALL.match(text)
    if not call and re.fullmatch(r"\s*[-+]?\d+,\d+\s*", text):
        raise ValueError(
            f"'{text}' looks like a number with a decimal comma; write it with a decimal "
            f"point: {text.strip().replace(',', '.')}"
        )
    if not call:
        raise ValueError(
            f"'{text}' is neither a number nor a distribution; write e.g. 60, '60 ± 10', "
            "'uniform(40, 70)', 'triangular(40, 50, 70)', 'beta(2, 5)' or 'choice(10, 20)'"
        )
    kind = call["kind"]
    raw = call["args"].strip().strip("[]")
    args = tuple(_num(x, text) for x in raw.split(",") if x.strip())
    return _checked(kind, args, text)


def _num(token: str, text: str) -> float:
    try:
        value = float(token)
    except ValueError:
        hint = "; separate the numbers with commas" if len(token.split()) > 1 else ""
        raise ValueError(f"'{token.strip()}' in '{text}' is not a number{hint}") from None
    if not math.isfinite(value):
        raise ValueError(f"'{text}' must use finite numbers (not NaN or infinity)")
    return value


def _checked(kind: str, args: tuple[float, ...], text: str) -> Distribution:
    if kind not in (*_ARITY, "choice"):
        raise ValueError(
            f"unknown distribution '{kind}' in '{text}'; use normal, uniform, triangular, "
            "beta or choice"
        )
    if kind == "choice":
        if not args:
            raise ValueError(f"'{text}': choice needs at least one value")
    elif len(args) not in _ARITY[kind]:
        want = " or ".join(str(k) for k in _ARITY[kind])
        raise ValueError(f"'{text}': {kind} takes {want} numbers, got {len(args)}")
    problem = _shape_problem(kind, args)
    if problem:
        raise ValueError(f"'{text}': {problem}")
    return Distribution(kind=kind, args=args, text=text.strip())


def _shape_problem(kind: str, a: tuple[float, ...]) -> str | None:
    if kind == "normal" and a[1] < 0:
        return "the standard deviation must be >= 0"
    if kind == "uniform" and not a[0] <= a[1]:
        return "uniform(low, high) needs low <= high"
    if kind == "triangular" and not a[0] <= a[1] <= a[2]:
        return "triangular(low, mode, high) needs low <= mode <= high"
    if kind == "beta" and not (a[0] > 0 and a[1] > 0):
        return "beta(a, b) needs a > 0 and b > 0"
    if kind == "beta" and len(a) == 4 and not a[2] < a[3]:
        return "beta(a, b, low, high) needs low < high"
    return None


def _coerce(value: Any) -> Any:
    not_bool(value)
    if isinstance(value, str):
        stripped = value.strip()
        try:
            return float(stripped)
        except ValueError:
            return parse_distribution(stripped)
    if isinstance(value, dict) and "kind" in value:
        return value
    return value


def _serialize(value: float | Distribution) -> float | str:
    return value.text if isinstance(value, Distribution) else value


Uncertain = Annotated[
    Annotated[float, Field(allow_inf_nan=False)] | Distribution,
    BeforeValidator(_coerce),
    PlainSerializer(_serialize, return_type=float | str),
]
"""A scenario number that may be uncertain: a float, or a :class:`Distribution`
written in the syntax above (serialised back to that text)."""


def center(value: float | Distribution) -> float:
    """The number used when uncertainty is switched off (a distribution's mean)."""
    return value.center if isinstance(value, Distribution) else float(value)
