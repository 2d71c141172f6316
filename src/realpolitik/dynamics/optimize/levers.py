"""The ``--lever`` option: which levers the search may change, and within which ranges.

``ID`` alone: the default choice for that lever (:func:`.space.default_choice`).
``ID:SETTING,...`` searches only the settings listed: ``on`` (use it or
not), ``size=LO..HI``, ``threshold=LO..HI``, ``start=YYYY-MM..YYYY-MM``;
e.g. ``us_pressure_on_kyiv:on,size=0..0.1,start=2025-03..2025-12``.
"""

from __future__ import annotations

from realpolitik.dynamics.compiled import CompiledDynamics
from realpolitik.dynamics.optimize.space import Choice, default_choice, holder_levers
from realpolitik.errors import InputError
from realpolitik.scenario.fields import month_number

FIELD = "--lever"


def _bad(text: str, why: str) -> InputError:
    return InputError.one(
        f"--lever '{text}': {why}; write ID or ID:on,size=LO..HI,threshold=LO..HI,"
        "start=YYYY-MM..YYYY-MM",
        field=FIELD,
    )


def _range(text: str, value: str) -> tuple[float, float]:
    lo, sep, hi = value.partition("..")
    try:
        a, b = float(lo), float(hi)
    except ValueError:
        raise _bad(text, f"'{value}' is not a range LO..HI of numbers") from None
    if not sep or not 0 <= a <= b:
        raise _bad(text, f"'{value}' is not a range LO..HI with 0 <= LO <= HI")
    return a, b


def _months(dyn: CompiledDynamics, text: str, value: str) -> tuple[int, int]:
    lo, sep, hi = value.partition("..")
    first = month_number(dyn.months[0])
    try:
        a, b = month_number(lo.strip()) - first, month_number(hi.strip()) - first
    except (ValueError, TypeError):
        raise _bad(text, f"'{value}' is not a range of months YYYY-MM..YYYY-MM") from None
    if not sep or not 0 <= a <= b < dyn.horizon:
        raise _bad(text, f"'{value}' must lie within the clock, {dyn.months[0]}..{dyn.months[-1]}")
    return a, b


def parse_lever(dyn: CompiledDynamics, holder: str, text: str) -> Choice:
    """One ``--lever`` value as a :class:`Choice` (InputError naming what is wrong)."""
    lever_id, _, spec = text.partition(":")
    lever_id = lever_id.strip()
    held = holder_levers(dyn, holder)
    mine = {dyn.lever_ids[k]: k for k in held}
    if lever_id not in mine:
        raise _bad(text, f"'{holder}' holds no lever '{lever_id}' (its levers: {', '.join(mine)})")
    k = mine[lever_id]
    if not spec.strip():
        return default_choice(dyn, k)
    fields: dict[str, object] = {"switch": False}
    for item in spec.split(","):
        name, eq, value = (s.strip() for s in item.partition("="))
        if name == "on" and not eq:
            fields["switch"] = True
        elif name in ("size", "threshold") and eq:
            fields[name] = _range(text, value)
        elif name == "start" and eq:
            fields["start"] = _months(dyn, text, value)
        else:
            raise _bad(text, f"unknown setting '{item.strip()}'")
    if not any(fields.get(n) for n in ("switch", "size", "threshold", "start")):
        raise _bad(text, "no setting to search")
    if fields.get("threshold") and not bool(dyn.lever_conditional[k]):
        raise _bad(text, f"'{lever_id}' has no condition, so no threshold")
    return Choice(lever=lever_id, index=k, **fields)  # type: ignore[arg-type]
