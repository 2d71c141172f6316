"""Speed of the expected utility model (``eum``) against a plain per-pair Python loop.

Usage::

    .venv/bin/python benchmarks/bench_eum.py [--batch 10000] [--repeat 5] [--workers N]

Prints, side by side with :func:`loop_model` (the model written the obvious
way, one dyad and one voter at a time, kept here only for comparison):

- one run of 10 actors × 10 rounds, and of 30 actors × 10 rounds
  (goal: under 10 ms; a faithful pure-Python replication that recomputes the
  vote total for every dyad takes about 0.16 s and 9.1 s on CI's 2 cores);
- a batch of ``--batch`` runs of a 20-actor case × 10 rounds (goal: 10,000
  runs in under 10 s on 2 cores; best of 2); the loop's time is its time per
  run × runs.

Before timing, it checks that both implementations agree (positions, risk
exponents, medians to 1e-9) on the EU emissions case and on random cases.
GitHub issue 3.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from _timing import best_of  # noqa: E402
from realpolitik.compile import IssueArrays  # noqa: E402
from realpolitik.models import get_model  # noqa: E402
from realpolitik.models._eum_run import default_workers, simulate  # noqa: E402
from realpolitik.models.expected_utility import EumParams  # noqa: E402

SINGLE_GOAL = 0.010
BATCH_GOAL = 10.0
EMISSIONS = (  # Bueno de Mesquita (1994): capability, position, salience (0-1)
    [0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08],
    [4.0, 7.0, 4.0, 4.0, 10.0, 10.0, 10.0, 7.0, 4.0, 7.0],
    [0.8, 0.4, 0.2, 0.8, 0.6, 0.6, 0.9, 0.1, 1.0, 0.7],
)


# -- the plain loop ---------------------------------------------------------------------------


def loop_model(
    c: list[float], x0: list[float], s: list[float], rounds: int
) -> tuple[list[list[float]], list[list[float]], list[float]]:
    """Scholz et al.'s reconstruction, one dyad and one voter at a time (reference options).

    Returns:
        Positions and risk exponents per round (round 0 = input) and the median per round.
    """
    n = len(x0)
    R = max(x0) - min(x0)
    x = list(x0)
    xs, rs, medians = [list(x)], [[1.0] * n], [_loop_median(c, s, x, R)]
    for _ in range(rounds):
        r = _loop_risk(c, s, x, R)
        if r is None:
            break
        x = _loop_moves(c, s, x, R, r)
        xs.append(list(x))
        rs.append(r)
        medians.append(_loop_median(c, s, x, R))
    return xs, rs, medians


def _vote(
    c: list[float], s: list[float], x: list[float], R: float, r: list[float]
) -> Callable[[int, float, float], float]:
    def vote(k: int, a: float, b: float) -> float:
        return c[k] * s[k] * ((abs(x[k] - b) / R) ** r[k] - (abs(x[k] - a) / R) ** r[k])

    return vote


def _loop_probabilities(
    c: list[float], s: list[float], x: list[float], R: float, r: list[float]
) -> list[list[float]]:
    n = len(x)
    vote = _vote(c, s, x, R, r)
    total = sum(abs(vote(k, x[a], x[b])) for k in range(n) for a in range(n) for b in range(n))
    p = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            if x[i] != x[j] and total > 0:
                p[i][j] = sum(max(0.0, vote(k, x[i], x[j])) for k in range(n)) / total
    return p


def _loop_eu(
    s: list[float], x: list[float], R: float, p: list[list[float]], i: int, j: int, r: float
) -> float:
    d = abs(x[i] - x[j]) / R
    us, uf = 2 - 4 * (0.5 - 0.5 * d) ** r, 2 - 4 * (0.5 + 0.5 * d) ** r
    usq = 2 - 4 * 0.5**r
    return s[j] * (p[i][j] * us + (1 - p[i][j]) * uf) + (1 - s[j]) * us - usq


def _loop_risk(c: list[float], s: list[float], x: list[float], R: float) -> list[float] | None:
    n = len(x)
    p = _loop_probabilities(c, s, x, R, [1.0] * n)
    sec = [sum(_loop_eu(s, x, R, p, j, i, 1.0) for j in range(n) if j != i) for i in range(n)]
    hi, lo = max(sec), min(sec)
    if hi - lo <= 1e-12 * max(abs(hi), abs(lo)):
        return None
    rel = [(2 * v - hi - lo) / (hi - lo) for v in sec]
    return [(1 - v / 3) / (1 + v / 3) for v in rel]


def _loop_moves(
    c: list[float], s: list[float], x: list[float], R: float, r: list[float]
) -> list[float]:
    n = len(x)
    p = _loop_probabilities(c, s, x, R, r)
    new = list(x)
    for i in range(n):
        offers: dict[str, list[tuple[float, float]]] = {"conf": [], "comp": [], "cap": []}
        for j in range(n):
            if x[i] == x[j]:
                continue
            a, b = _loop_eu(s, x, R, p, i, j, r[i]), _loop_eu(s, x, R, p, j, i, r[i])
            if b > a > 0:
                offers["conf"].append((abs(x[j] - x[i]), x[j]))
            elif b > 0 > a and b > abs(a):
                key = (abs(a) * x[i] + abs(b) * x[j]) / (abs(a) + abs(b))
                offers["comp"].append((key, x[i] + (x[j] - x[i]) * abs(a / b)))
            elif b > 0 > a:
                offers["cap"].append((abs(x[j] - x[i]), x[j]))
        for kind in ("conf", "comp", "cap"):
            if offers[kind]:
                new[i] = min(offers[kind], key=lambda o: o[0])[1]
                break
    return new


def _loop_median(c: list[float], s: list[float], x: list[float], R: float) -> float:
    vote = _vote(c, s, x, R, [1.0] * len(x))
    best = x[0]
    for candidate in sorted(set(x)):
        if sum(vote(k, candidate, best) for k in range(len(x))) > 0:
            best = candidate
    return best


# -- the vectorised model ---------------------------------------------------------------------


def random_case(seed: int, n: int, batch: int = 1) -> IssueArrays:
    rng = np.random.default_rng(seed)
    return IssueArrays(
        issue_id="x",
        actor_ids=tuple(f"a{i}" for i in range(n)),
        capability=rng.uniform(1, 100, (batch, n)),
        position=rng.uniform(0, 100, (batch, n, 1)).round(1),
        salience=rng.uniform(0.1, 1.0, (batch, n, 1)),
        lower=np.zeros(1),
        upper=np.full(1, 100.0),
    )


def as_lists(arrays: IssueArrays) -> tuple[list[float], list[float], list[float]]:
    c = arrays.capability[0].tolist()
    return c, arrays.position[0, :, 0].tolist(), arrays.salience[0, :, 0].tolist()


def check_agreement() -> None:
    """Both implementations give the same positions, exponents and medians (1e-9)."""
    spec = get_model("eum")
    c, x, s = EMISSIONS
    cases = [(c, x, s)] + [as_lists(random_case(seed, n)) for seed, n in [(1, 10), (2, 30)]]
    for c, x, s in cases:
        n = len(x)
        arrays = IssueArrays(
            issue_id="x",
            actor_ids=tuple(f"a{i}" for i in range(n)),
            capability=np.array([c]),
            position=np.array(x).reshape(1, n, 1),
            salience=np.array(s).reshape(1, n, 1),
            lower=np.zeros(1),
            upper=np.full(1, 100.0),
        )
        out = spec.run(arrays, EumParams(rounds=10), np.random.default_rng(0))
        xs, rs, medians = loop_model(c, x, s, 10)
        assert out.positions.shape[1] == len(xs), "rounds differ"
        np.testing.assert_allclose(out.positions[0, :, :, 0], xs, rtol=0, atol=1e-9)
        np.testing.assert_allclose(out.series["r"][0], rs, rtol=0, atol=1e-9)
        np.testing.assert_allclose(out.median[0, :, 0], medians, rtol=0, atol=1e-9)
    print(f"agreement: loop and vectorised model agree to 1e-9 on {len(cases)} cases")


def single(n: int, repeat: int) -> tuple[float, float]:
    spec = get_model("eum")
    arrays = random_case(n, n)
    params = EumParams(rounds=10)
    vec = best_of(repeat, lambda: spec.run(arrays, params, np.random.default_rng(0)))
    loop = best_of(1, lambda: loop_model(*as_lists(arrays), 10))
    return vec, loop


def batch(runs: int, workers: int | None, repeat: int) -> tuple[float, float]:
    arrays = random_case(7, 20, batch=runs)
    x = arrays.position[:, :, 0]
    s = arrays.salience[:, :, 0]
    w = arrays.capability * s
    params = EumParams(rounds=10)
    vec = best_of(repeat, lambda: simulate(x, w, s, params, workers=workers))
    loop = best_of(
        1, lambda: [loop_model(*as_lists(arrays.take(slice(k, k + 1))), 10) for k in range(3)]
    )
    return vec, loop / 3 * runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    workers = default_workers() if args.workers is None else args.workers
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"eum benchmark: {cpus} CPUs available, {workers} threads for batches")
    print(f"load average before: {load:.1f} (above the CPU count, timings inflate)")
    check_agreement()
    print(f"{'case':34s} {'vectorised':>12s} {'plain loop':>12s} {'speed-up':>9s}  goal")
    for n in (10, 30):
        vec, loop = single(n, args.repeat)
        goal = f"< {SINGLE_GOAL * 1e3:.0f} ms" if n == 30 else ""
        mark = ("ok" if vec < SINGLE_GOAL else "MISSED") if n == 30 else ""
        label = f"1 run, {n} actors x 10 rounds"
        times = f"{vec * 1e3:9.2f} ms {loop * 1e3:9.1f} ms {loop / vec:8.0f}x"
        print(f"{label:34s} {times}  {goal} {mark}")
    vec, loop = batch(args.batch, args.workers, min(args.repeat, 2))
    label = f"{args.batch} runs, 20 actors x 10 rounds"
    mark = "ok" if vec < BATCH_GOAL else "MISSED"
    print(
        f"{label:34s} {vec:10.2f} s {loop:10.0f} s* {loop / vec:8.0f}x  < {BATCH_GOAL:.0f} s {mark}"
    )
    print("* loop: 3 runs timed, times the number of runs")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:.0f} MB")
    if hasattr(os, "getloadavg"):
        print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
