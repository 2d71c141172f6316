"""``realpolitik run``: one model, every issue, inputs at their means."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from realpolitik.app import DEFAULT_SCENARIO, forecast, is_war, model_spec, open_scenario
from realpolitik.app.forecast import Forecast
from realpolitik.app.headline import headline_of, with_headline
from realpolitik.app.results import records
from realpolitik.cli._common import (
    NO_STORE_HELP,
    STORE_HELP,
    err,
    handle_errors,
    located,
    out,
    parse_params,
    print_json,
    scale_label,
)
from realpolitik.cli._display import print_headline
from realpolitik.errors import InputError
from realpolitik.results.schemas import Round, RunDocument
from realpolitik.richtext import escaped
from realpolitik.rng import SEED_MAX
from realpolitik.store import open_store


def _fmt(v: float | list[float]) -> str:
    return ", ".join(f"{x:.2f}" for x in v) if isinstance(v, list) else f"{v:.2f}"


def _per_dim(values: list[str], names: list[str] | None) -> str:
    """One value per line, each named after its dimension when the issue has several."""
    if len(values) == 1:
        return values[0]
    labels = names or [f"dim {k + 1}" for k in range(len(values))]
    return "\n".join(f"{escaped(name)}: {v}" for name, v in zip(labels, values, strict=True))


def _cell(v: float | list[float], names: list[str] | None) -> str:
    return _per_dim([f"{x:.2f}" for x in (v if isinstance(v, list) else [v])], names)


def _forecast_table(fc: Forecast, doc: RunDocument) -> Table:
    table = Table(
        title=f"{escaped(fc.scenario.metadata.title)} — model: {fc.model}",
        caption="input mean: capability × salience weighted mean of the initial positions; "
        "input range: lowest-highest initial position (per dimension)",
    )
    for col in ("issue", "forecast", "input mean", "input range", "scale"):
        text = col in ("issue", "scale")
        table.add_column(
            col, justify="left" if text else "right", min_width=8 if text else None, overflow="fold"
        )
    war = fc.scenario.war.issue if fc.scenario.war is not None else None
    for issue in fc.scenario.issues:
        pos = fc.arrays[issue.id].position[0]  # (n actors, d dimensions)
        ranges = [f"{lo:.2f}–{hi:.2f}" for lo, hi in zip(pos.min(0), pos.max(0), strict=True)]
        value = _cell(doc.forecast[issue.id], issue.dimensions)
        if issue.id == war:  # the static figure is not the war's forecast
            value = f"({value}: static, not the war's forecast; see simulate)"
        table.add_row(
            escaped(issue.name or issue.id),
            value,
            _cell(_mean_of(fc, issue.id), issue.dimensions),
            _per_dim(ranges, issue.dimensions),
            escaped(scale_label(issue)),
        )
    return table


def _mean_of(fc: Forecast, issue_id: str) -> float | list[float]:
    mean = fc.trajectories[issue_id].mean[0, 0]  # run 0, round 0: the input
    return float(mean[0]) if mean.size == 1 else [float(x) for x in mean]


def _rounds_table(issue_id: str, rounds: list[Round], records_name: str) -> Table:
    table = Table(title=f"{issue_id}: round by round")
    for col in ("round", "median", "mean", "moves"):
        table.add_column(col, justify="right" if col != "moves" else "left", overflow="fold")
    for r in rounds:
        moves = "; ".join(_describe(rec) for rec in records(r, records_name) if _is_move(rec))
        table.add_row(str(r.round), _fmt(r.median), _fmt(r.mean), moves or "-")
    return table


# A round's records (offers, bargains ...) are open by design: each model writes its own
# keys (results.schemas.Round), so _is_move and _describe read them by key.
def _is_move(rec: dict[str, Any]) -> bool:
    """Whether a record moved someone: detail-only records (refused offers, challenges) did not."""
    if rec.get("accepted") is False or rec.get("challenge"):
        return False
    return bool(rec.get("adopted_by", True))


def _describe(rec: dict[str, Any]) -> str:
    if "actor" in rec and "from" in rec:
        return f"{rec['actor']} → {rec['from']} ({rec.get('kind', '')}, to {_fmt(rec['to'])})"
    if "initiator" in rec and "target" in rec:
        adopters = ", ".join(rec.get("adopted_by", []))
        return f"{rec['initiator']} ↔ {rec['target']} (adopted by {adopters})"
    return ", ".join(f"{k}={v}" for k, v in rec.items())


def run(
    file: str = typer.Argument(
        DEFAULT_SCENARIO,
        help="Scenario file (YAML/JSON), stakeholder CSV, KTAB CSV/XML, or a bundled name.",
    ),
    model: str = typer.Option("compromise", "--model", "-m", help="Model (see `models`)."),
    rounds: int | None = typer.Option(
        None, "--rounds", min=1, help="Rounds of eum (default 10); smp: --param max_turns=N."
    ),
    param: list[str] | None = typer.Option(
        None, "--param", "-p", help="Model option KEY=VALUE (repeatable)."
    ),
    detail: bool = typer.Option(
        False,
        "--detail",
        help="eum, smp: also record what did not happen (declined offers with both expected "
        "utilities; every challenge evaluated), in the --json document.",
    ),
    seed: int | None = typer.Option(
        None, "--seed", min=0, max=SEED_MAX, help="Seed for stochastic models."
    ),
    store_path: str | None = typer.Option(None, "--store", help=STORE_HELP),
    no_store: bool = typer.Option(False, "--no-store", help=NO_STORE_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Forecast every issue of a scenario with one model (inputs at their means).

    Prints a table of forecasts and, for eum and smp, each issue round by round
    with who moved toward whom. --json prints one document instead
    (docs/json-output.md). Examples: `realpolitik run`, `realpolitik run
    cases/kyoto.csv -m eum --rounds 5 --json`.
    """
    scenario = open_scenario(file)
    params = parse_params(param)
    fields = model_spec(model).params.model_fields
    if rounds is not None:
        params["rounds"] = rounds
    if detail:
        params["detail"] = True
    unknown = [k for k in ("rounds", "detail") if k in params and k not in fields]
    if unknown:
        hint = "; it stops on its own, or at --param max_turns=N" if "max_turns" in fields else ""
        raise InputError.one(
            f"the {model} model has no option '{unknown[0]}'{hint}", field=unknown[0]
        )
    if is_war(scenario):
        err.print(
            "[yellow]notice:[/] `run` forecasts each issue once from the actors' stances, "
            "without the war's months, levers and deals; `realpolitik simulate` runs the war "
            "month by month (docs/dynamics.md)"
        )
    store = None if no_store else open_store(store_path)
    with located(scenario, file):
        result = forecast(scenario, model, params=params, seed=seed, sink=store)
    if as_json:
        print_json(with_headline(result.document, scenario))
        return
    print_headline(headline_of(result.document, scenario))
    _print_human(result.forecast, result.document)
    if store is not None:
        out.print(f"[dim]stored as run {result.run_id} in {escaped(store.path)}[/]")


def _print_human(fc: Forecast, doc: RunDocument) -> None:
    out.print(_forecast_table(fc, doc))
    info = model_spec(fc.model).info
    if info.iterative:
        for issue_id in fc.trajectories:
            rounds = [r for r in doc.trajectory if r.issue == issue_id]
            out.print(_rounds_table(issue_id, rounds, info.records_name))
    for note in doc.notes:
        out.print(f"[dim]note:[/] {escaped(note)}")


def register(app: typer.Typer) -> None:
    """Add ``run`` to the app."""
    app.command("run")(handle_errors(run))
