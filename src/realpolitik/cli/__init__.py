"""The ``realpolitik`` command line (Typer + rich).

Every module of this package that does not start with ``_`` and defines
``register(app)`` adds its commands to the app. Commands only parse options,
call the public API and print.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer

from realpolitik import __version__
from realpolitik.cli._common import State, out

app = typer.Typer(
    name="realpolitik",
    help="Forecast political bargaining and war-termination negotiations, with uncertainty.\n\n"
    "Run `realpolitik run` for the bundled minerals-deal scenario, "
    "`realpolitik COMMAND --help` for any command.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(flag: bool) -> None:
    if flag:
        out.print(f"realpolitik {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks of errors."),
) -> None:
    State.debug = debug


def _register_commands() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if callable(register):
            register(app)


_register_commands()


def main() -> None:
    """Console entry point."""
    app()
