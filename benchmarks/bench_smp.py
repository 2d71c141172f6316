"""Speed of the spatial model (smp) beside KTAB's ``smpc``, and memory at 250 actors.

Usage::

    .venv/bin/python benchmarks/bench_smp.py [--repeat 3] [--turns-250 5] [--skip-250]

For every KTAB reference input it runs ``smp`` (best wall time of ``--repeat``
runs), checks that the trajectory is KTAB's (largest difference on the 0-100
scale, number of turns) and prints the time beside ``smpc``'s recorded time
(``reference/ktab/smpc_timings.txt``: optimised build, minimal logging, on a
2-core machine like CI's). KTAB's 60-actor inputs are not in the reference
folder, so 60-actor scenarios are drawn the way KTAB draws random actors
(``SMPActor::randomize``) and timed beside ``smpc``'s times for its own
60-actor scenarios of the same shape. Last, a 250-actor, 3-dimension scenario
runs in a child process whose peak resident memory is reported.
"""

from __future__ import annotations

import argparse
import csv
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from realpolitik.compile import IssueArrays, compile_issue  # noqa: E402
from realpolitik.io import load_scenario  # noqa: E402
from realpolitik.models import get_model  # noqa: E402

INPUTS = [
    "dummyData_3Dim",
    "SOE-Pol-Comp",
    "rand_a10_d1",
    "rand_a10_d2",
    "rand_a10_d3",
    "rand_a30_d1",
    "rand_a30_d2",
    "rand_a30_d3",
]


def reference(relative: str) -> Path:
    """A reference file from ../shared/reference, else from tests/data/reference."""
    shared = ROOT.parent / "shared" / "reference" / relative
    return shared if shared.exists() else ROOT / "tests" / "data" / "reference" / relative


def ktab_times() -> dict[str, tuple[float, int]]:
    """``smpc`` wall seconds and states per scenario (minimal logging)."""
    out = {}
    for line in reference("ktab/smpc_timings.txt").read_text().splitlines()[1:]:
        name, mode, states, wall = line.split()[:4]
        if mode == "logmin":
            out[name] = (float(wall), int(states))
    return out


def expected_positions(name: str) -> np.ndarray:
    with reference(f"ktab/trajectories/{name}.positions.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    turns = 1 + max(int(r["turn"]) for r in rows)
    n = 1 + max(int(r["actor_index"]) for r in rows)
    dims = [k for k in rows[0] if k.startswith("pos_d")]
    out = np.zeros((turns, n, len(dims)))
    for r in rows:
        out[int(r["turn"]), int(r["actor_index"])] = [float(r[k]) for k in dims]
    return out


def timed(arrays: IssueArrays, repeat: int, **params: object) -> tuple[float, np.ndarray, int]:
    """Best wall time of ``repeat`` runs, run 0's positions and turns."""
    spec = get_model("smp")
    p = spec.make_params(params)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        out = spec.run(arrays, p, np.random.default_rng(0))
        best = min(best, time.perf_counter() - start)
    return best, out.positions[0], int(out.rounds[0])


def random_ktab(n: int, d: int, seed: int) -> IssueArrays:
    """Random actors drawn as KTAB's ``SMPActor::randomize`` does, to 0.01 like its files."""
    rng = np.random.default_rng(seed)
    cap = rng.uniform(10.0, 200.0, (1, n)).round(3)
    total = rng.uniform(0.75, 0.99, (1, n, 1))
    raw = rng.uniform(0.1, 1.0, (1, n, d))
    sal = (100 * total * raw / raw.sum(axis=2, keepdims=True)).round(2) / 100
    pos = rng.uniform(0.0, 100.0, (1, n, d)).round(2)
    return IssueArrays(
        issue_id="x",
        actor_ids=tuple(f"A{i:03d}" for i in range(n)),
        capability=cap,
        position=pos,
        salience=sal,
        lower=np.zeros(d),
        upper=np.full(d, 100.0),
    )


def bench_references(repeat: int, ktab: dict[str, tuple[float, int]]) -> None:
    print(
        f"{'scenario':16} {'actors':>6} {'dims':>4} {'turns':>5} {'smp s':>8} "
        f"{'smpc s':>7} {'speed-up':>8}  max |diff| vs smpc"
    )
    for name in INPUTS:
        sc = load_scenario(reference(f"ktab/inputs/{name}.csv"))
        arrays = compile_issue(sc, sc.issues[0].id)
        secs, pos, turns = timed(arrays, repeat)
        exp = expected_positions(name)
        same = pos.shape == exp.shape
        diff = float(np.abs(pos - exp).max()) if same else float("nan")
        k_wall, k_states = ktab[name]
        verdict = "identical" if same and diff <= 0.01 and turns == k_states - 1 else "DIFFERENT"
        print(
            f"{name:16} {arrays.n_actors:>6} {arrays.n_dims:>4} {turns:>5} {secs:>8.4f} "
            f"{k_wall:>7.2f} {k_wall / secs:>7.0f}x  {diff:.4f} ({verdict})"
        )


def bench_sixty(repeat: int, ktab: dict[str, tuple[float, int]]) -> None:
    print(
        "\n60 actors (drawn as KTAB draws random actors; smpc's times are for its own "
        "60-actor scenarios of the same shape)"
    )
    print(
        f"{'scenario':16} {'turns':>5} {'smp s':>8} {'s/turn':>8} {'smpc s':>7} {'smpc turns':>10}"
    )
    for d in (1, 2, 3):
        name = f"rand_a60_d{d}"
        secs, _, turns = timed(random_ktab(60, d, 60_000 + d), repeat)
        k_wall, k_states = ktab[name]
        print(
            f"{name:16} {turns:>5} {secs:>8.4f} {secs / max(turns, 1):>8.4f} {k_wall:>7.2f} "
            f"{k_states - 1:>10}"
        )


def child_250(turns: int) -> None:
    """Run 250 actors × 3 dimensions (in a child process) and print time and turns."""
    arrays = random_ktab(250, 3, 250_003)
    secs, _, done = timed(arrays, 1, max_turns=turns)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"250 actors x 3 dims: {done} turns in {secs:.2f} s ({secs / done:.2f} s/turn), "
        f"peak resident memory {peak:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per scenario (best taken)")
    parser.add_argument("--turns-250", type=int, default=5, help="turns of the 250-actor run")
    parser.add_argument("--skip-250", action="store_true", help="skip the 250-actor run")
    parser.add_argument("--child-250", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_250:
        child_250(args.child_250)
        return
    ktab = ktab_times()
    bench_references(args.repeat, ktab)
    bench_sixty(args.repeat, ktab)
    if not args.skip_250:
        print()
        subprocess.run([sys.executable, __file__, "--child-250", str(args.turns_250)], check=True)


if __name__ == "__main__":
    main()
