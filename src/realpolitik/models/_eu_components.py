"""The forecasts ``eu_calibrated`` blends: classic models and the EU institutions' stances.

Each component is a forecast of every run and dimension, ``(B, d)``, on the
issue's own scale. The procedure-aware ones use the issue's attributes (the
DEU columns ``proc``, the legislative procedure, and ``counvte``, the
Council's voting rule) and the actor ids of the Commission and the
Parliament; when a fact is missing, the component falls back to the
compromise forecast, so its weight then acts as weight on the compromise.

Components (Thomson et al. 2006, *The European Union Decides*, ch. 1-5):

=====================  ==============================================================
``compromise``         capability × salience weighted mean (Achen 2006)
``mean``               unweighted mean of every actor's position
``council``            unweighted mean of the member states (all but Commission, EP)
``median``             capability × salience weighted median (Black 1948)
``commission``         the Commission's position (the proposal; agenda setter)
``parliament_cod``     the Parliament's position under codecision (co-legislator)
``parliament_other``   the Parliament's position under other procedures (consulted)
``reference_unan``     the reference point (status quo) under unanimity (any veto holds)
``reference_qmv``      the reference point under qualified majority
=====================  ==============================================================

:func:`candidates` and :func:`snap_to_nearest` give the last step of the
model: the blend moves onto a nearby actor position or the midpoint of the
positions' range.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from realpolitik.arrays import FloatArray
from realpolitik.compile import IssueArrays
from realpolitik.models.base import weighted_mean, weighted_median

COMPONENTS = (
    "compromise",
    "mean",
    "council",
    "median",
    "commission",
    "parliament_cod",
    "parliament_other",
    "reference_unan",
    "reference_qmv",
)
"""Names of the components, in the order of the fitted weights."""

CODECISION = frozenset({"COD", "CODECISION", "OLP", "ORDINARY"})
"""Procedure codes read as codecision (the ordinary legislative procedure)."""


def procedure(attributes: Mapping[str, str | float], key: str) -> str | None:
    """``"codecision"``, ``"other"`` or None (unknown) from the issue's attributes."""
    value = str(attributes.get(key, "")).strip().upper()
    if not value:
        return None
    return "codecision" if value in CODECISION else "other"


def voting_rule(attributes: Mapping[str, str | float], key: str) -> str | None:
    """``"qmv"``, ``"unanimity"`` or None (unknown) from the issue's attributes.

    ``QMV``, ``QMV(10)``, ``qualified majority`` are QMV; ``Unan``,
    ``Unanimity`` are unanimity.
    """
    value = str(attributes.get(key, "")).strip().upper()
    if value.startswith(("QMV", "QUALIFIED")):
        return "qmv"
    if value.startswith("UNAN"):
        return "unanimity"
    return None


def _actor(arrays: IssueArrays, actor_id: str) -> int | None:
    return arrays.actor_ids.index(actor_id) if actor_id in arrays.actor_ids else None


def _council(arrays: IssueArrays, institutions: tuple[str, str]) -> FloatArray:
    members = np.array([a not in institutions for a in arrays.actor_ids])
    x = arrays.position[:, members] if members.any() else arrays.position
    out: FloatArray = x.mean(axis=1)
    return out


def components(
    arrays: IssueArrays,
    *,
    commission: str = "com",
    parliament: str = "ep",
    procedure_key: str = "proc",
    voting_key: str = "counvte",
) -> FloatArray:
    """Every component forecast, ``(B, d, K)`` in the order of :data:`COMPONENTS`.

    Args:
        arrays: the issue, batched.
        commission: actor id of the Commission.
        parliament: actor id of the European Parliament.
        procedure_key: the issue attribute holding the legislative procedure.
        voting_key: the issue attribute holding the Council's voting rule.
    """
    x, w = arrays.position, arrays.capability[:, :, None] * arrays.salience
    base = weighted_mean(arrays)
    proc = procedure(arrays.attributes, procedure_key)
    rule = voting_rule(arrays.attributes, voting_key)
    com, ep = _actor(arrays, commission), _actor(arrays, parliament)
    sq = arrays.status_quo

    def pick(ok: bool, value: FloatArray | None) -> FloatArray:
        return value if ok and value is not None else base

    ep_x = None if ep is None else x[:, ep]
    parts = [
        base,
        x.mean(axis=1),
        _council(arrays, (commission, parliament)),
        weighted_median(x, w),
        pick(com is not None, None if com is None else x[:, com]),
        pick(proc == "codecision", ep_x),
        pick(proc == "other", ep_x),
        pick(rule == "unanimity", sq),
        pick(rule == "qmv", sq),
    ]
    return np.stack(parts, axis=-1)


def candidates(arrays: IssueArrays) -> FloatArray:
    """``(B, d, n + 1)`` the points a forecast may snap to, ascending: positions and midrange.

    The actors' positions and the midpoint of their range ("split the
    difference"): on DEU most outcomes sit on one of them (63 % exactly on an
    actor's position).
    """
    x = np.moveaxis(arrays.position, 1, -1)
    mid = 0.5 * (x.min(axis=-1, keepdims=True) + x.max(axis=-1, keepdims=True))
    out: FloatArray = np.sort(np.concatenate([x, mid], axis=-1), axis=-1)
    return out


def snap_to_nearest(
    forecast: FloatArray, points: FloatArray, threshold: FloatArray | float
) -> FloatArray:
    """Move each forecast to its nearest candidate point when that is within ``threshold``.

    Args:
        forecast: ``(...)`` forecasts.
        points: ``(..., m)`` candidate points, ascending; NaN pads unused slots
            (ties go to the lower point).
        threshold: largest move, broadcastable to ``forecast`` (0: no snapping).

    Returns:
        ``(...)`` the snapped forecasts.
    """
    gap = np.abs(points - forecast[..., None])
    gap = np.where(np.isnan(gap), np.inf, gap)
    k = np.argmin(gap, axis=-1)
    nearest = np.take_along_axis(points, k[..., None], axis=-1)[..., 0]
    near = np.take_along_axis(gap, k[..., None], axis=-1)[..., 0] <= threshold
    out: FloatArray = np.where(near, nearest, forecast)
    return out


def span(arrays: IssueArrays) -> FloatArray:
    """``(d,)`` width of the issue's scale (upper - lower), 1 where it is empty."""
    width = arrays.upper - arrays.lower
    out: FloatArray = np.where(width > 0, width, 1.0)
    return out


def dispersion(arrays: IssueArrays) -> FloatArray:
    """``(B, d)`` capability × salience weighted SD of the positions, in points of 0-100.

    The spread of the actors' stances: when they agree, the outcome is
    certain; the predictive distribution of ``eu_calibrated`` widens with it.
    Zero total weight: the unweighted SD.
    """
    x = arrays.position
    w = arrays.capability[:, :, None] * arrays.salience
    total = w.sum(axis=1, keepdims=True)
    w = np.where(total > 0, w, 1.0)
    w = w / w.sum(axis=1, keepdims=True)
    mean = (w * x).sum(axis=1, keepdims=True)
    sd = np.sqrt((w * (x - mean) ** 2).sum(axis=1))
    out: FloatArray = sd * 100.0 / span(arrays)
    return out
