"""``realpolitik serve``: the local web app (scenarios, runs, charts) in a browser."""

from __future__ import annotations

import socket
from pathlib import Path

import typer

from realpolitik._extras import require
from realpolitik.cli._common import err, handle_errors, out
from realpolitik.errors import InputError
from realpolitik.richtext import escaped


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port."),
    token: str | None = typer.Option(
        None,
        "--token",
        envvar="REALPOLITIK_TOKEN",
        help="Access token every request must carry (required off 127.0.0.1).",
        show_envvar=True,
    ),
    store: Path | None = typer.Option(
        None, "--store", help="Results store (default $REALPOLITIK_STORE or ./realpolitik.duckdb)."
    ),
    scenarios_dir: Path | None = typer.Option(
        None, "--scenarios-dir", help="Folder of uploaded scenarios (default: beside the store)."
    ),
    max_upload_mb: float = typer.Option(2.0, "--max-upload-mb", min=0.01, help="Upload limit."),
) -> None:
    """Serve the web app: upload and edit scenarios, run them, see and compare results."""
    require("web", what="`serve`")
    import uvicorn

    from realpolitik.store import open_store
    from realpolitik.web import WebConfig, create_app
    from realpolitik.web.config import is_loopback

    if not is_loopback(host) and not token:
        raise InputError.one(
            f"--host {host} makes the app reachable from other machines; give an access "
            "token with --token or the REALPOLITIK_TOKEN environment variable",
            field="--token",
        )
    config = WebConfig.default(
        store=store,
        scenarios_dir=scenarios_dir,
        token=token,
        host=host,
        max_upload_bytes=int(max_upload_mb * 1_000_000),
    )
    if config.store.exists():
        open_store(config.store).list()  # a folder or another kind of file: say so now
    _check_free(host, port)
    app = create_app(config)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    out.print(
        f"realpolitik web app on {url}  (results in {escaped(config.store)}; Ctrl-C stops it)"
    )
    if token and not is_loopback(host):
        err.print("[yellow]notice:[/] every request needs the token; share the address above")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _check_free(host: str, port: int) -> None:
    """Refuse a port another program listens on, before uvicorn fails with an OS error."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise InputError.one(
                f"cannot listen on {host}:{port}: {exc.strerror or exc} (another "
                "`realpolitik serve` or program is using it?); choose another with --port",
                field="--port",
            ) from None


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the app."""
    app.command("serve")(handle_errors(serve))
