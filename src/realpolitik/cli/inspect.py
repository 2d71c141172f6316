"""``realpolitik validate``, ``models`` and ``schema``: look before you run."""

from __future__ import annotations

import typer
from rich.table import Table

from realpolitik.app import check_model, model_spec
from realpolitik.app import models as model_specs
from realpolitik.cli._common import handle_errors, out, print_json
from realpolitik.errors import InputError, Problem
from realpolitik.io import load_scenarios
from realpolitik.io.locate import locate
from realpolitik.io.validation import limited
from realpolitik.scenario import Scenario


def validate(
    file: str = typer.Argument(..., help="The file to check (any supported format)."),
    model: str | None = typer.Option(
        None,
        "--model",
        "-m",
        help="Also check the model's own limits (e.g. smp: 3-250 actors, saliences summing "
        "to at most 100), without running it.",
    ),
) -> None:
    """Check a scenario file; list every problem with its line and field."""
    scenarios = load_scenarios(file)
    if model is not None:
        _check_model(scenarios, model, file)
    fits = f"; fits the {model} model" if model else ""
    for sc in scenarios[:5]:
        n_actors, n_issues = len(sc.actors), len(sc.issues)
        out.print(f"[green]ok[/] {sc.metadata.title}: {n_actors} actors, {n_issues} issue(s){fits}")
    if len(scenarios) > 5:
        out.print(f"[green]ok[/] … and {len(scenarios) - 5} more scenarios")


def _check_model(scenarios: list[Scenario], model: str, file: str) -> None:
    problems: list[Problem] = []
    for sc in scenarios:
        try:
            check_model(sc, model)
        except InputError as exc:
            problems += locate(exc.problems, sc, file)
    if problems:
        raise InputError(limited(problems))


def models(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List the models: name, reference, what they support."""
    infos = [spec.info for spec in model_specs()]
    if as_json:
        print_json(
            [
                {
                    "name": i.name,
                    "title": i.title,
                    "reference": i.reference,
                    "summary": i.summary,
                    "deterministic": i.deterministic,
                    "max_dims": i.max_dims,
                    "iterative": i.iterative,
                    "options": sorted(model_spec(i.name).params.model_fields),
                }
                for i in infos
            ]
        )
        return
    table = Table(title="models")
    for col in ("name", "what it does", "dimensions", "reference"):
        table.add_column(col)
    for i in infos:
        dims = "any" if i.max_dims is None else f"≤ {i.max_dims}"
        table.add_row(i.name, i.summary, dims, i.reference)
    out.print(table)


def schema() -> None:
    """Print the JSON Schema of the scenario file format."""
    from realpolitik.io.schema import scenario_json_schema

    print_json(scenario_json_schema())


def register(app: typer.Typer) -> None:
    """Add ``validate``, ``models`` and ``schema`` to the app."""
    app.command("validate")(handle_errors(validate))
    app.command("models")(handle_errors(models))
    app.command("schema")(handle_errors(schema))
