"""Request checks: access token, host and origin, response headers.

- With a token, every request must carry it: ``Authorization: Bearer T``, the
  ``X-Realpolitik-Token`` header, the ``realpolitik_token`` cookie, or
  ``?token=T`` (which also sets the cookie, so a browser needs it once).
- Bound to loopback, only requests for ``127.0.0.1``/``localhost`` are served,
  so a web page elsewhere cannot reach the app through DNS rebinding.
- A state-changing request whose ``Origin`` is another site is refused
  (cross-site request forgery).
- A request declaring a body larger than the upload limit is refused before
  it is read (the upload itself is counted again as it is read).
- Responses forbid framing and content sniffing, and scripts from elsewhere.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp

from realpolitik.web.config import LOOPBACK_NAMES, WebConfig, is_loopback

COOKIE = "realpolitik_token"
HEADER = "x-realpolitik-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_OVERHEAD = 64 * 1024
"""Room for a form's other fields and multipart headers beside an upload."""
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'self'"
)
"""plotly.js compiles some code at run time ('unsafe-eval'); no inline script runs."""

Next = Callable[[Request], Awaitable[Response]]


def _deny(status: int, message: str) -> Response:
    return JSONResponse({"detail": message, "problems": [{"message": message}]}, status_code=status)


class Guard(BaseHTTPMiddleware):
    """Token, host and origin checks, and security headers (see the module docstring)."""

    def __init__(self, app: ASGIApp, config: WebConfig) -> None:
        super().__init__(app)
        self.config = config

    async def dispatch(self, request: Request, call_next: Next) -> Response:
        """Refuse a request that fails the checks; else answer it, with security headers."""
        problem = self._problem(request)
        if problem is not None:
            return _deny(*problem)
        response = await call_next(request)
        if self.config.token and request.query_params.get("token") == self.config.token:
            response.set_cookie(
                COOKIE, self.config.token, httponly=True, samesite="strict", path="/"
            )
        _headers(response)
        return response

    def _problem(self, request: Request) -> tuple[int, str] | None:
        host = request.url.hostname or ""
        if self.config.loopback and host not in (*LOOPBACK_NAMES, "[::1]"):
            return 400, f"unexpected host '{host}'; open the app at http://127.0.0.1"
        if request.method not in SAFE_METHODS and not _same_origin(request):
            return 403, "cross-site request refused"
        if _declared_size(request) > self.config.max_upload_bytes + FORM_OVERHEAD:
            return (
                413,
                f"the request is larger than the limit of {self.config.max_upload_bytes:,} bytes",
            )
        if self.config.token and not _has_token(request, self.config.token):
            return 401, "this server needs its access token (add ?token=... to the address)"
        return None


def _declared_size(request: Request) -> int:
    try:
        return int(request.headers.get("content-length", "0"))
    except ValueError:
        return 0


def _same_origin(request: Request) -> bool:
    """No Origin, or the same host and port; loopback names are aliases of one another
    (a page at http://localhost:8000 may post to http://127.0.0.1:8000)."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    parts = urlsplit(origin)
    host = request.headers.get("host", "")
    if parts.netloc == host:
        return True
    mine = urlsplit(f"//{host}")
    try:
        same_port = parts.port == mine.port
    except ValueError:  # a port that is not a number
        return False
    return same_port and _loopback(parts.hostname) and _loopback(mine.hostname)


def _loopback(name: str | None) -> bool:
    return name is not None and is_loopback(name)


def _has_token(request: Request, token: str) -> bool:
    auth = request.headers.get("authorization", "")
    candidates = [
        auth[7:] if auth.lower().startswith("bearer ") else "",
        request.headers.get(HEADER, ""),
        request.cookies.get(COOKIE, ""),
        request.query_params.get("token", ""),
    ]
    return any(c and hmac.compare_digest(c.encode(), token.encode()) for c in candidates)


def _headers(response: Response) -> None:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
