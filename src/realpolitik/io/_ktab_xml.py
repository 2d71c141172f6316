"""A small, safe XML reader for KTAB scenarios: elements with their line numbers.

Built on the standard library's expat parser. Documents with a ``<!DOCTYPE``
(and so any ``<!ENTITY`` declaration) are refused before anything is
expanded, which rules out entity-expansion attacks and external resources.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

from realpolitik.errors import InputError

MAX_DEPTH = 64
"""Deeper nesting than this is refused."""


@dataclass
class XmlNode:
    """An element: its tag, text (concatenated), children and 1-based line."""

    tag: str
    line: int
    text: str = ""
    kids: list[XmlNode] = field(default_factory=list)

    def children(self, tag: str | None = None) -> Iterator[XmlNode]:
        """Child elements, all or with one tag, in document order."""
        return (k for k in self.kids if tag is None or k.tag == tag)

    def child(self, tag: str) -> XmlNode | None:
        """The first child element with this tag, if any."""
        return next(self.children(tag), None)


class _RefusedError(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message, self.line = message, line


def parse_xml(text: str, name: str) -> XmlNode:
    """Parse XML text into :class:`XmlNode` elements.

    Args:
        text: the document.
        name: the file name, for messages.

    Raises:
        InputError: malformed XML, a document type or entity declaration, or
            nesting deeper than :data:`MAX_DEPTH`, with the line.
    """
    parser = expat.ParserCreate()
    stack: list[XmlNode] = []
    roots: list[XmlNode] = []

    def refuse() -> None:
        raise _RefusedError(
            "XML document types and entity declarations (<!DOCTYPE, <!ENTITY) "
            "are not accepted; remove them",
            parser.CurrentLineNumber,
        )

    def doctype(_name: str, _sys: str | None, _pub: str | None, _subset: bool) -> None:
        refuse()

    def entity(*_: object) -> None:
        refuse()

    def external(_c: str, _b: str | None, _s: str | None, _p: str | None) -> int:
        refuse()
        return 0

    def start(tag: str, _attrs: dict[str, str]) -> None:
        if len(stack) >= MAX_DEPTH:
            raise _RefusedError(
                f"elements nested deeper than {MAX_DEPTH} levels", parser.CurrentLineNumber
            )
        node = XmlNode(tag=tag, line=parser.CurrentLineNumber)
        (stack[-1].kids if stack else roots).append(node)
        stack.append(node)

    def end(_tag: str) -> None:
        stack.pop()

    def chars(data: str) -> None:
        if stack:
            stack[-1].text += data

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.ExternalEntityRefHandler = external
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(text, True)
    except _RefusedError as exc:
        raise InputError.one(exc.message, file=name, line=exc.line) from None
    except expat.ExpatError as exc:
        raise InputError.one(
            f"not well-formed XML: {expat.errors.messages[exc.code]}", file=name, line=exc.lineno
        ) from None
    if not roots:
        raise InputError.one("the file holds no XML element", file=name)
    return roots[0]
