"""What the spatial model reports: the history of states, probabilities and bargains.

Runs of a batch stop at different turns; the history keeps every state of
every run, repeating a stopped run's last state, and builds the
:class:`~realpolitik.models.base.Trajectory`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from realpolitik.arrays import FloatArray
from realpolitik.compile import IssueArrays
from realpolitik.models._smp_bargain import Bargains
from realpolitik.models._smp_rules import BoolArray, IntArray
from realpolitik.models._smp_state import StateSetup, most_probable
from realpolitik.models.base import Trajectory, weighted_mean


@dataclass
class History:
    """States of every run, turn by turn (internal [0, 1] scale).

    Attributes:
        states: per turn, ``(B, n, D)`` positions.
        prob: per turn, ``(B, n)`` reported probability of each actor's position.
        top: per turn, ``(B, n)`` which actors hold the most probable position.
        rounds: ``(B,)`` turns run (set when a run stops).
        records: per turn, run 0's records (turn 0: none).
    """

    states: list[FloatArray]
    prob: list[FloatArray] = field(default_factory=list)
    top: list[BoolArray] = field(default_factory=list)
    rounds: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.intp))
    records: list[list[dict[str, Any]]] = field(default_factory=lambda: [[]])

    @classmethod
    def start(cls, x0: FloatArray) -> History:
        """A history holding the initial state."""
        return cls(states=[x0.copy()], rounds=np.zeros(len(x0), dtype=np.intp))

    def report(self, t: int, runs: IntArray, st: StateSetup) -> None:
        """Record the reported probabilities of state t for some runs."""
        if t == len(self.prob):
            b, n = self.states[0].shape[:2]
            self.prob.append(self.prob[-1].copy() if t else np.zeros((b, n)))
            self.top.append(self.top[-1].copy() if t else np.zeros((b, n), dtype=bool))
        self.prob[t][runs] = st.prob
        best = most_probable(st)
        self.top[t][runs] = st.rep == np.take_along_axis(st.rep, best[:, None], axis=1)

    def finish(self, runs: IntArray, t: int) -> None:
        """Mark runs as stopped at state t."""
        self.rounds[runs] = t

    def advance(
        self, t: int, runs: IntArray, new: FloatArray, records: list[dict[str, Any]]
    ) -> None:
        """Add state t: the new positions of some runs, the others unchanged."""
        state = self.states[t - 1].copy()
        state[runs] = new
        self.states.append(state)
        self.records.append(records)

    def trajectory(self, arrays: IssueArrays, lo: FloatArray, span: FloatArray) -> Trajectory:
        """The trajectory on the issue's scale."""
        last = int(self.rounds.max())
        x = np.stack(self.states[: last + 1], axis=1) * span + lo
        # The most probable position: held by actors within KTAB's tolerance of each
        # other; their capability-weighted mean does not depend on the order of actors.
        top = np.stack(self.top[: last + 1], axis=1)[..., None]  # (B, T+1, n, 1)
        w = np.where(top, arrays.capability[:, None, :, None], 0.0)
        median = (w * x).sum(axis=2) / w.sum(axis=2)
        mean = np.stack([weighted_mean(arrays, x[:, k]) for k in range(last + 1)], axis=1)
        rounds = self.rounds.astype(np.int64)
        return Trajectory(
            positions=x,
            median=median,
            mean=mean,
            forecast=median[np.arange(len(x)), rounds],
            rounds=rounds,
            series={"prob": np.stack(self.prob[: last + 1], axis=1)},
            records=self.records[: last + 1],
            notes=_notes(rounds),
        )


def _notes(rounds: Any) -> list[str]:
    lo, hi = int(rounds.min()), int(rounds.max())
    turns = f"{lo}" if lo == hi else f"{lo}-{hi}"
    return [
        f"stopped after {turns} turns (a turn moved positions less than 2% of the first "
        "turn's move, or the turn limit was reached); median = the most probable position"
    ]


def bargain_records(
    brg: Bargains, chosen: IntArray, ids: tuple[str, ...], lo: FloatArray, span: FloatArray
) -> list[dict[str, Any]]:
    """Run 0's bargains: initiator, target, the two proposed positions, who adopted it."""
    slots = np.flatnonzero(brg.valid[0])
    pos_i = np.round(brg.pos_init[0, slots] * span + lo, 6).tolist()
    pos_j = np.round(brg.pos_rcvr[0, slots] * span + lo, 6).tolist()
    init, rcvr = brg.init[slots].tolist(), brg.rcvr[0, slots].tolist()
    adopters: dict[int, list[str]] = {}
    for k, g in enumerate(chosen[0].tolist()):
        adopters.setdefault(g - 1, []).append(ids[k])
    return [
        {
            "initiator": ids[i],
            "target": ids[j],
            "initiator_position": pi,
            "target_position": pj,
            "adopted_by": adopters.get(g, []),
        }
        for g, i, j, pi, pj in zip(slots.tolist(), init, rcvr, pos_i, pos_j, strict=True)
    ]


def challenge_records(
    p: FloatArray, gain: FloatArray, ids: tuple[str, ...]
) -> list[dict[str, Any]]:
    """Run 0's challenges: every initiator's estimate of every possible target."""
    n = len(ids)
    return [
        {
            "challenge": True,
            "initiator": ids[i],
            "target": ids[j],
            "probability": float(p[0, i, j]),
            "expected_gain": float(gain[0, i, j]),
        }
        for i in range(n)
        for j in range(n)
        if i != j
    ]
