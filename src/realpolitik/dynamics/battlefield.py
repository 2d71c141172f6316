"""The battlefield: battle odds from capabilities, battles, ground (docs/models/spec.md §4).

Battle odds follow a Tullock (1980) contest, θ = K_A^γ / (K_A^γ + K_B^γ),
computed so that extreme strength ratios and exponents cannot overflow (θ then
tends to 0 or 1). When neither side has any strength left (K_A = K_B = 0, e.g.
both wiped out by events) the contest is undefined (0/0): θ is set to 1/2, the
usual convention for a contest in which nobody exerts any effort (Skaperdas
1996), and :func:`can_fight` is False, so the engine fights no battles that
month (nobody is left to fight them) and the belligerents expect none.
Battles in a month are Poisson with mean μ = λ × season(month); by Poisson
thinning, battles won by the defender and by the attacker are independent
Poisson counts with means μθ and μ(1 − θ). Each battle moves the ground by
one step toward its winner. Counts are drawn by inverting the Poisson CDF of
one uniform each, so a run's battles depend only on its own uniforms and
inputs (common random numbers across one-at-a-time sensitivity runs).

Skaperdas, S. (1996). "Contest success functions." *Economic Theory* 7(2), 283-290.
Tullock, G. (1980). "Efficient rent seeking." In Buchanan, Tollison & Tullock
(eds.), *Toward a Theory of the Rent-Seeking Society*, 97-112.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import special

from realpolitik.arrays import FloatArray

NORMAL_ABOVE = 40.0
"""Poisson means above this are drawn from the (rounded) normal approximation."""

SAFE_LOG = 700.0
"""Beyond this |log| the power (K_B / K_A)^γ is not formed (exp(709) overflows)."""


def can_fight(k: FloatArray) -> NDArray[np.bool_]:
    """Whether any battle can be fought: at least one side has strength, ``(B, 2)`` → ``(B,)``."""
    out: NDArray[np.bool_] = np.any(k > 0.0, axis=-1)
    return out


def battle_odds(k_a: FloatArray, k_b: FloatArray, gamma: FloatArray) -> FloatArray:
    """The defender's chance of winning a battle, θ = 1 / (1 + (K_B / K_A)^γ).

    Within ordinary ranges this is the formula itself; where the ratio or its
    power would overflow, θ = expit(−γ log(K_B / K_A)), its exact limit (0 or
    1 for a side without strength). With K_A = K_B = 0, θ = 1/2 (module
    docstring).
    """
    with np.errstate(divide="ignore", invalid="ignore"):  # log 0 = -inf, inf - inf = nan
        log_ratio = np.log(k_b) - np.log(k_a)
        exponent = gamma * log_ratio
    safe = (np.abs(log_ratio) <= SAFE_LOG) & (np.abs(exponent) <= SAFE_LOG)
    ratio = np.where(safe, k_b, 1.0) / np.where(safe, k_a, 1.0)
    exact = 1.0 / (1.0 + ratio**gamma)
    limit = special.expit(-np.where(np.isnan(exponent), 0.0, exponent))
    out: FloatArray = np.where(safe, exact, limit)
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
