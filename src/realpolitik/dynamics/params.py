"""Uncertain inputs of a dynamic scenario, sampled as one block of uniforms.

Every number of the dynamic blocks (and of the stances the engine reads) is
registered once, in file order, with the bounds it must respect. Sampling a
batch of ``B`` runs consumes a ``(B, K)`` block of uniforms, ``K`` being the
number of inputs that are distributions: each input is its distribution's
inverse CDF of its own column, so the numbers of a run do not depend on how
runs are chunked or on which outputs are asked for.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from realpolitik.arrays import FloatArray
from realpolitik.scenario.noise import noise_sd
from realpolitik.scenario.uncertain import Distribution, Uncertain, parse_distribution


@dataclass(frozen=True)
class Entry:
    """One registered input: its key, its value (number or law) and its bounds."""

    key: str
    value: float | Distribution
    lower: float = -math.inf
    upper: float = math.inf


@dataclass
class ParamTable:
    """The ordered list of a scenario's numeric inputs."""

    entries: list[Entry] = field(default_factory=list)
    _keys: set[str] = field(default_factory=set)

    def add(
        self, key: str, value: Uncertain, lower: float = -math.inf, upper: float = math.inf
    ) -> str:
        """Register an input under a unique key; return the key."""
        if key in self._keys:
            raise ValueError(f"duplicate input key {key}")
        self._keys.add(key)
        self.entries.append(Entry(key, value, lower, upper))
        return key

    @property
    def n_uniforms(self) -> int:
        """Columns of uniforms one run consumes."""
        return sum(isinstance(e.value, Distribution) for e in self.entries)

    def sample(self, u: FloatArray) -> dict[str, FloatArray]:
        """Values ``(B,)`` of every input for uniforms ``u`` of shape ``(B, n_uniforms)``."""
        batch = u.shape[0]
        out: dict[str, FloatArray] = {}
        col = 0
        for e in self.entries:
            if isinstance(e.value, Distribution):
                out[e.key] = e.value.ppf(u[:, col], e.lower, e.upper)
                col += 1
            else:
                out[e.key] = np.full(batch, min(max(float(e.value), e.lower), e.upper))
        return out

    def centers(self) -> dict[str, float]:
        """Every input at its distribution's mean (uncertainty switched off)."""
        out: dict[str, float] = {}
        for e in self.entries:
            v = e.value.center if isinstance(e.value, Distribution) else float(e.value)
            out[e.key] = min(max(v, e.lower), e.upper)
        return out

    def uncertain_keys(self) -> list[str]:
        """Keys of the inputs that are distributions, in column order."""
        return [e.key for e in self.entries if isinstance(e.value, Distribution)]


def with_noise(value: Uncertain, noise: float | str | None) -> Uncertain:
    """A plain number made uncertain by a scenario's default noise (normal, mean = value)."""
    if noise is None or isinstance(value, Distribution):
        return value
    sd = noise_sd(noise, float(value))
    if sd <= 0:
        return value
    return parse_distribution(f"normal({float(value)!r}, {sd!r})")
