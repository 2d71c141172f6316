"""Bueno de Mesquita's expected utility model, as reconstructed by Scholz, Calbert & Smith.

Bueno de Mesquita, B. (1994). "Political forecasting: an expected utility
method." In Bueno de Mesquita & Stokman (eds.), *European Community Decision
Making*, Yale University Press, 71-104. Bueno de Mesquita, B. (2002).
*Predicting Politics*, Ohio State University Press. Scholz, J. B., Calbert,
G. J. & Smith, G. A. (2011). "Unravelling Bueno De Mesquita's group decision
model." *Journal of Theoretical Politics* 23(4), 510-531.

Each round every actor weighs, for every other actor, the expected utility of
challenging it and of being challenged by it (docs/models/spec.md §2; the maths and every
option are in ``docs/models/eum.md``): votes decide who would win a contest,
each actor's risk exponent comes from how exposed its position is, and every
actor accepts at most one offer (confrontation, compromise or capitulation);
all move at once. The forecast is the capability × salience weighted median
after the last round. The readings the literature leaves open are options of
:class:`EumParams`; the defaults reproduce Scholz et al.'s code and Table 2.

The round is a handful of array operations on ``(B, n, n)`` arrays: no loop
over actor pairs or third parties, nothing of size ``n³`` or ``n⁴`` (see
:mod:`realpolitik.models._eum_kernel`).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field

from realpolitik.arrays import FloatArray
from realpolitik.compile import IssueArrays
from realpolitik.errors import InputError
from realpolitik.models._eum_explain import RoundDetails, explain_round
from realpolitik.models._eum_offers import OFFER_CHOICES
from realpolitik.models._eum_run import History, simulate
from realpolitik.models.base import ModelInfo, ModelSpec, Params, Trajectory, weighted_median

__all__ = ["MODEL", "OFFER_CHOICES", "EumParams", "RoundDetails", "explain", "run"]


class EumParams(Params):
    """Options of the expected utility model; the defaults reproduce Scholz et al.'s code.

    Each reading the literature leaves open is an option; ``docs/models/eum.md``
    gives the source of each.

    Attributes:
        rounds: number of bargaining rounds (the most run when ``stopping`` is
            ``"median_stable"``).
        probability: ``"all_pairs"`` (default; Scholz et al.'s code, which
            reproduces their Table 2 and the replications): P_ij = votes for i
            over j divided by the votes cast on *all* pairs of actors.
            ``"contest"`` (the text of the paper; docs/models/spec.md §2 step 4): divided by
            the votes cast on the pair (i, j) only, so P_ij + P_ji = 1.
        offer_choice: which offer an actor accepts: ``"eu_weighted_compromise"``
            (default; Scholz et al.'s code), ``"smallest_move"`` (the text of
            Scholz et al. and Bueno de Mesquita), ``"highest_eu"`` (the proposer
            that expects most). See :data:`realpolitik.models._eum_offers.OFFER_CHOICES`.
        status_quo_probability: Q, the probability that the status quo persists
            when no challenge is made (Bueno de Mesquita 1994). Default 1.0, as in
            the references, which drops the ``(1 − Q)`` term.
        stopping: ``"fixed_rounds"`` (default; as the references) or
            ``"median_stable"``: stop once the median moves by at most
            ``stable_tolerance`` × the initial range between two rounds.
        stable_tolerance: see ``stopping``.
        range_basis: R, the range distances are divided by: ``"initial"``
            (default; Scholz et al.'s code: the range of the initial positions,
            kept fixed) or ``"current"`` (recomputed every round from the
            current positions).
        detail: also record, for run 0, every offer made each round (accepted
            or not) with both expected utilities (``eu_own`` = a, ``eu_other`` = b)
            and ``accepted``.
    """

    rounds: int = Field(default=10, ge=1, le=10_000)
    probability: Literal["all_pairs", "contest"] = "all_pairs"
    offer_choice: Literal["eu_weighted_compromise", "smallest_move", "highest_eu"] = (
        "eu_weighted_compromise"
    )
    status_quo_probability: float = Field(default=1.0, ge=0.0, le=1.0)
    stopping: Literal["fixed_rounds", "median_stable"] = "fixed_rounds"
    stable_tolerance: float = Field(default=1e-9, ge=0.0)
    range_basis: Literal["initial", "current"] = "initial"
    detail: bool = False


def _check(arrays: IssueArrays) -> None:
    if arrays.n_dims != 1:
        raise InputError.one(
            f"the expected utility model takes one issue dimension at a time; issue "
            f"'{arrays.issue_id}' has {arrays.n_dims} (run each dimension as its own issue)",
            field=f"issues.{arrays.issue_id}.dimensions",
        )


def _weights(arrays: IssueArrays) -> tuple[FloatArray, FloatArray]:
    s = arrays.salience[:, :, 0].astype(np.float64)
    return arrays.capability.astype(np.float64) * s, s


def _trajectory(arrays: IssueArrays, hist: History) -> Trajectory:
    w, s = _weights(arrays)
    b, t1, n = hist.positions.shape
    flat_x = hist.positions.reshape(b * t1, n, 1)
    flat_w = np.repeat(w[:, None, :], t1, axis=1).reshape(b * t1, n, 1)
    median = weighted_median(flat_x, flat_w).reshape(b, t1, 1)
    total = w.sum(axis=1)[:, None]
    weighted = (hist.positions * w[:, None, :]).sum(axis=2)
    mean = np.where(total > 0, weighted / np.where(total > 0, total, 1.0), hist.positions.mean(2))
    last = np.take_along_axis(median, hist.rounds[:, None, None], axis=1)[:, 0, :]
    return Trajectory(
        positions=hist.positions[:, :, :, None],
        median=median,
        mean=mean[:, :, None],
        forecast=last,
        rounds=hist.rounds,
        series={"r": hist.r},
        records=hist.records(arrays.actor_ids),
        notes=[*_nothing_at_stake(s), *hist.notes()],
    )


def _nothing_at_stake(salience: FloatArray) -> list[str]:
    """A note for runs where every salience is 0: no offers, no moves."""
    idle = int(np.count_nonzero(~(salience > 0).any(axis=1)))
    if idle == 0:
        return []
    prefix = "" if salience.shape[0] == 1 else f"{idle} of {salience.shape[0]} runs: "
    return [
        f"{prefix}no actor has anything at stake (every salience is 0), so nobody makes an "
        "offer; the forecast is the median of the positions, unweighted"
    ]


def run(arrays: IssueArrays, params: EumParams, rng: np.random.Generator) -> Trajectory:
    """Run the expected utility model on a batch of one-dimensional issues.

    Args:
        arrays: the issue (``d = 1``), batched.
        params: the options (:class:`EumParams`).
        rng: unused (the model is deterministic).

    Returns:
        Positions, the weighted median μ and mean per round, the risk exponents
        ``series["r"]`` (``(B, T + 1, n)``, 1 in round 0), the offers accepted in
        run 0 (``records[t]``), the final μ as the forecast, and notes on runs
        that stopped early.

    Raises:
        InputError: the issue has more than one dimension.
    """
    _check(arrays)
    w, s = _weights(arrays)
    hist = simulate(arrays.position[:, :, 0].astype(np.float64), w, s, params)
    return _trajectory(arrays, hist)


def explain(
    arrays: IssueArrays, params: EumParams | None = None, positions: FloatArray | None = None
) -> RoundDetails:
    """Every intermediate quantity of one round (probabilities, utilities, risk, offers).

    Args:
        arrays: the issue (``d = 1``), batched.
        params: the options (defaults when None).
        positions: ``(B, n)`` positions the round starts from (default: the input);
            with ``range_basis="initial"`` distances are still divided by the
            range of the input positions.

    Returns:
        The round's :class:`RoundDetails`, actors in input order.
    """
    _check(arrays)
    params = EumParams() if params is None else params
    w, s = _weights(arrays)
    x0 = arrays.position[:, :, 0].astype(np.float64)
    x = x0 if positions is None else np.asarray(positions, dtype=np.float64)
    basis = x0 if params.range_basis == "initial" else x
    return explain_round(x, w, s, np.ptp(basis, axis=1), params)


MODEL = ModelSpec(
    info=ModelInfo(
        name="eum",
        title="Expected utility model (Bueno de Mesquita)",
        reference=(
            "Bueno de Mesquita (1994), in European Community Decision Making; "
            "Scholz, Calbert & Smith (2011), Journal of Theoretical Politics 23(4)"
        ),
        summary=(
            "Rounds of challenges, compromises and capitulations driven by expected "
            "utilities; the forecast is the final weighted median."
        ),
        deterministic=True,
        max_dims=1,
        iterative=True,
        records_name="offers",
    ),
    params=EumParams,
    run=run,
)
