"""What every command shares: consoles, error handling, JSON output, parameters.

Commands contain no modelling logic: they parse options, call the public API
and print. Bad input (:class:`~realpolitik.errors.InputError`) becomes one
clear message on stderr and exit code 2, never a traceback (``--debug`` on the
main command shows one).
"""

from __future__ import annotations

import contextlib
import functools
import json
import sys
import warnings
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any, ParamSpec, TypeVar, cast

import click
import typer
from pydantic import ValidationError
from rich.console import Console

from realpolitik.errors import InputError
from realpolitik.io.deu_missing import MISSING_POLICIES, Missing
from realpolitik.io.locate import locate
from realpolitik.io.notices import ImportNotice, notices_to
from realpolitik.results.finite import finite_json
from realpolitik.richtext import escaped
from realpolitik.scenario import Scenario
from realpolitik.scenario.models import Issue

out = Console(soft_wrap=True, highlight=False)
err = Console(stderr=True, soft_wrap=True, highlight=False)

STORE_HELP = "Results database (default: $REALPOLITIK_STORE, else ./realpolitik.duckdb)."
NO_STORE_HELP = "Do not record in the results database."
MISSING_HELP = (
    "A DEU table's positions without a salience and actors without a capability: "
    "drop (leave them out, one notice lists them), impute (mean salience of the issue, "
    "median capability) or refuse (an error each). See docs/file-format.md."
)


def missing_policy(value: str) -> Missing:
    """The ``--missing`` option's value, checked (an input error names the choices)."""
    if value not in MISSING_POLICIES:
        raise InputError.one(
            f"--missing must be one of {', '.join(MISSING_POLICIES)}, not '{value}'",
            field="--missing",
        )
    return cast(Missing, value)


EXIT_BAD_INPUT = 2
EXIT_FAILED = 1

P = ParamSpec("P")
R = TypeVar("R")


class State:
    """Global options of the main command."""

    debug: bool = False


EXIT_BUG = 1
BUG_HINT = (
    "This is a bug in realpolitik, not in your input: rerun with --debug for the"
    " traceback, and please report it."
)


def fail(message: str, code: int = EXIT_BAD_INPUT) -> typer.Exit:
    """Print an error for people and return the Exit to raise."""
    err.print(f"[bold red]error:[/] {message}", highlight=False, markup=True)
    return typer.Exit(code)


def handle_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn input errors into a message and exit code 2; notices into yellow lines.

    Any other exception is a bug: one message naming it and exit code 1
    (``--debug`` shows the traceback).
    """

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with warnings.catch_warnings(record=True) as caught, notices_to() as notices:
            warnings.simplefilter("always")
            try:
                result = fn(*args, **kwargs)
            except InputError as exc:
                _show_notices(notices, caught)
                if State.debug:
                    raise
                raise fail(escaped(for_cli(exc))) from None
            except ValidationError as exc:
                if State.debug:
                    raise
                raise fail(_validation_text(exc)) from None
            except (KeyboardInterrupt, BrokenPipeError):
                raise typer.Exit(130) from None
            except (typer.Exit, typer.Abort, click.ClickException):
                raise
            except Exception as exc:
                # Valid input never gets here; if a bug does, one message and
                # exit 1 (not 2: the input was fine) instead of a traceback.
                _show_notices(notices, caught)
                if State.debug:
                    raise
                text = escaped(f"{type(exc).__name__}: {exc}")
                raise fail(f"internal error: {text}\n{BUG_HINT}", EXIT_BUG) from None
        _show_notices(notices, caught)
        return result

    return wrapper


FLAGS = {
    "backend": "--backend",
    "chunk": "--chunk",
    "format": "--format",
    "keep": "--keep",
    "method": "--method",
    "model": "--model",
    "params": "--param",
    "resume": "--resume",
    "run_id": "ID",
    "runs": "--runs",
    "scheduler": "--scheduler",
    "seed": "--seed",
    "workers": "--workers",
}
"""The library's option names (a problem's ``field``) as the command line spells them."""


def for_cli(exc: InputError) -> InputError:
    """The same problems, each option named as the command line's flag.

    A problem in a file (``file`` set) names a field of that file, not an option:
    a damaged document's ``runs`` stays ``runs``.
    """
    return InputError(
        replace(p, field=FLAGS.get(p.field, p.field)) if p.field and not p.file else p
        for p in exc.problems
    )


MAX_NOTICES = 20


def _show_notices(found: list[ImportNotice], caught: list[warnings.WarningMessage]) -> None:
    """Print each distinct notice once (a model run chunk by chunk repeats its notices)."""
    texts = [str(w) for w in found]
    texts += [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
    notices = list(dict.fromkeys(texts))
    for text in notices[:MAX_NOTICES]:
        text = escaped(text)
        err.print(f"[yellow]notice:[/] {text}", highlight=False)
    if len(notices) > MAX_NOTICES:
        err.print(f"[yellow]notice:[/] … and {len(notices) - MAX_NOTICES} more", highlight=False)


def _validation_text(exc: ValidationError) -> str:
    parts = []
    for e in exc.errors():
        field = ".".join(str(p) for p in e["loc"]) or "value"
        parts.append(f"option '{field}': {e['msg']}")
    return escaped("; ".join(parts))


def print_json(document: Any) -> None:
    """Write one JSON document to stdout (NaN never appears: it is not JSON; a document
    holding one is refused with an input error naming its place)."""
    sys.stdout.write(finite_json(document, indent=2, ensure_ascii=False))
    sys.stdout.write("\n")


def parse_params(items: list[str] | None) -> dict[str, Any]:
    """``["rounds=5", "probability=contest"]`` -> ``{"rounds": 5, "probability": "contest"}``.

    Values are read as JSON when they parse (numbers, booleans), else as strings.
    """
    params: dict[str, Any] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError.one(f"--param takes KEY=VALUE, got '{item}'", field="--param")
        try:
            params[key.strip()] = json.loads(value)
        except json.JSONDecodeError:
            params[key.strip()] = value
    return params


def scale_label(issue: Issue) -> str:
    """What an issue's numbers mean: "0 = low end, 100 = high end; in unit"."""
    lo, hi = issue.bounds
    scale = f"{lo:g} = {issue.low}, {hi:g} = {issue.high}" if issue.low else f"{lo:g}-{hi:g}"
    return f"{scale}; in {issue.unit}" if issue.unit else scale


@contextlib.contextmanager
def located(scenario: Scenario, source: str) -> Iterator[None]:
    """Give the problems a model finds in ``scenario`` the file, line and field of ``source``."""
    try:
        yield
    except InputError as exc:
        raise InputError(locate(exc.problems, scenario, source)) from None
