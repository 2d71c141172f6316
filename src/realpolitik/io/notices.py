"""Notices from importers: what a reader decided on the user's behalf.

An importer that guesses (the salience scale, the bounds of an issue) or
repairs (duplicate actor names) says so with :func:`notify`, which hands an
:class:`ImportNotice` to every :func:`collect_notices` block open in the
current context, or, when none is open, logs it on the ``realpolitik.io``
logger (level INFO, or WARNING for a repair). No Python warning is issued, so
a notebook shows no source lines. The CLI and the web app collect notices and
print them::

    with collect_notices() as notices:
        scenario = load_scenario(path)
    for notice in notices:
        print(notice)          # "kyoto.csv: saliences read on 0-100 ..."
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Literal

from realpolitik.errors import Problem

Severity = Literal["info", "warning"]

LOGGER = logging.getLogger("realpolitik.io")
"""Where notices go when no :func:`collect_notices` block is open."""


class ImportNotice(UserWarning):
    """A decision or repair made while importing a file.

    Attributes:
        message: what was decided and how to change it.
        file: the file it is about.
        line: the 1-based line or row, when it is about one.
        field: the column or field, when it is about one.
        severity: ``"info"`` for a decision (scale detected), ``"warning"``
            for a repair the user should check (a renamed duplicate).
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
        severity: Severity = "info",
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.field = field
        self.severity: Severity = severity
        super().__init__(self._text())

    def _text(self) -> str:
        tag = "warning: " if self.severity == "warning" else ""
        file = self.file or "<input>"
        return str(Problem(message=tag + self.message, file=file, line=self.line, field=self.field))

    def __str__(self) -> str:
        return self._text()


def notify(
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    field: str | None = None,
    severity: Severity = "info",
) -> None:
    """Give an :class:`ImportNotice` to the open collectors, or log it when there is none."""
    notice = ImportNotice(message, file=file, line=line, field=field, severity=severity)
    collectors = _COLLECTORS.get()
    for found in collectors:
        found.append(notice)
    if not collectors:
        LOGGER.log(logging.WARNING if severity == "warning" else logging.INFO, "%s", notice)


_COLLECTORS: ContextVar[tuple[list[ImportNotice], ...]] = ContextVar(
    "realpolitik_notice_collectors", default=()
)


@contextmanager
def notices_to() -> Iterator[list[ImportNotice]]:
    """Collect the notices issued inside the block (and nothing else), in order.

    Unlike :func:`collect_notices`, warnings are left alone; the list fills as
    notices arrive, so it can be read before the block ends (the CLI shows the
    notices of a command that failed).
    """
    found: list[ImportNotice] = []
    token = _COLLECTORS.set((*_COLLECTORS.get(), found))
    try:
        yield found
    finally:
        _COLLECTORS.reset(token)


@contextmanager
def collect_notices() -> Iterator[list[ImportNotice]]:
    """Collect the import notices issued inside the block, in order, and silence them.

    Blocks nest: every open block receives each notice. Notices raised as
    Python warnings by older code are collected too; other warnings are issued
    again when the block ends. Every notice is recorded, even one identical to
    an earlier one.

    Yields:
        A list, filled with the notices when the block ends (also when it raises).
    """
    others: list[warnings.WarningMessage] = []
    try:
        with notices_to() as found, warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ImportNotice)
            try:
                yield found
            finally:
                for item in caught:
                    if isinstance(item.message, ImportNotice):
                        found.append(item.message)
                    else:
                        others.append(item)
    finally:
        for item in others:
            warnings.warn_explicit(item.message, item.category, item.filename, item.lineno)
