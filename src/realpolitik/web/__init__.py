"""The local web app: scenarios, runs and results for people who would rather click.

:func:`create_app` builds the FastAPI app (pages + the JSON API under ``/api``);
``realpolitik serve`` runs it. See docs/web.md.
"""

from realpolitik._extras import require

require("web", what="`import realpolitik.web`")

from realpolitik.web.app import create_app
from realpolitik.web.config import WebConfig

__all__ = ["WebConfig", "create_app"]
