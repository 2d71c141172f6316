"""Build a scenario in the browser, from nothing: the "New scenario" page.

The page is one form: the title, the salience scale, one row per issue (id,
name, unit, what each end of the scale means, bounds) and one row per actor
(id, name, capability, then a position and a salience on each issue). Buttons
add and remove rows; "Check" validates the whole draft with the same parser as
a file (:func:`realpolitik.io.scenario_file.scenario_from_data`) and shows each
problem beside its field, as the table editor does; "Save" writes it as a new
scenario (the scenario file) and opens its page, where it runs. Nothing is
saved while any problem remains. Works without scripts (each button posts the
form back).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from realpolitik.errors import InputError, Problem
from realpolitik.io.scenario_file import scenario_from_data
from realpolitik.scenario import Scenario
from realpolitik.web.deps import catalogue_of
from realpolitik.web.forms import parse_cell
from realpolitik.web.pages import render

router = APIRouter(include_in_schema=False)

ISSUE_FIELDS = ("id", "name", "unit", "low", "high", "lo", "hi")
ACTOR_FIELDS = ("id", "name", "cap")
MAX_ROWS = 200
_ISSUE = re.compile(r"^issues\[(\d+)\](?:\.(\w+))?")
_ACTOR = re.compile(r"^actors\[(\d+)\](?:\.(id|name|capability))?$")
_STANCE = re.compile(r"^actors\[(\d+)\]\.stances\.(.+)\.(position|salience)$")


@dataclass(kw_only=True)
class Draft:
    """The form as typed: field name -> text, row counts, and problems by field name."""

    values: dict[str, str] = field(default_factory=dict)
    issues: int = 1
    actors: int = 2
    errors: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    live: bool = False
    """Checked while typing: a row without an id yet gets a stand-in one, so the fields
    typed so far are checked beyond the missing ids (the parser checks ids first)."""
    stand_in: bool = False
    """Whether a stand-in id was used (the draft is then not ready to save)."""

    def get(self, name: str) -> str:
        """A field's text ('' when empty)."""
        return self.values.get(name, "")


def draft_from_form(form: Mapping[str, Any]) -> Draft:
    """The draft a posted form holds."""
    values = {str(k): str(v) for k, v in form.items()}
    return Draft(
        values=values,
        issues=_count(values.get("n_issues"), 1),
        actors=_count(values.get("n_actors"), 2),
    )


def _count(text: str | None, default: int) -> int:
    try:
        return max(0, min(MAX_ROWS, int(text or default)))
    except ValueError:
        return default


def slug(text: str) -> str:
    """An id made from a name: lower case, runs of other characters as ``_``."""
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")[:64]


def _id(draft: Draft, kind: str, k: int) -> str:
    given = draft.get(f"{kind}-{k}-id").strip() or slug(draft.get(f"{kind}-{k}-name"))
    if given or not draft.live:
        return given
    draft.stand_in = True
    return f"{kind}_{k + 1}"


def to_data(draft: Draft) -> dict[str, Any]:
    """The draft as scenario-file data (not yet validated)."""
    metadata: dict[str, Any] = {"title": draft.get("title").strip()}
    if draft.get("as_of").strip():
        metadata["as_of"] = draft.get("as_of").strip()
    return {
        "format": "realpolitik/1",
        "metadata": metadata,
        "salience_scale": 100 if draft.get("salience_scale") == "100" else 1,
        "issues": [_issue(draft, i) for i in range(draft.issues)],
        "actors": [_actor(draft, k) for k in range(draft.actors)],
    }


def _issue(draft: Draft, i: int) -> dict[str, Any]:
    out: dict[str, Any] = {"id": _id(draft, "issue", i)}
    for key in ("name", "unit", "low", "high"):
        text = draft.get(f"issue-{i}-{key}").strip()
        if text:
            out[key] = text
    lo, hi = draft.get(f"issue-{i}-lo").strip(), draft.get(f"issue-{i}-hi").strip()
    if lo or hi:
        out["bounds"] = [parse_cell(lo or "0"), parse_cell(hi or "100")]
    return out


def _actor(draft: Draft, k: int) -> dict[str, Any]:
    out: dict[str, Any] = {"id": _id(draft, "actor", k)}
    if draft.get(f"actor-{k}-name").strip():
        out["name"] = draft.get(f"actor-{k}-name").strip()
    out["capability"] = parse_cell(draft.get(f"actor-{k}-cap"))
    stances: dict[str, Any] = {}
    for i in range(draft.issues):
        pos, sal = draft.get(f"pos-{k}-{i}").strip(), draft.get(f"sal-{k}-{i}").strip()
        if pos or sal:
            stances[_id(draft, "issue", i)] = {
                "position": parse_cell(pos),
                "salience": parse_cell(sal),
            }
    out["stances"] = stances
    return out


def check(draft: Draft) -> Scenario | None:
    """The scenario if the draft is valid; else None, each problem placed beside its field."""
    try:
        return scenario_from_data(to_data(draft), file="new scenario")
    except InputError as exc:
        for p in exc.problems:
            _place(draft, p)
        return None


def _place(draft: Draft, p: Problem) -> None:
    name = _field_name(draft, p.field or "")
    if name is None:
        draft.general.append(str(p))
    else:
        draft.errors.setdefault(name, []).append(p.message)


def _field_name(draft: Draft, path: str) -> str | None:
    """The form field a problem's path names (``actors[1].stances.delay.salience`` ->
    ``sal-1-0``), or None."""
    if path in ("metadata.title", "metadata.as_of", "salience_scale"):
        return {"metadata.title": "title", "metadata.as_of": "as_of"}.get(path, "salience_scale")
    if m := _STANCE.match(path):
        ids = [_id(draft, "issue", i) for i in range(draft.issues)]
        if m.group(2) in ids:
            kind = "pos" if m.group(3) == "position" else "sal"
            return f"{kind}-{m.group(1)}-{ids.index(m.group(2))}"
        return None
    if m := _ACTOR.match(path):
        part = {"capability": "cap", None: "id"}.get(m.group(2), m.group(2))
        return f"actor-{m.group(1)}-{part}"
    if m := _ISSUE.match(path):
        part = m.group(2) or "id"
        part = "lo" if part == "bounds" else part
        return f"issue-{m.group(1)}-{part}" if part in ISSUE_FIELDS else None
    return None


def _drop_row(draft: Draft, kind: str, index: int) -> None:
    """Remove issue or actor ``index``, shifting the later rows' fields up."""
    count = draft.issues if kind == "issue" else draft.actors
    if not 0 <= index < count:
        return
    values = draft.values
    for k in range(index, count - 1):
        for key in ISSUE_FIELDS if kind == "issue" else ACTOR_FIELDS:
            values[f"{kind}-{k}-{key}"] = values.get(f"{kind}-{k + 1}-{key}", "")
        _shift_stances(draft, kind, k)
    if kind == "issue":
        draft.issues -= 1
    else:
        draft.actors -= 1


def _shift_stances(draft: Draft, kind: str, k: int) -> None:
    values = draft.values
    if kind == "issue":
        for a in range(draft.actors):
            for c in ("pos", "sal"):
                values[f"{c}-{a}-{k}"] = values.get(f"{c}-{a}-{k + 1}", "")
    else:
        for i in range(draft.issues):
            for c in ("pos", "sal"):
                values[f"{c}-{k}-{i}"] = values.get(f"{c}-{k + 1}-{i}", "")


def apply_action(draft: Draft, action: str) -> None:
    """Add or remove a row (``add-issue``, ``remove-actor-2`` ...)."""
    if action == "add-issue" and draft.issues < MAX_ROWS:
        draft.issues += 1
    elif action == "add-actor" and draft.actors < MAX_ROWS:
        draft.actors += 1
    elif m := re.fullmatch(r"remove-(issue|actor)-(\d+)", action):
        _drop_row(draft, m.group(1), int(m.group(2)))


@router.get("/new", response_class=HTMLResponse)
def new_page(request: Request) -> HTMLResponse:
    """An empty scenario: one issue, two actors."""
    return render(request, "new.html.j2", {"draft": Draft(), "checked": False})


@router.post("/new", response_class=HTMLResponse)
async def new_post(request: Request) -> Response:
    """Add or remove a row, check the draft, or save it and open its page."""
    draft = draft_from_form(await request.form())
    action = draft.get("action")
    draft.live = action == "live"
    if action not in ("check", "save", "live"):
        apply_action(draft, action)
        return render(request, "new.html.j2", {"draft": draft, "checked": False})
    scenario = check(draft)
    if scenario is None or action != "save":
        status = 200 if scenario is not None else 422
        return render(request, "new.html.j2", {"draft": draft, "checked": True}, status)
    name = f"{slug(scenario.metadata.title) or 'scenario'}.yaml"
    saved = catalogue_of(request).save_new(scenario, name)
    return RedirectResponse(f"/scenarios/{saved.entry.id}?saved=new", status_code=303)
