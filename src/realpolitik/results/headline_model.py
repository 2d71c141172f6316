"""The headline's data: sentences and small tables (computed in :mod:`.headline`).

Apart from :mod:`.headline` so that the documents' schemas
(:mod:`.schemas`, whose documents carry a ``headline``) and the headline's
computation (which reads those typed documents) do not import each other.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class HeadlineTable(BaseModel):
    """A small table of the headline: a key, a caption, columns and rows of text."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    key: str
    caption: str
    columns: list[str]
    rows: list[list[str]]


class Headline(BaseModel):
    """The answer first: sentences in words and numbers, and the tables behind them."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: str
    sentences: list[str]
    tables: list[HeadlineTable]
