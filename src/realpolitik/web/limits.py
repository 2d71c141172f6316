"""A streaming limit on request bodies, whatever their framing.

A request that declares its size (``Content-Length``) is refused by the guard
before it is read. A chunked request declares nothing, so the limit must be
enforced while the body is read: :class:`BodyLimit` wraps the ASGI ``receive``
channel, counts the bytes of every ``http.request`` message and, as soon as the
total passes the limit, stops the read with HTTP 413. No handler, JSON decoder
or multipart parser ever holds (or writes to a temporary file) more than the
limit plus one network chunk.

The ASGI message format is that of the ASGI specification, "HTTP" section
(https://asgi.readthedocs.io/en/latest/specs/www.html).
"""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ECHO_LIMIT = 80
"""Longest user value (an id, a name) repeated in an error message."""


def shown(value: object, limit: int = ECHO_LIMIT) -> str:
    """A user's value for an error message: at most ``limit`` characters, then an ellipsis.

    An error must never echo unbounded input back (a 200 MB id in a 404).
    """
    text = str(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


class BodyTooLarge(HTTPException):
    """The request body passed the limit while it was read (HTTP 413)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request is larger than the upload limit of {limit:,} bytes")


class BodyLimit:
    """ASGI middleware refusing a request body once it passes ``limit`` bytes.

    The wrapped ``receive`` raises :class:`BodyTooLarge`, which the app's
    handlers turn into a 413 with its problems; if it reaches this middleware
    unanswered, the 413 is sent here (unless a response has already begun,
    when the connection is simply closed by the server).
    """

    def __init__(self, app: ASGIApp, limit: int, shown_limit: int | None = None) -> None:
        self.app = app
        self.limit = limit
        self.shown_limit = limit if shown_limit is None else shown_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request, counting the bytes of its body as they arrive."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        counted = _Counted(receive, self.limit, self.shown_limit)
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, watch)
        except BodyTooLarge as exc:
            if started:
                raise
            await _refuse(send, exc)


class _Counted:
    """A ``receive`` channel that counts body bytes and stops past the limit."""

    def __init__(self, receive: Receive, limit: int, shown_limit: int) -> None:
        self.receive = receive
        self.limit = limit
        self.shown_limit = shown_limit
        self.size = 0

    async def __call__(self) -> Message:
        if self.size > self.limit:
            raise BodyTooLarge(self.shown_limit)
        message = await self.receive()
        if message["type"] == "http.request":
            self.size += len(message.get("body", b""))
            if self.size > self.limit:
                raise BodyTooLarge(self.shown_limit)
        return message


async def _refuse(send: Send, exc: BodyTooLarge) -> None:
    body = json.dumps(
        {"detail": exc.detail, "problems": [{"message": exc.detail, "field": "body"}]}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
