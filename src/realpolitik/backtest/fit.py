"""Fit ``eu_calibrated`` and measure it honestly (nested, grouped cross-validation).

The procedure, fixed before looking at test folds:

1. **Weights.** Least absolute deviations of the outcome on the component
   forecasts (:data:`~realpolitik.models._eu_components.COMPONENTS`), weights
   non-negative and summing to one, plus a penalty ``2 λ (1 - w_compromise)``
   that shrinks the blend toward the compromise model (``λ`` in points of
   mean absolute error: moving all the weight away from the compromise must
   buy ``2 λ`` points). A linear programme (``scipy.optimize.linprog``, HiGHS).
2. **Snapping.** The blend, clipped to the range of the positions, moves
   onto the nearest candidate point (an actor's position or the midpoint of
   their range) when that is at most ``t`` points away.
3. **Selection.** ``λ`` and ``t`` are chosen together from the a-priori
   grids :data:`PENALTIES` and :data:`SNAPS` by grouped 10-fold
   cross-validation *inside the training data*, scoring the snapped forecast
   (ties go to the stronger shrinkage, then to the smaller ``t``).
4. **Predictive distribution.** From the inner out-of-fold residuals ``r``
   of the chosen ``(λ, t)``:
   the scale ``σ = a + b · dispersion`` (least absolute deviations of ``|r|``,
   ``a, b >= 0``) and the quantiles of ``r / σ`` on the midpoint grid of
   :data:`N_LEVELS` levels.
5. **Evaluation.** Leave-one-proposal-out: every proposal in turn is held
   out, steps 1-4 run on the others, the held-out issues are forecast. The
   model selection in step 3 is thus inside the loop (nested cross-validation).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.optimize import linprog

from realpolitik.backtest.cases import Case, load_cases
from realpolitik.backtest.cv import Mask, grouped_kfold, leave_one_group_out
from realpolitik.backtest.metrics import Predictive, summarize
from realpolitik.backtest.scoring import FloatArray
from realpolitik.models._eu_components import (
    COMPONENTS,
    candidates,
    dispersion,
    snap_to_nearest,
    span,
)
from realpolitik.models._predictive import midpoint_levels
from realpolitik.models.eu_calibrated import Calibration, EUCalibratedParams, component_forecasts

PENALTIES = (2.0, 1.0, 0.5, 0.2, 0.1, 0.05, 0.0)
"""Shrinkage strengths tried (points of MAE), strongest first (it wins ties)."""

SNAPS = (0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 40.0, 50.0)
"""Snapping thresholds tried (points of 0-100), smallest first (it wins ties)."""

INNER_FOLDS = 10
"""Folds of the inner (model-selection) cross-validation."""

INNER_SEED = 0
"""Seed of the inner folds' assignment of groups."""

N_LEVELS = 100
"""Quantile levels of the predictive distribution: ``(k - 0.5) / 100``."""


@dataclass(frozen=True, kw_only=True)
class Design:
    """The fitting data: one row per scored issue dimension, in points of 0-100.

    Attributes:
        case_ids: ``(n,)`` case of each row.
        groups: ``(n,)`` cross-validation group of each row.
        comps: ``(n, K)`` component forecasts.
        y: ``(n,)`` outcomes.
        disp: ``(n,)`` dispersion of the positions.
        lo: ``(n,)`` lowest position.
        hi: ``(n,)`` highest position.
        cands: ``(n, m)`` the points a forecast may snap to, ascending, NaN-padded.
    """

    case_ids: NDArray[np.str_]
    groups: NDArray[np.str_]
    comps: FloatArray
    y: FloatArray
    disp: FloatArray
    lo: FloatArray
    hi: FloatArray
    cands: FloatArray

    @property
    def size(self) -> int:
        """Number of rows."""
        return int(self.y.size)


def _points(case: Case, x: FloatArray) -> FloatArray:
    a = case.arrays
    out: FloatArray = (x - a.lower) * 100.0 / span(a)
    return out


def design(cases: Sequence[Case], params: EUCalibratedParams | None = None) -> Design:
    """The component forecasts, outcomes and dispersions of the cases, in points."""
    p = params or EUCalibratedParams()
    rows: dict[str, list[Any]] = {k: [] for k in ("id", "g", "c", "y", "s", "lo", "hi", "k")}
    for case in cases:
        a = case.arrays
        comps = component_forecasts(a, p)[0]
        scale = 100.0 / span(a)
        rows["c"] += list((comps - a.lower[:, None]) * scale[:, None])
        rows["y"] += list(_points(case, case.outcome))
        rows["s"] += list(dispersion(a)[0])
        rows["lo"] += list(_points(case, a.position[0].min(axis=0)))
        rows["hi"] += list(_points(case, a.position[0].max(axis=0)))
        rows["k"] += list((candidates(a)[0] - a.lower[:, None]) * scale[:, None])
        rows["id"] += [case.case_id] * a.n_dims
        rows["g"] += [case.group] * a.n_dims
    return Design(
        case_ids=np.array(rows["id"], dtype=np.str_),
        groups=np.array(rows["g"], dtype=np.str_),
        comps=np.array(rows["c"], dtype=np.float64).reshape(-1, len(COMPONENTS)),
        y=np.array(rows["y"], dtype=np.float64),
        disp=np.array(rows["s"], dtype=np.float64),
        lo=np.array(rows["lo"], dtype=np.float64),
        hi=np.array(rows["hi"], dtype=np.float64),
        cands=_padded(rows["k"]),
    )


def _padded(rows: list[FloatArray]) -> FloatArray:
    """Rows of different lengths as one array, NaN-padded on the right."""
    out: FloatArray = np.full((len(rows), max((r.size for r in rows), default=0)), np.nan)
    for i, r in enumerate(rows):
        out[i, : r.size] = r
    return out


def _lad(x: FloatArray, y: FloatArray, cost: FloatArray, simplex: bool) -> FloatArray:
    """``argmin_w mean|y - x w| + cost·w`` over ``w >= 0`` (and ``Σ w = 1`` if ``simplex``)."""
    n, k = x.shape
    eye = sparse.identity(n, format="csr")
    a_eq = sparse.hstack([sparse.csr_matrix(x), eye, -eye], format="csr")
    b_eq = y
    if simplex:
        total = sparse.hstack([np.ones((1, k)), sparse.csr_matrix((1, 2 * n))])
        a_eq = sparse.vstack([a_eq, total])
        b_eq = np.append(y, 1.0)
    c = np.concatenate([cost, np.full(2 * n, 1.0 / n)])
    res = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    if res.status != 0:  # pragma: no cover - a feasible bounded LP; HiGHS does not fail here
        raise RuntimeError(f"linprog failed: {res.message}")
    out: FloatArray = np.asarray(res.x[:k], dtype=np.float64)
    return out


def fit_weights(comps: FloatArray, y: FloatArray, penalty: float) -> FloatArray:
    """Simplex weights of the components by least absolute deviations, shrunk to compromise.

    Minimises ``mean|y - C w| + 2 · penalty · (1 - w_0)``, ``w >= 0``, ``Σ w = 1``
    (the penalty is the L1 distance of ``w`` from the compromise model's ``e_0``).
    """
    cost = np.zeros(comps.shape[1])
    cost[0] = -2.0 * penalty
    w = _lad(comps, y, cost, simplex=True)
    w = np.clip(w, 0.0, None)
    out: FloatArray = w / w.sum()
    return out


def fit_scale(disp: FloatArray, abs_residual: FloatArray) -> tuple[float, float]:
    """``(a, b) >= 0`` minimising ``mean| |r| - a - b · dispersion |`` (a median-type scale)."""
    x = np.column_stack([np.ones_like(disp), disp])
    a, b = _lad(x, abs_residual, np.zeros(2), simplex=False)
    if a + b * float(np.median(disp)) <= 0:  # degenerate: all residuals zero
        a = 1.0
    return float(a), float(b)


def predict_points(
    d: Design, rows: Mask | NDArray[np.intp], weights: FloatArray, snap: float = 0.0
) -> FloatArray:
    """Blend forecasts of some rows, clipped to the range of the positions, snapped (``snap``)."""
    clipped = np.clip(d.comps[rows] @ weights, d.lo[rows], d.hi[rows])
    return snap_to_nearest(clipped, d.cands[rows], snap)


def predict_quantiles(d: Design, rows: Mask | NDArray[np.intp], cal: Calibration) -> FloatArray:
    """``(n, L)`` predictive quantiles of some rows, in points, within [0, 100]."""
    centre = predict_points(d, rows, cal.weights, cal.snap)
    sigma = cal.scale[0] + cal.scale[1] * d.disp[rows]
    out: FloatArray = np.clip(centre[:, None] + sigma[:, None] * cal.z[None, :], 0.0, 100.0)
    return out


def _oof(d: Design, rows: NDArray[np.intp], penalty: float, folds: list[Mask]) -> FloatArray:
    pred = np.empty(rows.size)
    for test in folds:
        w = fit_weights(d.comps[rows[~test]], d.y[rows[~test]], penalty)
        pred[test] = predict_points(d, rows[test], w)
    return pred


@dataclass(frozen=True, kw_only=True)
class Fit:
    """A calibration and how it was chosen.

    Attributes:
        calibration: the fitted numbers.
        penalty: the shrinkage chosen.
        inner_mae: inner cross-validated MAE per ``(penalty, snap)`` tried.
    """

    calibration: Calibration
    penalty: float
    inner_mae: dict[tuple[float, float], float]


def fit_calibration(d: Design, rows: NDArray[np.intp] | None = None) -> Fit:
    """Steps 1-4 of the module docstring on some rows (default: all)."""
    idx = np.arange(d.size) if rows is None else rows
    folds = grouped_kfold(d.groups[idx], INNER_FOLDS, INNER_SEED)
    oof = {
        (lam, t): snap_to_nearest(blend, d.cands[idx], t)
        for lam in PENALTIES
        for blend in [_oof(d, idx, lam, folds)]
        for t in SNAPS
    }
    inner = {key: float(np.abs(p - d.y[idx]).mean()) for key, p in oof.items()}
    best = min(inner, key=lambda key: (round(inner[key], 9), -key[0], key[1]))
    weights = fit_weights(d.comps[idx], d.y[idx], best[0])
    residual = d.y[idx] - oof[best]
    a, b = fit_scale(d.disp[idx], np.abs(residual))
    levels = midpoint_levels(N_LEVELS)
    z = np.quantile(residual / (a + b * d.disp[idx]), levels)
    cal = Calibration(weights=weights, scale=(a, b), levels=levels, z=z, snap=best[1])
    return Fit(calibration=cal, penalty=best[0], inner_mae=inner)


@dataclass(frozen=True, kw_only=True)
class CrossValidation:
    """Out-of-fold forecasts of every row (leave one group out, nested).

    Attributes:
        points: ``(n,)`` forecasts.
        quantiles: ``(n, L)`` predictive quantiles.
        levels: ``(L,)`` their levels.
        penalties: the shrinkage chosen in each outer fold.
        snaps: the snapping threshold chosen in each outer fold.
    """

    points: FloatArray
    quantiles: FloatArray
    levels: FloatArray
    penalties: list[float]
    snaps: list[float]


def cross_validate(d: Design) -> CrossValidation:
    """Step 4: leave-one-group-out, each training set fitted by :func:`fit_calibration`."""
    points = np.empty(d.size)
    quantiles = np.empty((d.size, N_LEVELS))
    chosen, snaps = [], []
    all_rows = np.arange(d.size)
    for test in leave_one_group_out(d.groups):
        fit = fit_calibration(d, all_rows[~test])
        points[test] = predict_points(d, test, fit.calibration.weights, fit.calibration.snap)
        quantiles[test] = predict_quantiles(d, test, fit.calibration)
        chosen.append(fit.penalty)
        snaps.append(fit.calibration.snap)
    return CrossValidation(
        points=points,
        quantiles=quantiles,
        levels=midpoint_levels(N_LEVELS),
        penalties=chosen,
        snaps=snaps,
    )


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def baselines(d: Design) -> dict[str, dict[str, Any]]:
    """Scores of the components used alone (no fitting, so in-sample = out-of-sample)."""
    return {c: summarize(np.clip(d.comps[:, k], d.lo, d.hi), d.y) for k, c in enumerate(COMPONENTS)}


def fit_document(path: str | Path, *, nested: bool = True) -> dict[str, Any]:
    """Fit on a DEU-format file and describe it all: the coefficients file's content.

    Args:
        path: the DEU table (or any backtest source) to fit on.
        nested: also run the nested cross-validation (about 20 s on DEU).

    Returns:
        ``model``, ``calibration``, ``fitted_on`` (file, sha256, issues,
        proposals), ``protocol``, ``in_sample``, ``cross_validated`` (eu_calibrated
        and compromise on the same folds) and ``components_alone``.
    """
    p = Path(path)
    cs = load_cases(p)
    d = design(cs.cases)
    fit = fit_calibration(d)
    rows = np.arange(d.size)
    levels = fit.calibration.levels
    in_sample = summarize(
        predict_points(d, rows, fit.calibration.weights, fit.calibration.snap),
        d.y,
        Predictive(levels=levels, quantiles=predict_quantiles(d, rows, fit.calibration)),
    )
    doc: dict[str, Any] = {
        "model": "eu_calibrated",
        "format": 1,
        "calibration": fit.calibration.to_json(),
        "penalty": fit.penalty,
        "inner_cv_mae": {
            f"{lam:g}": {f"{t:g}": round(fit.inner_mae[lam, t], 6) for t in SNAPS}
            for lam in PENALTIES
        },
        "fitted_on": {
            "file": p.name,
            "sha256": sha256(p),
            "issues": len(cs.cases) + cs.skipped,
            "scored": d.size,
            "proposals": int(np.unique(d.groups).size),
        },
        "protocol": _protocol(),
        "in_sample": in_sample,
        "components_alone": baselines(d),
    }
    if nested:
        cv = cross_validate(d)
        doc["cross_validated"] = {
            "eu_calibrated": summarize(
                cv.points, d.y, Predictive(levels=cv.levels, quantiles=cv.quantiles)
            ),
            "compromise": summarize(d.comps[:, 0], d.y),
            "penalties_chosen": {f"{k:g}": cv.penalties.count(k) for k in PENALTIES},
            "snaps_chosen": {f"{k:g}": cv.snaps.count(k) for k in SNAPS},
        }
    return doc


def _protocol() -> dict[str, Any]:
    return {
        "outer": "leave one proposal out (every proposal held out once)",
        "inner": f"grouped {INNER_FOLDS}-fold by proposal, seed {INNER_SEED}, chooses the "
        "shrinkage toward the compromise model and the snapping threshold together",
        "penalties": list(PENALTIES),
        "snaps": list(SNAPS),
        "snap_to": "nearest actor position or midpoint of the positions' range",
        "weights": "least absolute deviations, non-negative, summing to one",
        "scale": "a + b * dispersion from inner out-of-fold residuals",
        "levels": N_LEVELS,
        "units": "points of a 0-100 scale",
    }
