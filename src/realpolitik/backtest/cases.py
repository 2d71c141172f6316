"""Cases with known outcomes: every issue whose scenario records what really happened.

A case is one issue of one scenario with ``Issue.outcome`` set, compiled to
arrays (inputs at their means). Sources: a DEU table (one scenario per issue,
outcome in the ``out`` column), any scenario or stakeholder file whose issues
record an outcome, or a directory of such files.

Cases carry a *group*: the cross-validation unit that is never split across
folds. For DEU tables it is the legislative proposal (attribute ``prnr``),
otherwise the scenario the issue belongs to.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from realpolitik.arrays import FloatArray
from realpolitik.compile import IssueArrays, compile_issue
from realpolitik.errors import InputError, Problem
from realpolitik.io import load_scenarios
from realpolitik.scenario import Scenario

SUFFIXES = (".tsv", ".yaml", ".yml", ".json", ".csv", ".xml")
"""Files a directory contributes (the formats ``load_scenarios`` reads)."""

GROUP_KEY = "prnr"
"""Issue attribute naming the proposal an issue belongs to (DEU)."""


@dataclass(frozen=True, kw_only=True)
class Case:
    """One issue with a known outcome.

    Attributes:
        case_id: unique within the backtest (the issue id, prefixed by the
            file's stem when several files are read).
        group: the cross-validation unit (proposal or scenario).
        source: the file it came from.
        scenario: the scenario holding the issue.
        arrays: the issue compiled (batch of one, inputs at their means).
        outcome: ``(d,)`` what happened, on the issue's scale.
    """

    case_id: str
    group: str
    source: str
    scenario: Scenario
    arrays: IssueArrays
    outcome: FloatArray

    @property
    def model_params(self) -> Mapping[str, Mapping[str, Any]]:
        """The scenario's per-model options."""
        return self.scenario.model_params


@dataclass(frozen=True, kw_only=True)
class CaseSet:
    """The cases of a backtest and where they came from.

    Attributes:
        cases: the issues with an outcome, in file order.
        files: the files read.
        skipped: issues without an outcome (not scored).
    """

    cases: tuple[Case, ...]
    files: tuple[str, ...]
    skipped: int


def _files(path: Path) -> list[Path]:
    if not path.is_dir():
        return [path]
    found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not found:
        raise InputError.one(
            f"the directory has no file to backtest ({', '.join(SUFFIXES)})", file=str(path)
        )
    return found


def _outcome(scenario: Scenario, issue_id: str) -> FloatArray | None:
    value = scenario.issue(issue_id).outcome
    if value is None:
        return None
    return np.atleast_1d(np.asarray(value, dtype=np.float64))


def _group(scenario: Scenario, issue_id: str, default: str) -> str:
    value = scenario.issue(issue_id).attributes.get(GROUP_KEY)
    return default if value in (None, "") else str(value)


def _cases_of(path: Path, prefix: str, scenarios: Sequence[Scenario]) -> tuple[list[Case], int]:
    cases: list[Case] = []
    skipped = 0
    for k, scenario in enumerate(scenarios):
        for issue in scenario.issues:
            outcome = _outcome(scenario, issue.id)
            if outcome is None:
                skipped += 1
                continue
            cases.append(
                Case(
                    case_id=f"{prefix}{issue.id}",
                    group=f"{prefix}{_group(scenario, issue.id, f'scenario{k + 1}')}",
                    source=str(path),
                    scenario=scenario,
                    arrays=compile_issue(scenario, issue.id),
                    outcome=outcome,
                )
            )
    return cases, skipped


def _unique_ids(cases: list[Case]) -> list[Case]:
    seen: dict[str, int] = {}
    out = []
    for case in cases:
        n = seen.get(case.case_id, 0)
        seen[case.case_id] = n + 1
        if n:
            case = replace(case, case_id=f"{case.case_id}#{n + 1}")
        out.append(case)
    return out


def load_cases(path: str | Path) -> CaseSet:
    """Every issue with a known outcome in a file or a directory of files.

    Args:
        path: a DEU table, a scenario/stakeholder file, or a directory of them.

    Returns:
        The cases, the files read and how many issues had no outcome.

    Raises:
        InputError: unreadable files (every problem of every file at once), or
            no issue with an outcome.
    """
    root = Path(path)
    if not root.exists():
        raise InputError.one("file or directory not found", file=str(root))
    files = _files(root)
    several = len(files) > 1
    problems: list[Problem] = []
    cases: list[Case] = []
    skipped = 0
    for f in files:
        try:
            scenarios = load_scenarios(f)
        except InputError as exc:
            problems += exc.problems
            continue
        found, n = _cases_of(f, f"{f.stem}/" if several else "", scenarios)
        cases += found
        skipped += n
    if problems:
        raise InputError(problems)
    if not cases:
        raise InputError.one(
            "no issue records an outcome; a backtest needs issues whose outcome is known "
            "(`outcome:` in a scenario file, the `out` column of a DEU table)",
            file=str(root),
        )
    return CaseSet(
        cases=tuple(_unique_ids(cases)), files=tuple(str(f) for f in files), skipped=skipped
    )
