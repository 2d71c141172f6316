"""The bargaining range between the belligerents and the settlement (Fearon 1995).

With terms x on the war issue (high = good for the defender A):

    A accepts x >= L = p_A − C_A + a_A − b_A,
    B accepts x <= U = p_B + C_B − a_B + b_B,

where p_i is what i expects from fighting on (:mod:`.beliefs`), C_i its
discounted cost of H more months of war, a_i the audience cost of backing down
from its public claim (Fearon 1994: a_A = rate_A × max(0, claim_A − p_A), and
symmetrically for B) and b_i a side payment promised to i on settlement. When
L <= U, the war ends this month with hazard 1 − exp(−κ (U − L)). The terms are
the mediator's preferred point clipped to [L, U] (Romer & Rosenthal 1978:
an agenda setter's take-it-or-leave-it offer) or the asymmetric Nash split
L + w_A (U − L) with w_A = K_A / (K_A + K_B).

Fearon, J. D. (1995). "Rationalist explanations for war." *International
Organization* 49(3), 379-414.
Fearon, J. D. (1994). "Domestic political audiences and the escalation of
international disputes." *American Political Science Review* 88(3), 577-592.
Romer, T. & Rosenthal, H. (1978). "Political resource allocation, controlled
agendas, and the status quo." *Public Choice* 33(4), 27-43.
"""

from __future__ import annotations

import numpy as np

from realpolitik.arrays import FloatArray


def discounted_cost(cost: FloatArray, discount: FloatArray, horizon: FloatArray) -> FloatArray:
    """C = Σ_{h=1..H} δ^h c = c δ (1 − δ^H) / (1 − δ) (c H when δ = 1), per side."""
    d = discount[:, None]
    h = horizon[:, None]
    factor = np.where(d < 1.0, d * (1.0 - d**h) / np.where(d < 1.0, 1.0 - d, 1.0), h)
    out: FloatArray = cost * factor
    return out


def audience_costs(rate: FloatArray, claim: FloatArray, p: FloatArray) -> FloatArray:
    """a_A = rate_A max(0, claim_A − p_A); a_B = rate_B max(0, p_B − claim_B)."""
    climb_down = np.stack(
        [np.maximum(claim[:, 0] - p[:, 0], 0.0), np.maximum(p[:, 1] - claim[:, 1], 0.0)], axis=1
    )
    out: FloatArray = rate * climb_down
    return out


def bargaining_range(
    p: FloatArray, cost: FloatArray, audience: FloatArray, side_payment: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """(L, U) from ``(B, 2)`` expectations, discounted costs, audience costs, side payments."""
    lower = p[:, 0] - cost[:, 0] + audience[:, 0] - side_payment[:, 0]
    upper = p[:, 1] + cost[:, 1] - audience[:, 1] + side_payment[:, 1]
    return lower, upper


def settlement_hazard(lower: FloatArray, upper: FloatArray, kappa: FloatArray) -> FloatArray:
    """1 − exp(−κ (U − L)) where the range is open (U >= L), else 0."""
    width = upper - lower
    out: FloatArray = np.where(width >= 0.0, -np.expm1(-kappa * np.maximum(width, 0.0)), 0.0)
    return out


def settlement_terms(
    lower: FloatArray,
    upper: FloatArray,
    bounds: tuple[float, float],
    mediator_point: FloatArray | None = None,
    weight_a: FloatArray | None = None,
) -> FloatArray:
    """The agreed terms: the mediator's point clipped to [L, U], else the Nash split.

    Args:
        lower, upper: the bargaining range (L <= U where it is used).
        bounds: the issue's bounds (terms never leave them).
        mediator_point: the agenda setter's preferred terms.
        weight_a: the defender's bargaining weight for the Nash split.
    """
    if mediator_point is not None:
        x = np.clip(mediator_point, lower, np.maximum(upper, lower))
    else:
        w = np.full_like(lower, 0.5) if weight_a is None else weight_a
        x = lower + w * (upper - lower)
    out: FloatArray = np.clip(x, *bounds)
    return out
