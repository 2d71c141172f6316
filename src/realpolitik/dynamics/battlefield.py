"""The battlefield: battle odds from capabilities, battles, ground (MODELS.md §4).

Battle odds follow a Tullock (1980) contest, θ = K_A^γ / (K_A^γ + K_B^γ).
Battles in a month are Poisson with mean μ = λ × season(month); by Poisson
thinning, battles won by the defender and by the attacker are independent
Poisson counts with means μθ and μ(1 − θ). Each battle moves the ground by
one step toward its winner. Counts are drawn by inverting the Poisson CDF of
one uniform each, so a run's battles depend only on its own uniforms and
inputs (common random numbers across one-at-a-time sensitivity runs).

Tullock, G. (1980). "Efficient rent seeking." In Buchanan, Tollison & Tullock
(eds.), *Toward a Theory of the Rent-Seeking Society*, 97-112.
"""

from __future__ import annotations

import numpy as np
from scipy import special

from realpolitik.compile import FloatArray

NORMAL_ABOVE = 40.0
"""Poisson means above this are drawn from the (rounded) normal approximation."""


def battle_odds(k_a: FloatArray, k_b: FloatArray, gamma: FloatArray) -> FloatArray:
    """The defender's chance of winning a battle, θ = 1 / (1 + (K_B / K_A)^γ)."""
    out: FloatArray = 1.0 / (1.0 + (k_b / k_a) ** gamma)
    return out


def poisson_from_uniform(u: FloatArray, mu: FloatArray) -> FloatArray:
    """The Poisson(μ) quantile of ``u``: the smallest k with CDF(k) >= u.

    Exact CDF inversion for μ <= :data:`NORMAL_ABOVE`; beyond, the normal
    approximation rounded to an integer (its error is then below one battle
    in a thousand months).
    """
    mu = np.maximum(mu, 0.0)
    small = mu <= NORMAL_ABOVE
    k = np.zeros_like(mu)
    pmf = np.exp(-np.where(small, mu, 0.0))
    cdf = pmf.copy()
    todo = small & (u > cdf)
    i = 0
    while todo.any() and i < 400:
        i += 1
        k += todo
        pmf = pmf * mu / i
        cdf = cdf + pmf
        todo &= u > cdf
    if not small.all():
        z = special.ndtri(np.clip(u, 1e-12, 1 - 1e-12))
        approx = np.maximum(np.floor(mu + np.sqrt(mu) * z + 0.5), 0.0)
        k = np.where(small, k, approx)
    return k


def fight(
    z: FloatArray,
    theta: FloatArray,
    mu: FloatArray,
    step: FloatArray,
    u_win: FloatArray,
    u_loss: FloatArray,
    bounds: tuple[float, float],
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """One month of battles.

    Args:
        z: ground held by the defender.
        theta: the defender's chance of winning a battle.
        mu: expected battles this month (0 where nobody fights).
        step: ground moved per battle.
        u_win, u_loss: one uniform each per run.
        bounds: the issue's bounds (z is clipped to them).

    Returns:
        New ground, battles won by the defender, battles won by the attacker.
    """
    wins = poisson_from_uniform(u_win, mu * theta)
    losses = poisson_from_uniform(u_loss, mu * (1.0 - theta))
    z_new = np.clip(z + step * (wins - losses), *bounds)
    return z_new, wins, losses
