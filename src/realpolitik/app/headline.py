"""The headline of a result document, with the scenario's names: one verb for every surface."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from realpolitik.errors import InputError
from realpolitik.results.headline import Document, Headline, headline_for
from realpolitik.results.schemas import (
    DynamicDocument,
    RunDocument,
    SimulationDocument,
    check_document,
    dump,
)
from realpolitik.scenario import Scenario

__all__ = ["Document", "Headline", "document_of", "headline_of", "with_headline"]


def document_of(data: Mapping[str, Any]) -> Document:
    """A stored or saved ``run``/``simulate`` document, typed (checked against its schema).

    Raises:
        InputError: damaged (every problem with its field), or a document without a headline.
    """
    doc = check_document(dict(data))
    if not isinstance(doc, RunDocument | SimulationDocument | DynamicDocument):
        raise InputError.one("only a run or a simulation has a headline")
    return doc


def headline_of(doc: Document, scenario: Scenario | None) -> Headline:
    """The answer first (:mod:`realpolitik.results.headline`), issues named as in the scenario."""
    return headline_for(doc, scenario)


def with_headline(doc: Document, scenario: Scenario | None) -> dict[str, Any]:
    """The document's JSON data with its headline as the first key (what ``--json`` prints)."""
    rest = {k: v for k, v in dump(doc).items() if k != "headline"}
    return {"headline": headline_of(doc, scenario).model_dump(mode="json"), **rest}
