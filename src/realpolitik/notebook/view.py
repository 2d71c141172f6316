"""What every result object of the notebook API shares: tables, HTML, figures.

A result names its tables (``TABLES``, the headline first) and builds each as
columns (:data:`Columns`: name -> numpy array or list, one value per row), from
its arrays, once, at the end: :meth:`Notebook.to_pandas` makes a DataFrame of
them, :meth:`Notebook._repr_html_` an HTML table of the headline (without
pandas), and :meth:`Notebook.figures` the report's Plotly figures.
"""

from __future__ import annotations

import html
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import fields
from typing import Any, ClassVar, TypeVar

from realpolitik.notebook._extra import pandas

Columns = dict[str, Any]
"""A table as columns of equal length: name -> numpy array or list."""

_T = TypeVar("_T")

MAX_HTML_ROWS = 40
"""Rows shown by ``_repr_html_`` (the rest are counted)."""


class Notebook(ABC):
    """Tables, an HTML view and figures for a result object (a mixin)."""

    TABLES: ClassVar[tuple[str, ...]] = ()

    @abstractmethod
    def columns(self, table: str) -> Columns:
        """The columns of one of :attr:`TABLES` (see the class's docstring for each)."""

    def to_pandas(self, table: str | None = None) -> Any:
        """A tidy ``pandas.DataFrame`` of one table (default: the headline, ``TABLES[0]``).

        Raises:
            ValueError: an unknown table name (the message lists the tables).
            MissingExtraError: pandas is not installed (``pip install 'realpolitik[notebook]'``).
        """
        name = self._table_name(table)
        pd = pandas()
        return pd.DataFrame(self.columns(name))

    def _table_name(self, table: str | None) -> str:
        name = table or self.TABLES[0]
        if name not in self.TABLES:
            raise ValueError(
                f"{type(self).__name__} has no table '{name}'; tables: {', '.join(self.TABLES)}"
            )
        return name

    def headline(self) -> tuple[str, Columns]:
        """The caption and columns of the table ``_repr_html_`` shows."""
        return type(self).__name__, self.columns(self.TABLES[0])

    def _repr_html_(self) -> str:
        caption, cols = self.headline()
        more = f"<p>tables: {html.escape(', '.join(self.TABLES))} (<code>to_pandas(name)</code>)"
        return html_table(caption, cols) + more + "</p>"

    @abstractmethod
    def report_data(self) -> Any:
        """The :class:`realpolitik.report.ReportData` of this result."""

    def figures(self) -> dict[str, Any]:
        """The report's Plotly figures of this result, by key (never shown)."""
        from realpolitik.report import sections

        return {f.key: f.figure for s in sections(self.report_data()) for f in s.figures}


def html_table(caption: str, cols: Mapping[str, Sequence[Any]]) -> str:
    """A small HTML table (text escaped, numbers to 4 significant digits)."""
    names = list(cols)
    n = len(cols[names[0]]) if names else 0
    head = "".join(f"<th>{html.escape(c)}</th>" for c in names)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(cols[c][i])}</td>" for c in names) + "</tr>"
        for i in range(min(n, MAX_HTML_ROWS))
    )
    more = f"<p>… {n - MAX_HTML_ROWS} more rows</p>" if n > MAX_HTML_ROWS else ""
    return (
        f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>{more}"
    )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) or hasattr(value, "dtype"):
        try:
            return f"{float(value):.4g}"
        except (TypeError, ValueError):
            pass
    return html.escape(str(value))


def upgrade(cls: type[_T], base: object, **extra: Any) -> _T:
    """An instance of the view class ``cls`` with the fields of the engine result ``base``."""
    values = {f.name: getattr(base, f.name) for f in fields(base)}  # type: ignore[arg-type]
    return cls(**values, **extra)


def short(mapping: dict[str, Any]) -> str:
    """``{'a': 1.235, 'b': [1, 2]}`` as short text for a repr."""

    def fmt(v: Any) -> str:
        return f"[{', '.join(f'{x:.4g}' for x in v)}]" if isinstance(v, list) else f"{v:.4g}"

    return "{" + ", ".join(f"{k!r}: {fmt(v)}" for k, v in mapping.items()) + "}"
