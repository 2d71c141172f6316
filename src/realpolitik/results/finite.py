"""The last guard before a result document leaves the program: every number finite.

JSON has no NaN or infinity (RFC 8259, section 6), and a forecast of ``inf``
means an input overflowed the models' arithmetic. Validation bounds every
magnitude (docs/file-format.md) so valid input never gets here; should a
document still hold a non-finite number, it is refused with the place of the
first one — an input error, never a crash in ``json.dumps``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from typing import Any

from realpolitik.errors import InputError


def non_finite(document: Any, path: str = "") -> Iterator[str]:
    """Dotted paths of the non-finite numbers in a JSON-ready document, in order."""
    if isinstance(document, float):
        if not math.isfinite(document):
            yield path or "(the document)"
    elif isinstance(document, Mapping):
        for key, value in document.items():
            yield from non_finite(value, f"{path}.{key}" if path else str(key))
    elif isinstance(document, list | tuple):
        for k, value in enumerate(document):
            yield from non_finite(value, f"{path}[{k}]")


def check_finite(document: Any, what: str = "the result") -> None:
    """Refuse a document holding NaN or an infinity.

    Raises:
        InputError: naming the first such number's place in the document.
    """
    first = next(non_finite(document), None)
    if first is not None:
        raise InputError.one(
            f"{what} is not a finite number at '{first}': an input is too large (or too "
            "small) for the model's arithmetic; give the scale in other units "
            "(docs/file-format.md, 'Magnitudes')",
            field=first,
        )


def finite_json(document: Any, what: str = "the result", **options: Any) -> str:
    """``json.dumps(document, allow_nan=False, **options)``, refusing non-finite numbers
    with :func:`check_finite`'s message instead of a ``ValueError``."""
    check_finite(document, what)
    return json.dumps(document, allow_nan=False, **options)
