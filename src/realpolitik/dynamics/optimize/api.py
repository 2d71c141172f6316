"""Search a holder's levers for the best strategy, check it on fresh runs, test its robustness.

:func:`optimize_strategies` is what ``realpolitik optimize`` calls (through
the application layer). Steps: compile the scenario once; build the space
(:mod:`.space`, :mod:`.levers`), objectives and constraints
(:mod:`.objectives`); search (:mod:`.search`, on the search stream of common
random numbers); select the feasible front (:mod:`.front`); re-evaluate the
front and the scenario as written on a fresh, independent stream (the
winner's-curse guard: the search's best looks better than it is, because it
was picked for being high on those very runs); then the robustness of each
(:mod:`.robust`). Nothing here imports the store: the caller passes a
``sink`` for finished trials and the trials of an interrupted search.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from realpolitik.dynamics.compiled import CompiledDynamics
from realpolitik.dynamics.optimize.evaluate import FRESH, SEARCH, Problem, evaluate
from realpolitik.dynamics.optimize.front import select_front
from realpolitik.dynamics.optimize.levers import parse_lever
from realpolitik.dynamics.optimize.objectives import (
    Constraint,
    Objective,
    cost_reference,
    parse_constraint,
    parse_objective,
)
from realpolitik.dynamics.optimize.result import OptimizeResult, figures, number
from realpolitik.dynamics.optimize.robust import conditional_values, robustness
from realpolitik.dynamics.optimize.search import (
    Progress,
    SearchSpec,
    Sink,
    TrialRecord,
    quantities,
    search,
)
from realpolitik.dynamics.optimize.space import Candidate, Space, default_choices, to_settings
from realpolitik.dynamics.spec import compile_dynamics
from realpolitik.errors import InputError
from realpolitik.errors import Problem as ProblemText
from realpolitik.results.optimize_document import (
    Figure,
    ObjectiveRef,
    OptimizeDocument,
    Robustness,
    Strategy,
    WinnersCurse,
    Written,
)
from realpolitik.scenario import Scenario
from realpolitik.sim.backends import BackendConfig


@dataclass(frozen=True, kw_only=True)
class Request:
    """What to search: holder, objectives, levers, constraints and the sizes of each step.

    ``fresh_runs``: runs of the winner's-curse check (default: ``runs``);
    ``robust_draws`` × ``robust_runs``: the robustness design (0 draws: skip).
    """

    holder: str
    objectives: tuple[str, ...]
    levers: tuple[str, ...] = ()
    constraints: tuple[str, ...] = ()
    trials: int = 100
    runs: int = 2000
    seed: int = 0
    batch: int = 10
    fresh_runs: int | None = None
    robust_draws: int = 64
    robust_runs: int = 128

    def check(self) -> None:
        """InputError for sizes out of range."""
        problems = []
        if not self.objectives:
            problems.append(("give at least one --objective", "--objective"))
        if self.trials < 1:
            problems.append((f"--trials must be at least 1, got {self.trials}", "--trials"))
        if self.runs < 2:
            problems.append((f"--runs must be at least 2, got {self.runs}", "--runs"))
        if self.batch < 1:
            problems.append((f"--batch must be at least 1, got {self.batch}", "--batch"))
        if problems:
            raise InputError(ProblemText(message=m, field=f) for m, f in problems)


def deal_enabled(sc: Scenario) -> set[str]:
    """Levers some deal switches on (their timing belongs to the deal)."""
    return {e.lever for d in sc.deals for e in d.effects if e.lever is not None and e.enable}


def build(sc: Scenario, req: Request) -> tuple[Problem, SearchSpec]:
    """Compile the scenario and parse the request into the problem and the search spec."""
    req.check()
    dyn = compile_dynamics(sc)
    if req.levers:
        choices = [parse_lever(dyn, req.holder, t) for t in req.levers]
    else:
        choices = default_choices(dyn, req.holder, deal_enabled(sc))
    ids = [c.lever for c in choices]
    if len(set(ids)) != len(ids):
        raise InputError.one("a lever is given twice with --lever", field="--lever")
    objectives, constraints = _parse_all(dyn, req)
    spec = SearchSpec(
        objectives=objectives,
        constraints=constraints,
        trials=req.trials,
        runs=req.runs,
        seed=req.seed,
        batch=req.batch,
    )
    names = [o.name for o in spec.objectives]
    if len(set(names)) != len(names):
        raise InputError.one("an objective is given twice", field="--objective")
    held = [c.index for c in choices] + [
        k for k in range(dyn.n_levers) if dyn.actor_ids[int(dyn.lever_holder[k])] == req.holder
    ]
    problem = Problem(
        dyn,
        Space(holder=req.holder, choices=tuple(choices)),
        quantities(spec),
        cost_reference(dyn, sorted(set(held))),
    )
    return problem, spec


def _parse_all(
    dyn: CompiledDynamics, req: Request
) -> tuple[tuple[Objective, ...], tuple[Constraint, ...]]:
    """Every objective and constraint, or one InputError with all their problems."""
    problems: list[ProblemText] = []
    objectives, constraints = [], []
    for text in req.objectives:
        try:
            objectives.append(parse_objective(dyn, text))
        except InputError as exc:
            problems.extend(exc.problems)
    for text in req.constraints:
        try:
            constraints.append(parse_constraint(dyn, text))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return tuple(objectives), tuple(constraints)


def optimize_strategies(
    sc: Scenario,
    req: Request,
    config: BackendConfig | None = None,
    *,
    done: Sequence[TrialRecord] = (),
    study_attrs: dict[str, Any] | None = None,
    sink: Sink | None = None,
    progress: Progress | None = None,
) -> OptimizeResult:
    """Search, select the front, re-evaluate it on fresh runs, and test its robustness."""
    problem, spec = build(sc, req)
    records = search(
        problem, spec, config, done=done, study_attrs=study_attrs, sink=sink, progress=progress
    )
    front = select_front(spec.objectives, spec.constraints, records)
    cands: list[Candidate | None] = [dict(r.params) for r in front]
    fresh_runs = req.fresh_runs or req.runs
    fresh = evaluate(problem, [*cands, None], fresh_runs, spec.seed, FRESH, config)
    base = evaluate(problem, [None], spec.runs, spec.seed, SEARCH, config)[0]
    robust = None
    if req.robust_draws > 0:
        names = [f"trial {r.number}" for r in front] + ["as written"]
        table, draws = conditional_values(
            problem, [*cands, None], 0, spec.seed, req.robust_draws, req.robust_runs, config
        )
        keys = problem.dyn.table.uncertain_keys()
        robust = robustness(spec.objectives[0], names, table, draws, keys, req.robust_runs)
    doc = _document(sc, req, problem, spec, front, fresh, base, fresh_runs, robust)
    return OptimizeResult(document=doc, trials=[r.__dict__ for r in records])


def _document(
    sc: Scenario,
    req: Request,
    problem: Problem,
    spec: SearchSpec,
    front: list[TrialRecord],
    fresh: list[np.ndarray[Any, Any]],
    base: np.ndarray[Any, Any],
    fresh_runs: int,
    robust: Robustness | None,
) -> OptimizeDocument:
    """The typed ``optimize --json`` document (an undefined figure is None)."""
    names = [q.name for q in problem.quantities]
    dyn, space = problem.dyn, problem.space
    written = file_levers(sc, dyn, space)
    strategies: list[Strategy] = []
    optimisms: list[dict[str, float]] = []
    for rec, per_run in zip(front, fresh, strict=False):
        levers = month_labels(dyn, to_settings(space, rec.params))
        fig = figures(names, per_run)
        raw = {n: rec.values[n] - _nan(fig[n].value) for n in names}
        optimisms.append(raw)
        strategies.append(
            Strategy(
                trial=rec.number,
                levers=levers,
                changes=changes(levers, written),
                objectives={
                    n: Figure(value=number(rec.values[n]), stderr=number(rec.stderr[n]))
                    for n in names
                },
                fresh=fig,
                optimism={n: number(v) for n, v in raw.items()},
            )
        )
    optimism = {n: float(np.nanmean([o[n] for o in optimisms])) for n in names}
    extra = {} if robust is None else {"robustness": robust}
    return OptimizeDocument(
        kind="optimize",
        scenario=dyn.scenario_title,
        holder=req.holder,
        objectives=[ObjectiveRef(name=o.name, direction=o.direction) for o in spec.objectives],
        constraints=[c.text for c in spec.constraints],
        sampler="TPE" if len(spec.objectives) == 1 else "NSGA-II",
        trials=spec.trials,
        runs=spec.runs,
        fresh_runs=fresh_runs,
        seed=spec.seed,
        space={c.lever: _ranges(dyn, c.bounds()) for c in space.choices},
        front=strategies,
        baseline=Written(
            levers=written,
            objectives=figures(names, base),
            fresh=figures(names, fresh[-1]),
        ),
        winners_curse=WinnersCurse(
            mean_optimism={n: number(v) for n, v in optimism.items()},
            note="search estimate minus the fresh runs' figure, averaged over the front "
            "(positive for a maximised objective: the search flattered it)",
        ),
        **extra,
    )


def _nan(value: float | None) -> float:
    return math.nan if value is None else value


def _ranges(dyn: CompiledDynamics, bounds: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, b in bounds.items():
        if b is None:
            out[name] = [True, False]
        elif name == "start":
            out[name] = [dyn.months[int(b[0])], dyn.months[int(b[1])]]
        else:
            out[name] = [float(b[0]), float(b[1])]
    return out


def month_labels(dyn: CompiledDynamics, settings: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Settings with the start month as ``YYYY-MM``."""
    out = {}
    for lever, values in settings.items():
        v = dict(values)
        if "start" in v:
            v["start"] = dyn.months[int(v["start"])]
        out[lever] = v
    return out


def file_levers(sc: Scenario, dyn: CompiledDynamics, space: Space) -> dict[str, dict[str, Any]]:
    """The searched levers as the file writes them (sizes as written: numbers or laws)."""
    out: dict[str, dict[str, Any]] = {}
    by_id = {lv.id: lv for lv in sc.levers}
    for c in space.choices:
        lv = by_id[c.lever]
        entry: dict[str, Any] = {"on": lv.enabled, "size": _text(lv.size)}
        if lv.condition is not None:
            entry["threshold"] = _text(lv.condition.threshold)
        entry["start"] = dyn.months[int(dyn.lever_start[c.index])]
        out[c.lever] = entry
    return out


def _text(value: Any) -> Any:
    return value if isinstance(value, int | float) else str(value)


def changes(levers: dict[str, dict[str, Any]], written: dict[str, dict[str, Any]]) -> list[str]:
    """What a strategy changes from the file, one phrase per lever."""
    out = []
    for lever, values in levers.items():
        file = written[lever]
        if values.get("on") is False:
            out.append(f"{lever}: off" + (" (file: on)" if file["on"] else ""))
            continue
        parts = (
            [f"on (file: {'on' if file['on'] else 'off until an event or a deal'})"]
            if ("on" in values and not file["on"])
            else []
        )
        for name in ("size", "threshold", "start"):
            if name in values:
                v = values[name]
                shown = f"{v:.4g}" if isinstance(v, float) else str(v)
                parts.append(f"{name} {shown} (file: {file.get(name)})")
        if parts:
            out.append(f"{lever}: " + ", ".join(parts))
    return out
