"""The ASGI middleware in front of the app: a request id for every request, bodies over
``MAX_BODY_BYTES`` (or a path's own limit: articles are larger) refused with 413 before the
app reads them, one access-log line each."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.http.errors import error_response

access_log = logging.getLogger("bot.http.access")

MAX_BODY_BYTES = 64 * 1024  # a question with its history is a few KiB; more is not a question
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")  # a caller's id is echoed only if tame


class RequestGuard:
    """Gives every request an id, refuses bodies over ``MAX_BODY_BYTES`` with 413 before the
    app sees them, and writes one structured access-log line (never headers or bodies)."""

    def __init__(self, app: ASGIApp, limits: dict[str, int] | None = None) -> None:
        self.app = app
        self.limits = limits or {}  # path prefix -> most bytes of a body sent there

    def limit_for(self, path: str) -> int:
        return next((n for p, n in self.limits.items() if path.startswith(p)), MAX_BODY_BYTES)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = dict(scope.get("headers") or [])
        given = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        status = {"code": 500}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        limit = self.limit_for(str(scope.get("path", "")))
        try:
            body = await _read_limited(receive, headers, limit)
        except _TooLarge:
            too_large = f"The request body is over {limit // 1024} KiB."
            response = error_response(413, "body_too_large", too_large)
            await response(scope, receive, send_with_id)
        else:
            await self.app(scope, _replay(body, receive), send_with_id)
        finally:
            access_log.info(
                json.dumps(
                    {
                        "request_id": request_id,
                        "method": scope.get("method"),
                        "path": scope.get("path"),
                        "status": status["code"],
                        "ms": round((time.perf_counter() - started) * 1000, 2),
                    }
                )
            )


class _TooLarge(Exception):
    pass


async def _read_limited(receive: Receive, headers: dict[bytes, bytes], limit: int) -> bytes:
    declared = headers.get(b"content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _TooLarge
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body already read, then the client's own messages (its disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
