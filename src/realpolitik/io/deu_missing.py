"""What the DEU importer does with a position that has no salience, or an actor without capability.

Real DEU tables have gaps: the 2003-2018 data leave the salience of some
positions empty, and an actor may have positions but no capability on line 2.
One policy, chosen by the caller, applies to both (``missing=``):

- ``"drop"`` (the default): a position without a salience is left out of its
  issue, an actor without a capability is left out of every issue, and ONE
  notice lists what was left out. Nothing is invented: every number a model
  sees is one the file gives. An issue left with no actor is skipped (and
  listed).
- ``"impute"``: a missing salience becomes the mean salience of the other
  actors with a position on the same issue (50, the middle of the scale, if
  none has one); a missing capability the median capability of the actors
  that have one. One notice lists every imputed value. Use it when leaving an
  actor out would bias the issue more than a guess at its salience would.
- ``"refuse"``: each gap is an error naming its line and column (the
  importer's behaviour before the policy existed).

Dropping is the default because a backtest scores the models on what the
experts recorded; an imputed salience is a modelling choice the analyst should
make knowingly (Thomson et al. 2006 record saliences only where the experts
gave one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Literal, get_args

from realpolitik.io.notices import notify

Missing = Literal["drop", "impute", "refuse"]
MISSING_POLICIES: tuple[str, ...] = get_args(Missing)
MIDDLE = 50.0
"""The salience given when no other actor on the issue has one (the middle of 0-100)."""
LISTED = 60
"""At most this many gaps are named in the notice; the rest are counted."""


@dataclass
class Gaps:
    """The gaps met while reading a file, for the one notice at the end."""

    policy: Missing
    saliences: list[str] = field(default_factory=list)
    capabilities: list[str] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)

    def salience(self, line: int, code: str, value: float | None) -> None:
        """Record a position without a salience (and the value imputed, if any)."""
        given = "" if value is None else f" = {value:g}"
        self.saliences.append(f"line {line} s{code}{given}")

    def notify(self, file: str) -> None:
        """Issue the one notice listing every gap, if there was any."""
        if self.capabilities:
            notify(_capability_text(self.policy, self.capabilities), file=file, line=2)
        if self.saliences:
            notify(_salience_text(self.policy, self.saliences, self.issues), file=file)


def _listed(items: Sequence[str]) -> str:
    more = f" and {len(items) - LISTED} more" if len(items) > LISTED else ""
    return ", ".join(items[:LISTED]) + more


def _salience_text(policy: Missing, gaps: Sequence[str], issues: Sequence[str]) -> str:
    n = len(gaps)
    if policy == "impute":
        return (
            f"{n} position(s) without a salience given the mean salience of the issue's "
            f"other actors (missing=impute): {_listed(gaps)}"
        )
    skipped = f"; issue(s) left with no actor, skipped: {', '.join(issues)}" if issues else ""
    return (
        f"{n} position(s) without a salience left out (missing=drop; missing=impute "
        f"fills them with the issue's mean salience): {_listed(gaps)}{skipped}"
    )


def _capability_text(policy: Missing, gaps: Sequence[str]) -> str:
    if policy == "impute":
        return (
            f"{len(gaps)} actor(s) with positions but no capability on line 2 given the median "
            f"capability of the others (missing=impute): {', '.join(gaps)}"
        )
    return (
        f"{len(gaps)} actor(s) with positions but no capability on line 2 left out of every "
        f"issue (missing=drop; missing=impute gives them the median capability): "
        f"{', '.join(gaps)}"
    )


def imputed_salience(others: Sequence[float]) -> float:
    """The salience given to a position without one: the mean of the issue's others, else 50."""
    return sum(others) / len(others) if others else MIDDLE


def imputed_capability(given: Sequence[float]) -> float:
    """The capability given to an actor without one: the median of those given."""
    return float(median(given))
