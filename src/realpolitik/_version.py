"""The installed version, in a module of its own.

Modules below the public API (the report, the store) read it here rather than
from the package, whose ``__init__`` imports the whole Python API.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("realpolitik")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"
