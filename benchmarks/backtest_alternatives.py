"""Issue 8's fourth attempt: two alternatives to ``eu_calibrated``, measured nested.

Usage::

    .venv/bin/python benchmarks/backtest_alternatives.py [FILE]

FILE defaults to ``../shared/reference/deu/deu-1996-2000.tsv`` (else the copy
in ``tests/data/reference``). Same protocol as the shipped model
(``realpolitik.backtest.fit``): leave one proposal out; every setting chosen
by grouped 10-fold cross-validation (seed 0) inside the training proposals.

* **choose the base** — the forecast to snap is itself a choice made in the
  inner folds: the shipped blend at each shrinkage, or the unweighted mean of
  the member states ("council"), the compromise model, or the unweighted mean
  of every actor; then snapped onto the nearest candidate point within ``t``.
* **mixture median** — a predictive distribution with atoms on the candidate
  points and a continuous Laplace part around the base; the forecast is its
  median (the point that minimises expected absolute error). An atom's
  weight is ``π · support^γ · exp(-distance / τ)`` normalised, ``support``
  the share of actors holding that position; ``(base, π, γ, τ, s)`` are
  chosen in the inner folds.

It prints where outcomes land on the issues with only two positions, the
nested MAE of each alternative, of the shipped model and of the bar, and a
bootstrap over proposals (4000 resamples, seed 1) of each one's gain over
the shipped model. Takes about 1-2 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from realpolitik.backtest.cases import load_cases  # noqa: E402
from realpolitik.backtest.cv import grouped_kfold, leave_one_group_out  # noqa: E402
from realpolitik.backtest.fit import (  # noqa: E402
    INNER_FOLDS,
    INNER_SEED,
    PENALTIES,
    SNAPS,
    Design,
    cross_validate,
    design,
    fit_weights,
)
from realpolitik.models._eu_components import snap_to_nearest  # noqa: E402

Arr = NDArray[np.float64]
Setting = float | tuple[float, float, float, float]
FIXED_BASES = {"council": 2, "compromise": 0, "mean": 1}
"""Bases without fitting, by their column in the design's components."""

GRID = np.arange(0.0, 100.5, 0.5)
"""Where the mixture's distribution function is evaluated (points)."""

MIXTURES = list(
    itertools.product((0.5, 0.65, 0.8, 0.9, 0.95), (0.0, 1.0, 2.0), (10.0, 25.0, 1e9), (10.0, 25.0))
)
"""``(π, γ, τ, s)`` tried by the mixture median."""


def reference(relative: str) -> Path:
    """A reference file from ../shared/reference, else from tests/data/reference."""
    shared = ROOT.parent / "shared" / "reference" / relative
    return shared if shared.exists() else ROOT / "tests" / "data" / "reference" / relative


def stances(cases_path: Path, d: Design) -> tuple[Arr, Arr]:
    """``(n, m)`` distinct candidate points of each row and the share of actors at each."""
    points = np.full_like(d.cands, np.nan)
    share = np.zeros_like(d.cands)
    row = 0
    for case in load_cases(cases_path).cases:
        a = case.arrays
        pos = (a.position[0] - a.lower) * 100.0 / (a.upper - a.lower)  # (n_actors, d)
        for k in range(a.n_dims):
            u = np.unique(d.cands[row][~np.isnan(d.cands[row])])
            points[row, : u.size] = u
            share[row, : u.size] = (np.abs(pos[:, k][None, :] - u[:, None]) < 1e-9).mean(axis=1)
            row += 1
    return points, share


def bases(d: Design, rows: NDArray[np.intp], blends: dict[float, Arr]) -> dict[str, Arr]:
    """Every base forecast of some rows, clipped to the positions' range."""
    out = {f"blend {lam:g}": b for lam, b in blends.items()}
    for name, col in FIXED_BASES.items():
        out[name] = np.clip(d.comps[rows, col], d.lo[rows], d.hi[rows])
    return out


def blend(d: Design, train: NDArray[np.intp], test: NDArray[np.intp], lam: float) -> Arr:
    """The shipped blend at shrinkage ``lam``, fitted on ``train``, for ``test``."""
    w = fit_weights(d.comps[train], d.y[train], lam)
    out: Arr = np.clip(d.comps[test] @ w, d.lo[test], d.hi[test])
    return out


def inner_blends(d: Design, rows: NDArray[np.intp]) -> dict[float, Arr]:
    """Inner out-of-fold blends of ``rows`` at every shrinkage."""
    folds = grouped_kfold(d.groups[rows], INNER_FOLDS, INNER_SEED)
    out = {lam: np.empty(rows.size) for lam in PENALTIES}
    for test, lam in itertools.product(folds, PENALTIES):
        out[lam][test] = blend(d, rows[~test], rows[test], lam)
    return out


def mixture_median(base: Arr, cands: Arr, sup: Arr, spec: tuple[float, float, float, float]) -> Arr:
    """Median of atoms on ``cands`` (weight ``π``) plus a Laplace part around ``base``."""
    pi, gamma, tau, s = spec
    valid = ~np.isnan(cands)
    cont = np.exp(-np.abs(GRID[None, :] - base[:, None]) / s)
    mass = (1.0 - pi) * cont / cont.sum(axis=1, keepdims=True)
    dist = np.nan_to_num(np.abs(cands - base[:, None]))
    q = np.where(valid, sup**gamma * np.exp(-dist / tau), 0.0)
    q /= q.sum(axis=1, keepdims=True)
    at = np.clip(np.round(np.nan_to_num(cands) * 2).astype(int), 0, GRID.size - 1)
    rows = np.repeat(np.arange(base.size), cands.shape[1])
    np.add.at(mass, (rows, at.ravel()), (pi * q).ravel())
    out: Arr = GRID[np.argmax(np.cumsum(mass, axis=1) >= 0.5, axis=1)]
    return out


def nested(d: Design, pts: Arr, sup: Arr, family: str) -> tuple[Arr, list[str]]:
    """Leave-one-proposal-out forecasts of one family, settings chosen inside."""
    rows_all = np.arange(d.size)
    pred, chosen = np.empty(d.size), []
    for test_mask in leave_one_group_out(d.groups):
        train, test = rows_all[~test_mask], rows_all[test_mask]
        inner = bases(d, train, inner_blends(d, train))
        outer = bases(d, test, {lam: blend(d, train, test, lam) for lam in PENALTIES})

        def forecast(rows: NDArray[np.intp], b: dict[str, Arr], key: tuple[str, Setting]) -> Arr:
            name, setting = key
            if isinstance(setting, float):
                return snap_to_nearest(b[name], d.cands[rows], setting)
            return mixture_median(b[name], pts[rows], sup[rows], setting)

        grid: Sequence[Setting] = SNAPS if family == "snap" else MIXTURES
        keys = [(name, s) for name in inner for s in grid]
        score = {k: float(np.abs(forecast(train, inner, k) - d.y[train]).mean()) for k in keys}
        best = min(keys, key=lambda k: round(score[k], 9))
        pred[test] = forecast(test, outer, best)
        setting = best[1] if isinstance(best[1], tuple) else (best[1],)
        chosen.append(" ".join([best[0], *(f"{v:g}" for v in setting)]))
    return pred, chosen


def bootstrap_se(d: Design, gain: Arr, seed: int = 1, n: int = 4000) -> float:
    """Standard error of the mean of ``gain`` when proposals are resampled."""
    groups, inverse = np.unique(d.groups, return_inverse=True)
    sums = np.bincount(inverse, weights=gain, minlength=groups.size)
    counts = np.bincount(inverse, minlength=groups.size)
    draw = np.random.default_rng(seed).integers(0, groups.size, (n, groups.size))
    return float(np.std(sums[draw].sum(axis=1) / counts[draw].sum(axis=1)))


def two_camps(d: Design, pts: Arr, sup: Arr) -> None:
    """Where outcomes land when the actors hold just two positions, and who wins."""
    distinct = (sup > 0).sum(axis=1)
    rows = np.flatnonzero(distinct == 2)
    lo, hi, y = d.lo[rows], d.hi[rows], d.y[rows]
    at_lo, at_hi, mid = y == lo, y == hi, y == (lo + hi) / 2
    print(
        f"two positions only: {rows.size} issues; outcome at the lower {at_lo.mean():.0%}, "
        f"the upper {at_hi.mean():.0%}, the midpoint {mid.mean():.0%}, "
        f"elsewhere {(~(at_lo | at_hi | mid)).mean():.0%}"
    )
    share_hi = np.array([sup[r][pts[r] == d.hi[r]].sum() for r in rows])
    won = at_lo | at_hi
    right = (share_hi[won] > 0.5) == at_hi[won]
    print(f"    when it is one of them, the side more actors hold won {right.mean():.0%}")


def main() -> None:
    """Run both alternatives and print their nested figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", nargs="?", type=Path, default=reference("deu/deu-1996-2000.tsv"))
    path = parser.parse_args().file
    d = design(load_cases(path).cases)
    pts, sup = stances(path, d)
    shipped = cross_validate(d).points
    bar = np.abs(d.comps[:, 0] - d.y)
    err_shipped = np.abs(shipped - d.y)
    print(f"{path.name}: {d.size} scored issues, {np.unique(d.groups).size} proposals")
    two_camps(d, pts, sup)
    print(f"{'forecast':<40} {'MAE':>6} {'vs bar':>7} {'gain over shipped (SE)':>24}")
    print(f"{'compromise (the bar)':<40} {bar.mean():6.2f}")
    print(
        f"{'eu_calibrated as shipped, nested':<40} {err_shipped.mean():6.2f} "
        f"{err_shipped.mean() / bar.mean() - 1:+7.1%}"
    )
    for family, label in (("snap", "choose the base, then snap"), ("mix", "mixture median")):
        pred, chosen = nested(d, pts, sup, family)
        err = np.abs(pred - d.y)
        gain = err_shipped - err
        print(
            f"{label + ', nested':<40} {err.mean():6.2f} {err.mean() / bar.mean() - 1:+7.1%} "
            f"{gain.mean():+14.2f} ({bootstrap_se(d, gain):.2f})"
        )
        top = sorted({c: chosen.count(c) for c in chosen}.items(), key=lambda kv: -kv[1])[:3]
        print("    chosen in the outer folds:", ", ".join(f"{c} ×{k}" for c, k in top))


if __name__ == "__main__":
    main()
