"""Finding the European Commission and the European Parliament among a scenario's actors.

``eu_calibrated`` gives the Commission (agenda setter) and the Parliament
(co-legislator under codecision) components of their own, so it must know
which actors they are. In order:

1. an explicit option (``-p commission=ID``, ``-p parliament=ID``);
2. the documented marker: the actor's ``attributes: {role: commission}`` or
   ``{role: parliament}`` in the scenario file (the DEU importer sets it, and
   ``role: member_state`` on the member states);
3. by name, with a notice: the one actor whose id or name contains
   "commission" (resp. "parliament"), or whose id is DEU's code ``com``
   (resp. ``ep``).

A scenario where neither is found, and no actor carries an EU role, is not an
EU legislative decision as far as the model can tell: it is refused with a
message saying how to mark them. In an EU scenario (an actor with an EU role)
an institution that takes no part in an issue is simply absent (the
Parliament is only consulted outside codecision): its components fall back
to the compromise forecast, as fitted.
"""

from __future__ import annotations

from dataclasses import dataclass

from realpolitik.compile import IssueArrays
from realpolitik.errors import InputError
from realpolitik.models.base import model_notice

EU_ROLES = frozenset({"commission", "parliament", "member_state", "council"})
"""Roles that mark a scenario as an EU decision (``attributes.role`` of an actor)."""
WORDS = {"commission": ("commission", "com"), "parliament": ("parliament", "ep")}
"""Per institution: the word looked for in ids and names, and DEU's actor code."""


@dataclass(frozen=True)
class Institutions:
    """The actor ids of the Commission and the Parliament ('' when absent)."""

    commission: str
    parliament: str


def find_institutions(
    arrays: IssueArrays, commission: str | None = None, parliament: str | None = None
) -> Institutions:
    """The Commission and the Parliament of an issue; refuse a non-EU one.

    Args:
        arrays: the issue (its actor ids, roles and names).
        commission: explicit actor id of the Commission (None: look it up).
        parliament: explicit actor id of the Parliament (None: look it up).

    Raises:
        InputError: neither is found and no actor has an EU role.
    """
    com = _find(arrays, "commission", commission)
    ep = _find(arrays, "parliament", parliament)
    eu = any(r in EU_ROLES for r in arrays.actor_roles) or bool(com or ep)
    if not eu:
        listed = ", ".join(arrays.actor_ids)
        raise InputError.one(
            f"eu_calibrated forecasts EU legislative decisions and finds no European "
            f"Commission or Parliament among the actors of issue '{arrays.issue_id}' "
            f"({listed}); mark them in the file with `attributes: {{role: commission}}` and "
            "`attributes: {role: parliament}` (the DEU importer does), or use a model made "
            "for any negotiation (compromise, eum, smp)",
            field=f"issues.{arrays.issue_id}",
        )
    return Institutions(commission=com, parliament=ep)


def _find(arrays: IssueArrays, role: str, explicit: str | None) -> str:
    ids = arrays.actor_ids
    if explicit is not None:
        return explicit if explicit in ids else ""
    marked = [a for a, r in zip(ids, arrays.actor_roles, strict=False) if r == role]
    if marked:
        return marked[0]
    word, code = WORDS[role]
    names = arrays.actor_names or ids
    named = [
        a
        for a, n in zip(ids, names, strict=True)
        if a.lower() == code or word in a.lower() or word in n.lower()
    ]
    if len(named) != 1:
        return ""
    model_notice(
        f"eu_calibrated: actor '{named[0]}' taken as the European {role.title()} by its "
        f"name; mark it with `attributes: {{role: {role}}}` to say so"
    )
    return named[0]
