"""Errors meant for people: every problem names the file, the line or row, the field.

A loader collects *all* problems it finds and raises one :class:`InputError`
carrying them, so a user fixes a file in one pass instead of one error at a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Self


@dataclass(frozen=True, kw_only=True)
class Problem:
    """One thing wrong with an input.

    Attributes:
        message: a sentence saying what is wrong and what to do about it.
        file: the file it is in, when there is one.
        line: 1-based line (YAML, XML) or row (CSV, TSV) number, when known.
        field: dotted path of the field, e.g. ``actors[2].capability``.
    """

    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = [self.file] if self.file else []
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.field:
            parts.append(f"field '{self.field}'")
        return f"{', '.join(parts)}: {self.message}" if parts else self.message


class InputError(ValueError):
    """Bad input: one or more :class:`Problem`, each with its location.

    The CLI prints ``str(error)`` without a traceback and exits with code 2.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("InputError needs at least one problem")
        super().__init__(self._text())

    def _text(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        lines = [f"{len(self.problems)} problems:"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)

    @classmethod
    def one(
        cls,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> Self:
        """Build an error holding a single problem."""
        return cls([Problem(message=message, file=file, line=line, field=field)])


class ResumableError(InputError):
    """A run stopped by its surroundings, not its input: a full disk, a read-only or
    damaged store, a worker process that died.

    Its finished chunks are kept and it stays resumable once the cause is fixed;
    any other error marks a recorded run ``failed`` (it would fail again).
    """
