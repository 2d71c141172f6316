"""Hypothesis strategies for valid scenarios and issue arrays (DESIGN.md, convention 3)."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from realpolitik.compile import IssueArrays
from realpolitik.scenario import Scenario

finite = st.floats(allow_nan=False, allow_infinity=False)
saliences = st.floats(min_value=0.0, max_value=1.0)
capabilities = st.floats(min_value=1e-3, max_value=1e6)


@st.composite
def issue_arrays(
    draw: st.DrawFn,
    *,
    min_actors: int = 1,
    max_actors: int = 12,
    dims: tuple[int, ...] = (1,),
    batch: int = 1,
) -> IssueArrays:
    """Random batched arrays of one issue on [0, 100]^d (ties allowed)."""
    n = draw(st.integers(min_actors, max_actors))
    d = draw(st.sampled_from(dims))
    grid = draw(st.booleans())  # positions on a coarse grid make exact ties likely
    shape = (batch, n, d)
    values = st.integers(0, 10).map(lambda k: 10.0 * k) if grid else st.floats(0, 100)
    pos = np.array(draw(st.lists(values, min_size=batch * n * d, max_size=batch * n * d)))
    sal = np.array(draw(st.lists(saliences, min_size=batch * n * d, max_size=batch * n * d)))
    cap = np.array(draw(st.lists(capabilities, min_size=batch * n, max_size=batch * n)))
    if d > 1:
        sal = sal.reshape(shape) / d
    return IssueArrays(
        issue_id="x",
        actor_ids=tuple(f"a{i}" for i in range(n)),
        capability=cap.reshape(batch, n),
        position=pos.reshape(shape),
        salience=sal.reshape(shape),
        lower=np.zeros(d),
        upper=np.full(d, 100.0),
    )


@st.composite
def scenario_data(draw: st.DrawFn, *, max_actors: int = 8, max_issues: int = 3) -> dict[str, Any]:
    """Plain data of a valid scenario file (what a user would write in YAML)."""
    n_issues = draw(st.integers(1, max_issues))
    issues = []
    for k in range(n_issues):
        lo = draw(st.floats(-1e3, 1e3))
        width = draw(st.floats(1.0, 1e3))
        d = draw(st.integers(1, 3))
        issue: dict[str, Any] = {"id": f"i{k}", "bounds": [lo, lo + width]}
        if d > 1:
            issue["dimensions"] = [f"d{j}" for j in range(d)]
        issues.append(issue)
    n_actors = draw(st.integers(1, max_actors))
    actors = []
    for a in range(n_actors):
        chosen = draw(st.sets(st.integers(0, n_issues - 1), min_size=1))
        stances = {issues[k]["id"]: draw(_stance(issues[k])) for k in sorted(chosen)}
        actors.append({"id": f"a{a}", "capability": draw(capabilities), "stances": stances})
    for k, issue in enumerate(issues):  # every issue needs somebody
        if not any(issue["id"] in a["stances"] for a in actors):
            actors[0]["stances"][issue["id"]] = draw(_stance(issues[k]))
    return {"metadata": {"title": "generated"}, "issues": issues, "actors": actors}


@st.composite
def _stance(draw: st.DrawFn, issue: dict[str, Any]) -> dict[str, Any]:
    lo, hi = issue["bounds"]
    d = len(issue.get("dimensions", [None]))
    pos = [draw(st.floats(lo, hi)) for _ in range(d)]
    sal = [draw(saliences) for _ in range(d)]
    if d == 1:
        return {"position": pos[0], "salience": sal[0]}
    return {"position": pos, "salience": sal}


def scenarios(**kwargs: Any) -> st.SearchStrategy[Scenario]:
    """Valid :class:`Scenario` objects."""
    return scenario_data(**kwargs).map(Scenario.model_validate)
