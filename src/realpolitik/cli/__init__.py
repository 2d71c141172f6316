"""The ``realpolitik`` command line (Typer + rich).

Each command lives in a module of this package with a ``register(app)`` that
adds it to a Typer app. The modules are imported when their command is used,
not at start-up (:class:`LazyCommands`): ``realpolitik --version`` loads
neither the engine nor the results store, and ``realpolitik run`` loads what
``run`` needs. :data:`COMMANDS` says which module holds which command; a test
checks it against the modules' ``register``. Commands only parse options, call
the application layer (:mod:`realpolitik.app`) and print.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

import typer
from typer.core import TyperGroup

from realpolitik import __version__
from realpolitik.cli._common import State, out

if TYPE_CHECKING:  # typer's own click (vendored since typer 0.2x; plain click before)
    from typer._click import Command, Context

COMMANDS: dict[str, str] = {
    "backtest": "backtest",
    "compare": "compare",
    "import": "convert",
    "validate": "inspect",
    "models": "inspect",
    "schema": "inspect",
    "optimize": "optimize",
    "report": "report",
    "run": "run",
    "runs": "runs",
    "score": "score",
    "sensitivity": "sensitivity",
    "serve": "serve",
    "simulate": "simulate",
}
"""Command name -> the module of this package that registers it, in the order of ``--help``."""


def load_command(name: str) -> Command | None:
    """The click command ``name``, its module imported now (None if there is no such command)."""
    module_name = COMMANDS.get(name)
    if module_name is None:
        return None
    holder = typer.Typer()
    importlib.import_module(f"{__name__}.{module_name}").register(holder)
    return typer.main.get_group(holder).commands.get(name)


class LazyCommands(TyperGroup):
    """The root command group: lists :data:`COMMANDS`, imports a command's module on first use."""

    def list_commands(self, ctx: Context) -> list[str]:
        """Every command, without importing any of them."""
        return list(COMMANDS)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        """The command ``cmd_name``, its module imported on the first call."""
        if cmd_name not in self.commands:
            command = load_command(cmd_name)
            if command is None:
                return None
            self.commands[cmd_name] = command
        return self.commands[cmd_name]


app = typer.Typer(
    name="realpolitik",
    cls=LazyCommands,
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


def main() -> None:
    """Console entry point."""
    app()
