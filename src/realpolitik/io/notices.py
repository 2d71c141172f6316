"""Notices from importers: what a reader decided on the user's behalf.

An importer that guesses (the salience scale, the bounds of an issue) or
repairs (duplicate actor names) says so with :func:`notify`, which issues a
Python warning of class :class:`ImportNotice`. Library users see them as
ordinary warnings (or silence them with the ``warnings`` module); the CLI and
the web app collect them with :func:`collect_notices` and print them::

    with collect_notices() as notices:
        scenario = load_scenario(path)
    for notice in notices:
        print(notice)          # "kyoto.csv: saliences read on 0-100 ..."
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from realpolitik.errors import Problem

Severity = Literal["info", "warning"]


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
    """Issue an :class:`ImportNotice` (a ``UserWarning``) for the caller's user."""
    notice = ImportNotice(message, file=file, line=line, field=field, severity=severity)
    warnings.warn(notice, stacklevel=2)


@contextmanager
def collect_notices() -> Iterator[list[ImportNotice]]:
    """Collect the import notices issued inside the block, in order, and silence them.

    Other warnings are issued again when the block ends. Every notice is
    recorded, even one identical to an earlier one (Python's default filter
    would show it once).

    Yields:
        A list, filled with the notices when the block ends (also when it raises).
    """
    found: list[ImportNotice] = []
    others: list[warnings.WarningMessage] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
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
