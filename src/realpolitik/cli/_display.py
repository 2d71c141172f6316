"""How simulations are shown on the terminal: progress bars and summary tables.

A static Monte Carlo prints one row per issue (and the probability of each
named range); a simulated war prints the probability of each event by month,
the terms, the deals and the levers that move the settlement date most, then
the issues outside the war and its deals as a static simulation does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from realpolitik.app.headline import headline_of, with_headline
from realpolitik.app.simulate import ConditionedSimulation, Simulation, WarSimulation
from realpolitik.cli._common import err, out, print_json, scale_label
from realpolitik.cli._war_tables import renderables
from realpolitik.results.headline import Headline, pct
from realpolitik.results.schemas import Conditioning, DynamicDocument, SimulationDocument, Summary
from realpolitik.richtext import escaped
from realpolitik.scenario import Scenario
from realpolitik.store import Store


@contextmanager
def progress_bar(label: str, enabled: bool = True) -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar on stderr; yields the callback (done, total)."""
    columns = (
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("runs"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, transient=True, disable=not enabled) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _fmt(v: Any, digits: int = 2) -> str:
    if isinstance(v, list):
        return ", ".join(_fmt(x, digits) for x in v)
    return f"{v:.{digits}f}"


def print_headline(h: Headline) -> None:
    """The answer first: the headline's sentences, before every table."""
    out.print("[bold]Answer[/]", highlight=False)
    for sentence in h.sentences:
        out.print(f"  {sentence}", highlight=False, markup=False)
    out.print()


def stderr_text(se: Any) -> str:
    """A standard error, two significant digits (never ``± 0.000``; exact: nothing)."""
    values = se if isinstance(se, list) else [se]
    if all(float(v) == 0 for v in values):
        return ""
    return " ± " + ", ".join(f"{float(v):.2g}" for v in values)


def summary_table(
    doc: SimulationDocument | DynamicDocument, title: str, names: Mapping[str, str] | None = None
) -> Table:
    """One row per issue (by name): mean ± s.e., median, quartiles and 90 % interval.

    ``doc``: a simulation's typed document (its ``model``, ``runs``, ``seed`` and ``issues``).
    """
    names = names or {}
    table = Table(title=f"{escaped(title)} — model: {doc.model}, {doc.runs} runs, seed {doc.seed}")
    for col in ("issue", "mean ± s.e.", "median", "50 % interval", "90 % interval"):
        table.add_column(col, justify="left" if col == "issue" else "right", overflow="fold")
    for issue_id, s in doc.issues.items():
        q = s.quantiles
        table.add_row(
            escaped(names.get(issue_id, issue_id)),
            f"{_fmt(s.mean)}{stderr_text(s.stderr.mean)}",
            _fmt(s.median),
            f"{_fmt(q.q25)} – {_fmt(q.q75)}",
            f"{_fmt(q.q05)} – {_fmt(q.q95)}",
        )
    return table


def probability_table(
    issues: Mapping[str, Summary], names: Mapping[str, str] | None = None
) -> Table | None:
    """Probability of each named range in %, with its standard error (None if no range)."""
    labels = names or {}
    rows = [
        (labels.get(issue_id, issue_id), name, p, s.stderr.probabilities[name])
        for issue_id, s in issues.items()
        for name, p in s.probabilities.items()
    ]
    if not rows:
        return None
    table = Table(title="Named ranges")
    for col in ("issue", "range", "probability ± s.e."):
        table.add_column(
            col, justify="right" if col.startswith("prob") else "left", overflow="fold"
        )
    for issue, name, p, se in rows:
        table.add_row(escaped(issue), escaped(name), _pct_se(p, se))
    return table


def _pct_se(p: Any, se: Any) -> str:
    """``84% ± 1.7%`` (per dimension ``a%, b%``); no ``±`` where the runs all agree."""
    ps, ses = (p, se) if isinstance(p, list) else ([p], [se])
    parts = [
        pct(float(x)) + (f" ± {100 * float(e):.1f}%" if float(e) > 0 else "")
        for x, e in zip(ps, ses, strict=True)
    ]
    return ", ".join(parts)


def show_simulation(
    scenario: Scenario,
    result: Simulation,
    store: Store | None,
    as_json: bool,
) -> None:
    """Print what a simulation gave: one JSON document, or its tables."""
    if isinstance(result, ConditionedSimulation):
        show_conditioned(scenario, result, store, as_json)
        return
    if isinstance(result, WarSimulation):
        show_war(scenario, result, store, as_json)
        return
    if as_json:
        print_json(with_headline(result.document, scenario))
        return
    print_headline(headline_of(result.document, scenario))
    names = issue_names(scenario)
    typed = result.document
    out.print(summary_table(typed, scenario.metadata.title, names))
    probs = probability_table(typed.issues, names)
    if probs is not None:
        out.print(probs)
    if store is not None:
        out.print(f"[dim]stored as run {result.run_id} in {escaped(store.path)}[/]")


def show_war(scenario: Scenario, result: WarSimulation, store: Store | None, as_json: bool) -> None:
    """Print a simulated war: one JSON document, or its tables."""
    if as_json:
        print_json(
            with_headline(result.document.model_copy(update={"run_id": result.run_id}), scenario)
        )
        return
    print_headline(headline_of(result.document, scenario))
    assert scenario.war is not None
    issue = scenario.issue(scenario.war.issue)
    label = f"{issue.name or issue.id} ({scale_label(issue)})"
    defender = next(a.label for a in scenario.actors if a.id == scenario.war.defender.actor)
    typed = result.document
    for item in renderables(typed, label, defender):
        out.print(item)
    _print_static(typed, issue_names(scenario))
    if store is not None:
        out.print(f"[dim]stored as run {result.run_id} in {escaped(store.path)}[/]")


def issue_names(scenario: Scenario) -> dict[str, str]:
    """Issue id -> name, as every table shows issues."""
    return {i.id: i.name or i.id for i in scenario.issues}


def _print_static(doc: DynamicDocument, names: Mapping[str, str]) -> None:
    """The tables a static ``simulate`` prints, for the issues outside the war and its deals."""
    if not doc.issues:
        return
    out.print(summary_table(doc, "Issues outside the war and its deals", names))
    probs = probability_table(doc.issues, names)
    if probs is not None:
        out.print(probs)


def show_conditioned(
    scenario: Scenario, result: ConditionedSimulation, store: Store | None, as_json: bool
) -> None:
    """Print a war conditioned on observations: its tables and what each observation weighed
    (no lever sensitivity), or one JSON document; the ESS notice goes to stderr."""
    doc = {"run_id": result.run_id, **result.to_json()}
    typed = result.document
    assert typed.conditioning is not None  # a conditioned war's document has its block
    notice = typed.conditioning.notice
    if notice:
        err.print(f"[yellow]notice:[/] {escaped(notice)}")
    if as_json:
        print_json(doc)
        return
    assert scenario.war is not None
    print_headline(headline_of(result.document, scenario))
    issue = scenario.issue(scenario.war.issue)
    label = f"{issue.name or issue.id} ({scale_label(issue)})"
    defender = next(a.label for a in scenario.actors if a.id == scenario.war.defender.actor)
    for item in renderables(typed, label, defender)[:-1]:  # the last is the lever sensitivity
        out.print(item)
    out.print(conditioning_table(typed.conditioning))
    _print_static(typed, issue_names(scenario))
    if store is not None:
        out.print(f"[dim]stored as run {result.run_id} in {escaped(store.path)}[/]")


def conditioning_table(c: Conditioning) -> Table:
    """The observations in the order weighed: the share of the weight each removed."""
    table = Table(
        title=f"Conditioned on {c.observations} observations through {c.as_of}: "
        f"ESS {c.ess:.0f} of {c.runs} runs (forecast from the month after)"
    )
    for col in ("observation", "weight removed"):
        table.add_column(col, justify="left" if col == "observation" else "right")
    for w in c.weights:
        table.add_row(Text(w.observation), f"{w.removed:.0%}")
    return table
