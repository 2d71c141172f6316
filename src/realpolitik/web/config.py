"""Settings of the web app: where data lives, the access token, limits."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

from realpolitik.store.db import store_path

ENV_TOKEN = "REALPOLITIK_TOKEN"
"""Environment variable holding the access token (instead of ``--token``)."""

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True, kw_only=True)
class WebConfig:
    """How the app runs.

    Attributes:
        store: the results store file (the same as the CLI's).
        scenarios_dir: where uploaded and edited scenarios are kept.
        token: when set, every request must carry it (header, cookie or ``?token=``).
        max_upload_bytes: larger uploads are refused (HTTP 413).
        max_runs: the largest Monte Carlo run count accepted.
        loopback: whether the server binds to this machine only; then only
            ``Host: 127.0.0.1 / localhost`` requests are served (no DNS rebinding).
    """

    store: Path
    scenarios_dir: Path
    token: str | None = None
    max_upload_bytes: int = 2_000_000
    max_runs: int = 200_000
    loopback: bool = True

    @classmethod
    def default(
        cls,
        *,
        store: str | Path | None = None,
        scenarios_dir: str | Path | None = None,
        token: str | None = None,
        host: str = "127.0.0.1",
        max_upload_bytes: int = 2_000_000,
    ) -> WebConfig:
        """Settings from arguments, else the environment, else defaults.

        The store is ``store``, else ``$REALPOLITIK_STORE``, else
        ``./realpolitik.duckdb``; uploaded scenarios go beside it in
        ``<store>.scenarios/`` unless ``scenarios_dir`` is given.
        """
        path = store_path(store)
        folder = Path(scenarios_dir) if scenarios_dir else path.with_name(f"{path.name}.scenarios")
        return cls(
            store=path,
            scenarios_dir=folder,
            token=token or os.environ.get(ENV_TOKEN) or None,
            max_upload_bytes=max_upload_bytes,
            loopback=is_loopback(host),
        )


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or address) is this machine only."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
