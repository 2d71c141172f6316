"""KTAB's spatial model of politics (SMP): bargaining by probabilistic Condorcet elections.

Wise, B., Lester, J. et al. (2015-2019), *KAPSARC Toolkit for Behavioral
Analysis (KTAB)*, the ``smpc`` spatial model; Wise, B. (2015), "Probabilistic
Condorcet Elections" and "Spatial Model of Politics" (KTAB documentation). The
algorithm, written out from KTAB's source, is in
``reference/ktab/SMP.md``; ``docs/models/smp.md`` documents options, KTAB's
known defects and the switches.

Each turn every actor estimates, from its own view of everyone's risk
attitude, what it would gain by challenging each other actor; it proposes a
bargain to the most rewarding target. Every actor then holds a probabilistic
Condorcet election among the status quo and the bargains it is party to, and
adopts the winner. Turns go on until positions move less than 2 % of what they
moved in the first turn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from pydantic import AliasChoices, Field

from realpolitik.arrays import FloatArray
from realpolitik.compile import IssueArrays
from realpolitik.models._smp_bargain import (
    BargnModelName,
    InterVecBrgnName,
    new_positions,
    option_utilities,
    propose,
    queues,
    resolve,
)
from realpolitik.models._smp_challenge import (
    ThirdPartyCommitName,
    all_challenges,
    best_targets,
    receiver_view,
)
from realpolitik.models._smp_output import History, bargain_records, challenge_records
from realpolitik.models._smp_rules import PCEModelName, VotingRuleName, VPModelName
from realpolitik.models._smp_state import (
    BigRAdjustName,
    BigRRangeName,
    Rules,
    StateSetup,
    setup,
)
from realpolitik.models._smp_validate import validate
from realpolitik.models.base import ModelInfo, ModelSpec, Params, Trajectory

MIN_DELTA_RATIO = 0.02
"""Stop when a turn moves positions less than this fraction of the first turn."""

MIN_SIG_DELTA = 1e-4
"""Added to the first turn's movement so that a still first turn is no 0/0."""


class SMPParams(Params):
    """Options of the spatial model, with KTAB's names and values.

    Attributes:
        VictoryProbModel: pairwise victory probability from coalition strengths.
        PCEModel: option probabilities from pairwise victory probabilities.
        StateTransitions: adopt the most probable option, or draw one.
        VotingRule: how a utility difference becomes a vote.
        BigRAdjust: how much an actor's estimate of another's risk attitude
            leans toward the truth (None: projects its own; Full: knows it).
        BigRRange: range of the inferred risk attitudes.
        ThirdPartyCommit: how committed third parties are to the side they join.
        InterVecBrgn: how a bargain interpolates the two positions.
        BargnModel: whose bargains are proposed.
        ktab_compat: reproduce KTAB's documented defects (the receiver's
            bargain interpolated with a utility gain instead of a probability;
            ``PWCompInterp`` weighing both sides with the initiator's capability;
            ``BigRAdjust=Full`` refused as KTAB aborts on it).
        detail: keep a per-turn record of every challenge evaluated (run 0).
        max_turns: most turns (KTAB: 100); ``rounds`` is accepted as a synonym.
    """

    VictoryProbModel: VPModelName = "Linear"
    PCEModel: PCEModelName = "Conditional"
    StateTransitions: Literal["Deterministic", "Stochastic"] = "Deterministic"
    VotingRule: VotingRuleName = "Prop"
    BigRAdjust: BigRAdjustName = "OneThird"
    BigRRange: BigRRangeName = "Mid"
    ThirdPartyCommit: ThirdPartyCommitName = "SemiCommit"
    InterVecBrgn: InterVecBrgnName = "S2P2"
    BargnModel: BargnModelName = "InitOnlyInterp"
    ktab_compat: bool = False
    detail: bool = False
    max_turns: int = Field(
        100, ge=1, le=10_000, validation_alias=AliasChoices("max_turns", "rounds")
    )


@dataclass(frozen=True)
class Inputs:
    """The issue on KTAB's internal scale: positions and saliences on [0, 1]."""

    s: FloatArray
    c: FloatArray
    w: FloatArray
    sal: FloatArray
    ids: tuple[str, ...]
    lo: FloatArray
    span: FloatArray


def _rules(params: SMPParams) -> Rules:
    return Rules(voting=params.VotingRule, vpm=params.VictoryProbModel, pcem=params.PCEModel)


def _setup(x: FloatArray, inp: Inputs, params: SMPParams) -> StateSetup:
    return setup(x, inp.s, inp.c, _rules(params), params.BigRRange, params.BigRAdjust)


def _receiver_values(
    st: StateSetup, inp: Inputs, params: SMPParams, target: Any
) -> FloatArray | None:
    if params.BargnModel == "InitOnlyInterp":
        return None
    p, gain = receiver_view(st, inp.w, inp.sal, params.VotingRule, params.ThirdPartyCommit, target)
    return gain if params.ktab_compat else p


def step(
    x: FloatArray,
    st: StateSetup,
    inp: Inputs,
    params: SMPParams,
    rng: np.random.Generator,
    keep: bool,
) -> tuple[FloatArray, list[dict[str, Any]]]:
    """One turn (``SMPState::doBCN``): challenges, bargains, elections, new positions.

    Args:
        x: ``(B, n, D)`` positions on [0, 1].
        st: the state's setup.
        inp: the issue.
        params: options.
        rng: draws for stochastic transitions.
        keep: whether to return run 0's records.

    Returns:
        New positions and run 0's records (empty unless ``keep``).
    """
    p, gain = all_challenges(st, inp.w, inp.sal, params.VotingRule, params.ThirdPartyCommit)
    target, has = best_targets(gain)
    p_init = np.take_along_axis(p, target[:, :, None], axis=2)[:, :, 0]
    p_rcvr = _receiver_values(st, inp, params, target)
    s, c = inp.s, inp.c
    brg = propose(
        x,
        s,
        c,
        target,
        has,
        p_init,
        p_rcvr,
        params.InterVecBrgn,
        params.BargnModel,
        params.ktab_compat,
    )
    U = option_utilities(st, x, s, brg)
    index, length = queues(brg, x.shape[1])
    u = rng.random(length.shape) if params.StateTransitions == "Stochastic" else None
    chosen = resolve(_rules(params), c, U, index, length, u)
    records: list[dict[str, Any]] = []
    if keep:
        records = bargain_records(brg, chosen, inp.ids, inp.lo, inp.span)
        if params.detail:
            records += challenge_records(p, gain, inp.ids)
    return new_positions(x, brg, chosen), records


def _moved(a: FloatArray, b: FloatArray) -> FloatArray:
    """KTAB's ``stateDist``: the sum over actors of the Euclidean move."""
    diff = a - b
    return np.asarray(np.sqrt((diff * diff).sum(axis=-1)).sum(axis=-1))


def _inputs(arrays: IssueArrays) -> Inputs:
    s = arrays.salience.astype(np.float64)
    c = arrays.capability.astype(np.float64)
    sal = s.sum(axis=2)
    return Inputs(
        s=s,
        c=c,
        w=sal * c,
        sal=sal,
        ids=arrays.actor_ids,
        lo=arrays.lower,
        span=arrays.upper - arrays.lower,
    )


def _subset(inp: Inputs, runs: Any) -> Inputs:
    return Inputs(
        s=inp.s[runs],
        c=inp.c[runs],
        w=inp.w[runs],
        sal=inp.sal[runs],
        ids=inp.ids,
        lo=inp.lo,
        span=inp.span,
    )


def _stopping(t: int, hist: History, runs: Any, max_turns: int) -> Any:
    """Which of the runs stop at state t (KTAB ``smpStopFn``)."""
    if t >= max_turns:
        return np.ones(len(runs), dtype=bool)
    if t < 2:
        return np.zeros(len(runs), dtype=bool)
    first = _moved(hist.states[1][runs], hist.states[0][runs]) + MIN_SIG_DELTA
    last = _moved(hist.states[t][runs], hist.states[t - 1][runs])
    return last / first < MIN_DELTA_RATIO


def check(arrays: IssueArrays, params: SMPParams) -> None:
    """Raise :class:`InputError` listing every way the arrays break KTAB's limits."""
    validate(arrays, params.BigRAdjust == "Full" and params.ktab_compat)


def run(arrays: IssueArrays, params: SMPParams, rng: np.random.Generator) -> Trajectory:
    """Run the spatial model of politics on a batch of issues.

    Args:
        arrays: the issue, batched; positions on the issue's scale (KTAB's is
            0-100), saliences in [0, 1] summing to at most 1 per actor.
        params: options (KTAB's defaults reproduce ``smpc``).
        rng: draws for ``StateTransitions="Stochastic"``; unused otherwise.

    Returns:
        Positions per turn, the probability KTAB reports for each actor's
        position (series ``prob``), the most probable position as ``median``
        (and final ``forecast``) and run 0's bargains per turn in ``records``.
        Actors within KTAB's tolerance (0.1 % of the scale) of each other hold
        one position; the median is their capability-weighted mean position.

    Raises:
        InputError: the arrays break KTAB's limits (3-250 actors, saliences
            summing to at most 1, positive capabilities ...).
    """
    check(arrays, params)
    lo, span = arrays.lower, arrays.upper - arrays.lower
    inp = _inputs(arrays)
    hist = History.start((arrays.position - lo) / span)
    active = np.arange(arrays.batch)
    t = 0
    while True:
        x = hist.states[t][active]
        sub = _subset(inp, active)
        st = _setup(x, sub, params)
        hist.report(t, active, st)
        stop = _stopping(t, hist, active, params.max_turns)
        hist.finish(active[stop], t)
        active, keep = active[~stop], ~stop
        if len(active) == 0:
            break
        st = _select(st, keep)
        new, records = step(x[keep], st, _subset(sub, keep), params, rng, active[0] == 0)
        t += 1
        hist.advance(t, active, new, records if active[0] == 0 else [])
    return hist.trajectory(arrays, lo, span)


def _select(st: StateSetup, keep: Any) -> StateSetup:
    return StateSetup(
        d=st.d[keep],
        R=st.R[keep],
        r=st.r[keep],
        own=st.own[keep],
        rep=st.rep[keep],
        prob=st.prob[keep],
    )


MODEL = ModelSpec(
    info=ModelInfo(
        name="smp",
        title="Spatial model of politics (KTAB)",
        reference=(
            "Wise, Lester et al., KAPSARC Toolkit for Behavioral Analysis (KTAB), smpc "
            "(2015-2019); Wise (2015), Probabilistic Condorcet Elections"
        ),
        summary=(
            "Actors challenge the most rewarding target and bargain; each adopts the winner of "
            "a probabilistic Condorcet election among its bargains and the status quo."
        ),
        deterministic=True,
        max_dims=None,
        iterative=True,
        records_name="bargains",
    ),
    params=SMPParams,
    run=run,
    check=check,
)
