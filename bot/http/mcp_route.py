"""``/mcp``: the MCP server (``bot.mcp_server``) over streamable HTTP, inside ``newsbot serve``.

It always needs the bearer token (NEWSBOT_API_TOKEN), even on loopback, as the article
endpoints do: an assistant's client is configured with it once. A server without a token
refuses every /mcp request. Stateless JSON responses: any replica can answer any call.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

from fastapi import FastAPI, Request
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from bot.http.auth import bearer, matches
from bot.http.errors import error_response
from retrieval import Newsbot, Settings

MCP_PATH = "/mcp"


class _BearerMCP:
    """The SDK's transport, behind the bearer check (an ASGI app: Starlette passes it the
    raw request, which the transport reads itself)."""

    def __init__(self, settings: Settings, handle: Callable[[Scope, Receive, Send], object]):
        self._settings = settings
        self._handle = handle

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        given = await bearer(Request(scope))
        if not matches(given.credentials if given else "", self._settings.api_token):
            response = error_response(
                401,
                "unauthorized",
                "Send Authorization: Bearer <NEWSBOT_API_TOKEN>.",
                {"WWW-Authenticate": "Bearer"},
            )
            await response(scope, receive, send)
            return
        await self._handle(scope, receive, send)  # type: ignore[misc]


def add_mcp_route(
    app: FastAPI, settings: Settings, bot: Callable[[], Newsbot]
) -> AbstractAsyncContextManager[None]:
    """Mount ``/mcp`` on ``app``; ``bot`` returns the warm bot (it may wait for it). Returns
    the transport's task group, which the app's lifespan must hold open."""
    from mcp.server.transport_security import TransportSecuritySettings  # loads when served

    from bot.mcp_server import create_mcp_server

    server = create_mcp_server(bot)
    server.streamable_http_app(
        streamable_http_path=MCP_PATH,
        stateless_http=True,
        json_response=True,
        # The bearer token guards the endpoint; the host check would refuse a server reached
        # by any name other than localhost.
        transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
    )
    manager = server.session_manager
    endpoint = _BearerMCP(settings, manager.handle_request)
    app.router.routes.append(Route(MCP_PATH, endpoint=endpoint, methods=["GET", "POST", "DELETE"]))
    return manager.run()
