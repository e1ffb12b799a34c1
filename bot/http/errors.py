"""Exceptions to JSON: every error the HTTP API answers is ``{"error": {"code", "message"}}``.

NewsbotError (the core's)   422, 503 (with Retry-After) or 500: ``ERROR_STATUSES``
└── NotReady                503 while the bot loads, or after it failed to start
Unauthorized                401 with WWW-Authenticate: Bearer
BadBody                     422: a webhook body that cannot be read
RequestValidationError      422 invalid_request (FastAPI's, from the request schemas)
anything else               500, logged with its traceback, never shown
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from retrieval import (
    ArticleError,
    ConfigurationError,
    CorpusError,
    NewsbotError,
    OverloadedError,
    QuestionError,
    StoreError,
    UnknownArticle,
)

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 1  # answers take tens of milliseconds; a busy queue drains quickly
INTERNAL = "Something went wrong; it has been logged."


class NotReady(NewsbotError):
    """The bot is still loading, or could not start."""


class Unauthorized(Exception):
    """No token, or the wrong one."""


class BadBody(Exception):
    """A request body that cannot be read; the message says why."""


# Status and code of each NewsbotError; a 503 comes with Retry-After.
ERROR_STATUSES: list[tuple[type[NewsbotError], int, str]] = [
    (QuestionError, 422, "invalid_question"),
    (UnknownArticle, 404, "not_found"),
    (ArticleError, 422, "invalid_article"),
    (OverloadedError, 503, "overloaded"),
    (NotReady, 503, "not_ready"),
    (StoreError, 503, "index_unavailable"),
    (CorpusError, 503, "corpus_unavailable"),
    (ConfigurationError, 500, "misconfigured"),
]


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = {"error": {"code": code, "message": message}}
    return JSONResponse(body, status_code=status, headers=headers)


def first_error(errors: Sequence[Mapping[str, Any]]) -> str:
    """Pydantic's first complaint, led by where it is: "question: String should have ..."."""
    first = errors[0] if errors else {}
    where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
    message = str(first.get("msg", "Invalid request"))
    return f"{where}: {message}" if where else message


def install_error_handlers(app: FastAPI) -> None:
    async def newsbot_error(request: Request, exc: Exception) -> JSONResponse:
        for kind, status, code in ERROR_STATUSES:
            if isinstance(exc, kind):
                headers = {"Retry-After": str(RETRY_AFTER_SECONDS)} if status == 503 else None
                return error_response(status, code, str(exc), headers)
        return error_response(500, "internal", INTERNAL)

    async def validation_error(request: Request, exc: Exception) -> JSONResponse:
        errors = exc.errors() if isinstance(exc, RequestValidationError) else []
        return error_response(422, "invalid_request", first_error(errors))

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == 400:  # FastAPI's "error parsing the body": malformed JSON
            return error_response(422, "invalid_request", "The body is not valid JSON.")
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return error_response(exc.status_code, code, str(exc.detail), getattr(exc, "headers", None))

    async def unauthorized(request: Request, exc: Exception) -> JSONResponse:
        return error_response(
            401,
            "unauthorized",
            "Send Authorization: Bearer <token>.",
            {"WWW-Authenticate": "Bearer"},
        )

    async def bad_body(request: Request, exc: Exception) -> JSONResponse:
        return error_response(422, "invalid_request", str(exc))

    async def internal(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error in %s %s", request.method, request.url.path)
        return error_response(500, "internal", INTERNAL)

    handlers: dict[type[Exception], Callable[[Request, Exception], Awaitable[JSONResponse]]] = {
        NewsbotError: newsbot_error,
        RequestValidationError: validation_error,
        StarletteHTTPException: http_error,
        Unauthorized: unauthorized,
        BadBody: bad_body,
        Exception: internal,
    }
    for kind, handler in handlers.items():
        app.add_exception_handler(kind, handler)
