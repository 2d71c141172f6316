"""The command line imports a command's module only when the command is used.

``realpolitik.cli.COMMANDS`` names the module of every command; these tests
check it against what the modules register, and that start-up (``import
realpolitik``, ``realpolitik --version``) loads neither the application layer
nor the engine nor the results store (``benchmarks/bench_startup.py`` times it).
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys

import typer
from typer.testing import CliRunner

import realpolitik.cli as cli

ENGINE = ("realpolitik.app", "realpolitik.sim", "realpolitik.dynamics", "realpolitik.store")


def test_the_command_table_matches_what_each_module_registers() -> None:
    registered: dict[str, str] = {}
    for info in pkgutil.iter_modules(cli.__path__):
        if info.name.startswith("_"):
            continue
        holder = typer.Typer()
        importlib.import_module(f"realpolitik.cli.{info.name}").register(holder)
        for name in typer.main.get_group(holder).commands:
            registered[name] = info.name
    assert registered == cli.COMMANDS


def test_every_command_answers_help_and_an_unknown_one_is_refused() -> None:
    runner = CliRunner()
    listing = runner.invoke(cli.app, ["--help"])
    assert listing.exit_code == 0
    for name in cli.COMMANDS:
        assert name in listing.stdout
        assert runner.invoke(cli.app, [name, "--help"]).exit_code == 0, name
    unknown = runner.invoke(cli.app, ["simulte"])
    assert unknown.exit_code == 2
    assert "No such command" in unknown.stderr


_PROBE = """
import json, sys
import realpolitik
after_import = sorted(m for m in sys.modules if m.startswith({engine!r}))
from realpolitik.cli import main
sys.argv = ["realpolitik", "--version"]
try:
    main()
except SystemExit:
    pass
after_version = sorted(m for m in sys.modules if m.startswith({engine!r}))
print(json.dumps([after_import, after_version]))
"""


def test_start_up_loads_no_engine() -> None:
    code = _PROBE.format(engine=ENGINE)
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    after_import, after_version = json.loads(proc.stdout.splitlines()[-1])
    assert after_import == []
    assert after_version == []
