"""EU calibrated: a procedure-aware blend of classic forecasts, fitted on real EU decisions.

The forecast is a convex combination of component forecasts (see
:mod:`realpolitik.models._eu_components`): the compromise model (Achen 2006),
the unweighted means of all actors and of the member states, the weighted
median (Black 1948), the Commission's position, the Parliament's position
under codecision and under other procedures, and the reference point under
unanimity and under qualified majority (Thomson et al. 2006). The weights are
non-negative, sum to one and were fitted by least absolute deviations on the
DEU data, shrunk toward the compromise model (``benchmarks/fit_eu_calibrated.py``,
``docs/backtest.md``); the forecast is then clipped to the range of the
actors' positions. Finally, a forecast within ``t`` points of an actor's
position or of the midpoint of the positions' range moves onto it (most
real outcomes sit exactly on one of these points; ``t`` is fitted, 25
points on DEU): the predictive median of an outcome with atoms at those
points.

The predictive distribution is location-scale: the forecast plus
``σ · z``, where ``σ = a + b · dispersion`` (the capability × salience
weighted SD of the positions, in points of a 0-100 scale) and ``z`` has the
quantiles of the scaled out-of-fold residuals; quantiles are clipped to the
issue's bounds.

The fitted numbers ship in ``realpolitik/data/models/eu_calibrated.json``
with the data they were fitted on and their cross-validated scores; the
model runs on any issue without refitting (missing procedure, voting rule,
Commission, Parliament or reference point: those components fall back to
the compromise forecast).

References:
    Achen, C. H. (2006). Institutional realism and bargaining models. In
    Thomson, Stokman, Achen & König (eds.), *The European Union Decides*, 86-123.
    Thomson, R., Stokman, F. N., Achen, C. H. & König, T. (2006). *The European
    Union Decides*. Cambridge University Press.
    Arregui, J. & Perarnaud, C. (2021). The DEU III dataset, doi:10.34810/data53.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from realpolitik.arrays import FloatArray
from realpolitik.compile import IssueArrays
from realpolitik.errors import InputError
from realpolitik.models._eu_components import (
    COMPONENTS,
    candidates,
    components,
    dispersion,
    snap_to_nearest,
    span,
)
from realpolitik.models._predictive import PredictiveSpec, Quantiles
from realpolitik.models.base import ModelInfo, Params, Trajectory, static_trajectory

NAME = "eu_calibrated"


class EUCalibratedParams(Params):
    """Options of ``eu_calibrated``.

    Attributes:
        commission: actor id of the European Commission.
        parliament: actor id of the European Parliament.
        procedure_key: issue attribute with the legislative procedure (``COD``: codecision).
        voting_key: issue attribute with the Council's voting rule (``QMV``, ``Unan``).
        coefficients: a coefficients file written by the fitting script; None:
            the one shipped with the package.
    """

    commission: str = "com"
    parliament: str = "ep"
    procedure_key: str = "proc"
    voting_key: str = "counvte"
    coefficients: str | None = None


@dataclass(frozen=True, kw_only=True)
class Calibration:
    """The fitted numbers of the model.

    Attributes:
        weights: ``(K,)`` weight of each component of :data:`COMPONENTS` (>= 0, sum 1).
        scale: ``(a, b)``: the predictive scale is ``a + b · dispersion`` points.
        levels: ``(L,)`` levels of the standardised residual quantiles.
        z: ``(L,)`` the standardised residual quantiles at those levels.
        snap: the largest move (points of 0-100) of the forecast onto the
            nearest candidate point (:func:`~realpolitik.models._eu_components.candidates`);
            0: no snapping.
    """

    weights: FloatArray
    scale: tuple[float, float]
    levels: FloatArray
    z: FloatArray
    snap: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """The numbers as a JSON object (the ``calibration`` block of the file)."""
        return {
            "components": list(COMPONENTS),
            "weights": {c: float(w) for c, w in zip(COMPONENTS, self.weights, strict=True)},
            "scale": {"intercept": self.scale[0], "slope": self.scale[1]},
            "levels": [float(v) for v in self.levels],
            "z": [float(v) for v in self.z],
            "snap": self.snap,
        }

    @classmethod
    def from_json(cls, data: Any, file: str) -> Calibration:
        """Read the ``calibration`` block; InputError naming the field if it is malformed."""
        try:
            weights = np.array([float(data["weights"][c]) for c in COMPONENTS])
            scale = (float(data["scale"]["intercept"]), float(data["scale"]["slope"]))
            levels = np.asarray(data["levels"], dtype=np.float64)
            z = np.asarray(data["z"], dtype=np.float64)
            snap_points = float(data.get("snap", 0.0))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InputError.one(
                f"not an eu_calibrated coefficients file: missing or bad {exc}",
                file=file,
                field="calibration",
            ) from None
        ok = levels.shape == z.shape and levels.ndim == 1 and levels.size > 0
        ok = ok and bool(np.all(np.diff(z) >= 0)) and not np.any(weights < 0)
        if not ok or not snap_points >= 0:
            raise InputError.one(
                "bad calibration: weights and snap must be >= 0 and z non-decreasing, "
                "one per level",
                file=file,
                field="calibration",
            )
        return cls(weights=weights, scale=scale, levels=levels, z=z, snap=snap_points)


def shipped_path() -> Path:
    """The coefficients file shipped with the package."""
    return Path(str(resources.files("realpolitik") / "data" / "models" / f"{NAME}.json"))


@cache
def load_document(path: str | None = None) -> dict[str, Any]:
    """The whole coefficients file (calibration, data fitted on, cross-validated scores)."""
    file = str(shipped_path()) if path is None else path
    try:
        data = json.loads(Path(file).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError.one(
            f"cannot read the coefficients: {exc}", file=file, field="coefficients"
        ) from None
    if not isinstance(data, dict):
        raise InputError.one("expected a JSON object", file=file, field="coefficients")
    return data


def calibration(path: str | None = None) -> Calibration:
    """The calibration in a coefficients file (default: the shipped one)."""
    file = str(shipped_path()) if path is None else path
    return Calibration.from_json(load_document(path).get("calibration"), file)


def _components(arrays: IssueArrays, p: EUCalibratedParams) -> FloatArray:
    return components(
        arrays,
        commission=p.commission,
        parliament=p.parliament,
        procedure_key=p.procedure_key,
        voting_key=p.voting_key,
    )


def point(arrays: IssueArrays, cal: Calibration, p: EUCalibratedParams) -> FloatArray:
    """``(B, d)`` the blend of the components, clipped to the range of the positions, snapped."""
    blend = _components(arrays, p) @ cal.weights
    clipped = np.clip(blend, arrays.position.min(axis=1), arrays.position.max(axis=1))
    return snap_to_nearest(clipped, candidates(arrays), cal.snap * span(arrays) / 100.0)


def spread(arrays: IssueArrays, cal: Calibration) -> FloatArray:
    """``(B, d)`` the predictive scale ``a + b · dispersion``, on the issue's own scale."""
    a, b = cal.scale
    out: FloatArray = (a + b * dispersion(arrays)) * span(arrays) / 100.0
    return out


def run(arrays: IssueArrays, params: EUCalibratedParams, rng: np.random.Generator) -> Trajectory:
    """The calibrated blend's point forecast (the centre of the predictive distribution).

    Args:
        arrays: the issue, batched; ``attributes``, ``status_quo`` and the actor
            ids of the Commission and Parliament are used when present.
        params: actor ids, attribute names and the coefficients file.
        rng: unused (the model is deterministic).
    """
    return static_trajectory(arrays, point(arrays, calibration(params.coefficients), params))


def predict(arrays: IssueArrays, params: EUCalibratedParams) -> Quantiles:
    """Quantiles ``(B, L, d)`` of the outcome: forecast + scale × z, within the bounds."""
    cal = calibration(params.coefficients)
    centre = point(arrays, cal, params)
    values = centre[:, None, :] + spread(arrays, cal)[:, None, :] * cal.z[None, :, None]
    values = np.clip(values, arrays.lower, arrays.upper)
    return Quantiles(levels=cal.levels.copy(), values=values)


def fitted(params: EUCalibratedParams) -> dict[str, Any]:
    """What the coefficients were fitted on, and their cross-validated scores."""
    doc = load_document(params.coefficients)
    return {k: doc[k] for k in ("fitted_on", "cross_validated") if k in doc}


MODEL = PredictiveSpec(
    info=ModelInfo(
        name=NAME,
        title="EU calibrated blend",
        reference="Fitted on DEU III 1996-2000 (Arregui & Perarnaud 2021); components from "
        "Achen (2006) and Thomson et al. (2006). See docs/backtest.md",
        summary="Procedure-aware blend of the compromise model, means, median, Commission, "
        "Parliament and reference point, snapped to a nearby actor position, fitted on "
        "real EU decisions, with a predictive distribution.",
    ),
    params=EUCalibratedParams,
    run=run,
    predict=predict,
    fitted=fitted,
)
