"""User text inside rich output: shown as written, never read as markup.

rich reads ``[bold]``, ``[/]`` or ``[link=…]`` in any string it prints as
console markup (https://rich.readthedocs.io/en/stable/markup.html): a title
``[/]`` made a command fail with ``MarkupError`` and ``[link=file:///etc/passwd]``
became a link. Every string that comes from a user (a title, a name, a unit, a
label, a path) goes through :func:`escaped` before it reaches a rich table,
title or ``print``.
"""

from __future__ import annotations

from rich.markup import escape


def escaped(value: object) -> str:
    """``value`` as text that rich prints literally (markup-looking brackets escaped).

    Args:
        value: a user's string (or anything, shown with ``str``).

    Returns:
        The text with every ``[`` that could open a tag escaped, and a trailing
        backslash doubled so it cannot escape what follows.
    """
    return escape(str(value))
