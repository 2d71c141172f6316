"""``realpolitik import``: any supported file -> a scenario file."""

from __future__ import annotations

from pathlib import Path

import typer

from realpolitik.cli._common import handle_errors, out
from realpolitik.errors import InputError
from realpolitik.io import dump_scenario, load_scenarios, save_scenario
from realpolitik.io.loader import SCENARIO_SUFFIXES


def import_file(
    file: str = typer.Argument(
        ...,
        help="Stakeholder table (CSV, one or several issues; .xlsx workbook), KTAB CSV/XML, "
        "DEU TSV or scenario.",
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Where to write (.yaml or .json); stdout when omitted."
    ),
) -> None:
    """Convert a file from another tool into a realpolitik scenario file.

    A DEU table holds one scenario per issue: with -o DIR they are written as
    DIR/<issue id>.yaml.
    """
    scenarios = load_scenarios(file)
    if output is None:
        if len(scenarios) > 1:
            raise InputError.one(
                f"the file holds {len(scenarios)} scenarios; give -o DIR to write one file each",
                file=file,
            )
        typer.echo(dump_scenario(scenarios[0]), nl=False)
        return
    suffix = "" if output.is_dir() else output.suffix.lower()
    if suffix and suffix not in SCENARIO_SUFFIXES:
        raise InputError.one(
            f"cannot write a scenario file as '{suffix}'; name it .yaml or .json "
            "(or give a folder for a file holding several scenarios)",
            file=str(output),
        )
    if len(scenarios) == 1 and suffix:
        save_scenario(scenarios[0], output)
        out.print(f"wrote {output}")
        return
    if suffix:
        raise InputError.one(
            f"the file holds {len(scenarios)} scenarios; give -o a folder (no .yaml or .json) "
            "to write one file each",
            file=str(output),
        )
    output.mkdir(parents=True, exist_ok=True)
    for sc in scenarios:
        save_scenario(sc, output / f"{sc.issues[0].id}.yaml")
    out.print(f"wrote {len(scenarios)} scenario files to {output}/")


def register(app: typer.Typer) -> None:
    """Add ``import`` to the app."""
    app.command("import")(handle_errors(import_file))
