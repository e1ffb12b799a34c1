"""Who may call /v1: with NEWSBOT_API_TOKEN set, a bearer token on every request; on
/v1/webhook, also the chat tool's own token in the body (NEWSBOT_WEBHOOK_TOKEN). Tokens are
compared in constant time; the probes (/healthz, /readyz) need none."""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import SecretStr

from bot.http.errors import BadBody, Unauthorized
from bot.http.webhook import webhook_payload
from retrieval import Settings

bearer = HTTPBearer(auto_error=False, description="NEWSBOT_API_TOKEN, when the server has one")


def matches(given: str, expected: SecretStr | None) -> bool:
    """Constant-time token check; no token (or a blank one) configured matches nothing."""
    if expected is None or not expected.get_secret_value():
        return False
    return hmac.compare_digest(given.encode(), expected.get_secret_value().encode())


def bearer_required(settings: Settings) -> list[Any]:
    """Route dependencies that refuse a request without the server's bearer token. None
    when the server has no token, so the schema declares bearer auth only as it behaves."""
    return [] if settings.api_token is None else bearer_always(settings)


def bearer_always(settings: Settings) -> list[Any]:
    """The bearer token on every request, also on loopback; a server without a token
    configured refuses them all (the article endpoints, which write to the corpus)."""

    def check_token(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> None:
        if not matches(credentials.credentials if credentials else "", settings.api_token):
            raise Unauthorized

    return [Depends(check_token)]


def bearer_declared(settings: Settings) -> list[Any]:
    """For /v1/webhook, which checks its tokens itself (``check_webhook_caller``): the
    bearer scheme in the schema when the server has a token, no check."""
    return [Depends(bearer)] if settings.api_token is not None else []


async def check_webhook_caller(request: Request, settings: Settings) -> None:
    """With a token configured, the webhook needs the bearer token or, in its body's `token`
    field, the webhook token (as Mattermost sends it); ``Unauthorized`` otherwise."""
    if settings.api_token is None and settings.webhook_token is None:
        return
    given = await bearer(request)
    if matches(given.credentials if given else "", settings.api_token):
        return
    try:
        sent = (await webhook_payload(request)).get("token")
    except BadBody:
        sent = None
    if not isinstance(sent, str) or not matches(sent, settings.webhook_token):
        raise Unauthorized
