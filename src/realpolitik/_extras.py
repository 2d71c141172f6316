"""Optional parts of realpolitik and the libraries each needs (``pip install 'realpolitik[X]'``).

The core install (numpy, scipy, pydantic, PyYAML, typer, rich, SALib, duckdb,
pyarrow) loads, validates, forecasts, simulates and stores. The heavy libraries
of the other surfaces are optional extras, imported only by the code that needs
them, after :func:`require` has checked they are there:

- ``web``: the local web app (``realpolitik serve``): FastAPI, uvicorn,
  python-multipart, and Jinja2 + Plotly for its pages and charts.
- ``report``: the HTML report (Plotly, Jinja2) and PNG/SVG figures (matplotlib).
- ``dask``: the Dask backend (``--backend dask``): dask and distributed.
- ``notebook``: tables for notebooks (``to_pandas()``): pandas.
- ``all``: every extra above.
"""

from __future__ import annotations

import importlib

from realpolitik.errors import InputError

# The importable modules each extra provides (python-multipart installs ``multipart``).
EXTRAS: dict[str, tuple[str, ...]] = {
    "web": ("fastapi", "uvicorn", "multipart", "ruamel.yaml", "jinja2", "plotly"),
    "report": ("plotly", "jinja2", "matplotlib"),
    "dask": ("dask", "distributed"),
    "notebook": ("pandas",),
}


class MissingExtraError(InputError, ImportError):
    """An optional library is not installed; the message names the extra that brings it.

    An :class:`InputError` (the CLI prints it and exits 2, the web answers 4xx) and an
    :class:`ImportError` (what ``import realpolitik.web`` raises without the web extra).
    """


def require(extra: str, *modules: str, what: str) -> None:
    """Check that the ``modules`` of an extra import; raise :class:`MissingExtraError` if not.

    Args:
        extra: the extra's name (a key of :data:`EXTRAS`).
        modules: the modules needed now (default: all of the extra's).
        what: what needs them, as the user called it (e.g. ``` `serve` ```).

    Raises:
        MissingExtraError: "`serve` needs the web extra: pip install 'realpolitik[web]'",
            with the missing module named.
    """
    for name in modules or EXTRAS[extra]:
        try:
            importlib.import_module(name)
        except ImportError:
            raise MissingExtraError.one(
                f"{what} needs the {extra} extra: pip install 'realpolitik[{extra}]' "
                f"({name} is not installed)"
            ) from None
