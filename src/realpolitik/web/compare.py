"""Two runs side by side: the headline figures of each, row by row."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from realpolitik.report.tables import number


@dataclass(frozen=True, kw_only=True)
class Row:
    """One headline figure of two runs (``-`` where a run does not have it)."""

    label: str
    a: str
    b: str


def headlines(doc: Mapping[str, Any] | None) -> dict[str, str]:
    """The headline figures of a result document, by label.

    A deterministic run gives each issue's forecast; a simulation each issue's
    median with its 90% interval; a dynamic run each event's probability
    within the horizon and its median month.
    """
    if not doc:
        return {}
    out: dict[str, str] = {}
    for issue_id, value in (doc.get("forecast") or {}).items():
        out[f"{issue_id}: forecast"] = number(value)
    for issue_id, s in (doc.get("issues") or {}).items():
        q = s.get("quantiles", {})
        band = f" (90%: {number(q.get('0.05'))} – {number(q.get('0.95'))})" if q else ""
        out[f"{issue_id}: median"] = f"{number(s.get('median', s.get('mean')))}{band}"
    for name, e in (doc.get("events") or {}).items():
        p = e.get("probability")
        month = e.get("median_month") or "not within the horizon"
        out[f"{name}: probability"] = "-" if p is None else f"{p:.0%}"
        out[f"{name}: median month"] = str(month)
    return out


def compare_rows(a: Mapping[str, Any] | None, b: Mapping[str, Any] | None) -> list[Row]:
    """The union of both runs' headline figures, in order of first appearance."""
    ha, hb = headlines(a), headlines(b)
    labels = list(dict.fromkeys([*ha, *hb]))
    return [Row(label=k, a=ha.get(k, "-"), b=hb.get(k, "-")) for k in labels]
