"""Shapes the HTTP API answers with (replies, errors, probe status) and the request limits
that are not settings. The request bodies themselves are made per app in ``answers``."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from bot.http.guard import MAX_BODY_BYTES

MAX_HISTORY = 20  # earlier questions a follow-up may carry; the service uses the last few
MAX_CITATIONS = 50  # the most a request's `k` may ask for; an answer is a handful of quotes


class WebhookReply(BaseModel):
    """What outgoing webhooks expect back: the message to post."""

    text: str


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    """Every error the API answers with."""

    error: ErrorDetail


class Status(BaseModel):
    """/healthz and /readyz."""

    status: str
    detail: str | None = None


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "Missing or wrong bearer token"},
    413: {"model": ErrorBody, "description": f"Body over {MAX_BODY_BYTES // 1024} KiB"},
    422: {"model": ErrorBody, "description": "Invalid question or request"},
    503: {"model": ErrorBody, "description": "Not ready yet, or too busy: retry after a moment"},
}
