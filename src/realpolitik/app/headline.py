"""The headline of a result document, with the scenario's names: one verb for every surface."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from realpolitik.results.headline import Headline, headline_for
from realpolitik.scenario import Scenario

__all__ = ["Headline", "headline_of", "with_headline"]


def headline_of(doc: Mapping[str, Any], scenario: Scenario | None) -> Headline:
    """The answer first (:mod:`realpolitik.results.headline`), issues named as in the scenario."""
    return headline_for(doc, scenario)


def with_headline(doc: Mapping[str, Any], scenario: Scenario | None) -> dict[str, Any]:
    """The document with its headline as the first key (what ``--json`` prints)."""
    rest = {k: v for k, v in doc.items() if k != "headline"}
    return {"headline": headline_of(doc, scenario).model_dump(mode="json"), **rest}
