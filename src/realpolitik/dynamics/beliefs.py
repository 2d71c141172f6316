"""Beliefs about the balance of power, revealed by fighting (M10).

Each belligerent holds a Beta(α_i, β_i) belief over θ, the defender's chance of
winning a battle, from its own (possibly optimistic) prior; both observe every
battle and update by counting wins and losses (Smith & Stam 2004: war as an
information-revealing process; Slantchev 2003: the principle of convergence).
What side i expects from fighting on for H months is

    p_i = z + H λ (2 m_i − 1) Δ,  clipped to the issue's bounds,

with m_i = α_i / (α_i + β_i) its belief mean, λ the nominal battle rate and
Δ the step per battle. Mutual optimism (m_A > m_B) makes p_A > p_B.

Smith, A. & Stam, A. C. (2004). "Bargaining and the nature of war." *Journal
of Conflict Resolution* 48(6), 783-813.
Slantchev, B. L. (2003). "The principle of convergence in wartime
negotiations." *American Political Science Review* 97(4), 621-632.
"""

from __future__ import annotations

import numpy as np

from realpolitik.arrays import FloatArray


def prior(mean: FloatArray, strength: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Beta parameters (α, β) of a prior with this mean and weight (in battles)."""
    return mean * strength, (1.0 - mean) * strength


def belief_mean(alpha: FloatArray, beta: FloatArray) -> FloatArray:
    """m = α / (α + β)."""
    out: FloatArray = alpha / (alpha + beta)
    return out


def update(
    alpha: FloatArray, beta: FloatArray, wins: FloatArray, losses: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Both sides observe the month's battles: ``(B, 2)`` beliefs, ``(B,)`` counts."""
    return alpha + wins[:, None], beta + losses[:, None]


def expected_outcome(
    z: FloatArray,
    m: FloatArray,
    horizon: FloatArray,
    rate: FloatArray,
    step: FloatArray,
    bounds: tuple[float, float],
) -> FloatArray:
    """p_i = z + H λ (2 m_i − 1) Δ per side, ``(B, 2)``, clipped to the bounds."""
    drift = (horizon * rate * step)[:, None] * (2.0 * m - 1.0)
    out: FloatArray = np.clip(z[:, None] + drift, *bounds)
    return out
