"""HTTP front end: a JSON API (`/v1/ask`) and a chat-tool webhook (`/v1/webhook`).

Handlers only hand questions to the core and render its ``Answer``. Answering is CPU-bound,
so it runs on the ``AnswerBatcher``'s worker thread, never on the event loop; the batcher's
bounded queue turns overload into a prompt 503 with Retry-After. Every error is JSON
``{"error": {"code", "message"}}``.
"""

from __future__ import annotations

import asyncio
import gc
import hmac
import json
import logging
import re
import threading
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.api_docs import mount_api_docs
from bot.batching import AnswerBatcher
from bot.render import answer_as_markdown
from retrieval import (
    Answer,
    AskRequest,
    ConfigurationError,
    CorpusError,
    Newsbot,
    NewsbotError,
    OverloadedError,
    QuestionError,
    Settings,
    StoreError,
)

log = logging.getLogger(__name__)
access_log = logging.getLogger("bot.http.access")

MAX_BODY_BYTES = 64 * 1024
MAX_QUESTION_CHARS = 2000
MAX_HISTORY = 20
RETRY_AFTER_SECONDS = 1
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_bearer = HTTPBearer(auto_error=False, description="NEWSBOT_API_TOKEN, when the server has one")


# -- API shapes --------------------------------------------------------------------------------


class AskBody(BaseModel):
    """A question, with the earlier questions of the conversation for follow-ups."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
    history: list[Annotated[str, Field(max_length=MAX_QUESTION_CHARS)]] = Field(
        default_factory=list,
        max_length=MAX_HISTORY,
        description="Earlier questions of the conversation, oldest first.",
    )
    k: int | None = Field(None, ge=1, le=50, description="Most citations in the answer.")


class WebhookBody(BaseModel):
    """What Mattermost / Rocket.Chat style outgoing webhooks post (form or JSON)."""

    model_config = ConfigDict(extra="allow")

    text: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
    trigger_word: str | None = None


class WebhookReply(BaseModel):
    text: str


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


class Status(BaseModel):
    status: str
    detail: str | None = None


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Any:
    body = {"error": {"code": code, "message": message}}
    return JSONResponse(body, status_code=status, headers=headers)


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "Missing or wrong bearer token"},
    413: {"model": ErrorBody, "description": "Body over 64 KiB"},
    422: {"model": ErrorBody, "description": "Invalid question or request"},
    503: {"model": ErrorBody, "description": "Not ready yet, or too busy: retry after a moment"},
}


# -- ASGI middleware: request ids, access log, body limit --------------------------------------


class RequestGuard:
    """Gives every request an id, refuses bodies over ``MAX_BODY_BYTES`` with 413 before the
    app sees them, and writes one structured access-log line (never headers or bodies)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

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

        try:
            body = await _read_limited(scope, receive, headers)
        except _TooLarge:
            response = _error(413, "body_too_large", "The request body is over 64 KiB.")
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


async def _read_limited(scope: Scope, receive: Receive, headers: dict[bytes, bytes]) -> bytes:
    declared = headers.get(b"content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise _TooLarge
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
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


# -- the app -----------------------------------------------------------------------------------


@dataclass
class _Runtime:
    """What the app holds between requests: the batcher once the bot is warm, and the Slack
    app when Slack is configured."""

    batcher: AnswerBatcher | None = None
    slack: Any = None  # _SlackRuntime
    failure: str | None = None
    slack_failure: str | None = None
    ready: threading.Event = field(default_factory=threading.Event)


class NotReady(NewsbotError):
    pass


def create_app(settings: Settings, make_bot: Callable[[], Newsbot] | None = None) -> FastAPI:
    """The ASGI app. ``make_bot`` builds the warm bot (model loaded, index synced); it runs on
    a background thread so /healthz answers at once and /readyz says when answers can start."""
    runtime = _Runtime()
    build = make_bot or (lambda: _default_bot(settings))

    def warm_up() -> None:
        try:
            batcher = AnswerBatcher(build(), max_waiting=settings.max_waiting)
            # The model, index and Chroma are hundreds of thousands of long-lived objects; a
            # full garbage collection walking them stalled every request for ~350 ms once
            # under load. Frozen, they are never walked again.
            gc.collect()
            gc.freeze()
            if settings.slack_enabled:
                try:
                    runtime.slack = _slack_app(settings, batcher)
                except NewsbotError as err:  # the HTTP API still serves; Slack gets 503s
                    runtime.slack_failure = str(err)
                    log.error("Slack could not start: %s", err)
            runtime.batcher = batcher  # ready: /readyz says so from here on
        except NewsbotError as err:
            runtime.failure = str(err)
            log.error("the bot could not start: %s", err)
        except Exception:
            runtime.failure = "internal error while loading"
            log.exception("the bot could not start")
        finally:
            runtime.ready.set()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        threading.Thread(target=warm_up, name="newsbot-warm-up", daemon=True).start()
        yield
        if runtime.batcher is not None:
            await asyncio.to_thread(runtime.batcher.close)
        if runtime.slack is not None:
            runtime.slack.state.close()

    app = FastAPI(
        title="newsbot",
        version="1",
        description="Answers questions about news articles with verbatim, cited quotes.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    mount_api_docs(app)
    _install_error_handlers(app)

    def check_token(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> None:
        if not _matches(credentials.credentials if credentials else "", settings.api_token):
            raise _Unauthorized

    # The schema declares bearer auth only when the server has a token, as it behaves.
    guard = [Depends(check_token)] if settings.api_token is not None else []
    webhook_locked = settings.api_token is not None or settings.webhook_token is not None

    def batcher() -> AnswerBatcher:
        if not runtime.ready.is_set():
            raise NotReady("The bot is still loading its index; retry shortly.")
        if runtime.batcher is None:
            raise NotReady(f"The bot could not start: {runtime.failure}.")
        return runtime.batcher

    async def answer(request: AskRequest) -> Answer:
        return await asyncio.wrap_future(batcher().submit(request))

    @app.get("/healthz", response_model=Status, tags=["ops"])
    async def healthz() -> Status:
        """Alive: the process answers HTTP."""
        return Status(status="ok")

    @app.get("/readyz", response_model=Status, responses={503: {"model": Status}}, tags=["ops"])
    async def readyz() -> Any:
        """Ready: the index is loaded and the model warm."""
        if runtime.batcher is not None:
            return Status(status="ready")
        detail = runtime.failure or "loading"
        return JSONResponse(Status(status="not ready", detail=detail).model_dump(), status_code=503)

    @app.post(
        "/v1/ask",
        response_model=Answer,
        response_class=JSONResponse,
        responses=ERROR_RESPONSES,
        dependencies=guard,
        tags=["answers"],
    )
    async def ask(body: AskBody) -> Response:
        """Answer a question with verbatim, cited quotes (the shape of `newsbot ask --json`)."""
        result = await answer(AskRequest(body.question, tuple(body.history), body.k))
        # Serialised once by pydantic-core; FastAPI's generic encoder would cost ~1 ms more.
        return Response(result.model_dump_json(), media_type="application/json")

    @app.post(
        "/v1/webhook",
        response_model=WebhookReply,
        responses=ERROR_RESPONSES,
        # Checked in the handler: the token may also come in the body.
        dependencies=[Depends(_bearer)] if settings.api_token is not None else [],
        tags=["answers"],
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": WebhookBody.model_json_schema()},
                    "application/x-www-form-urlencoded": {
                        "schema": WebhookBody.model_json_schema()
                    },
                },
            }
        },
    )
    async def webhook(request: Request) -> WebhookReply:
        """Outgoing-webhook style: post `text` (form or JSON), get `{"text": answer}` back.
        With a token configured, send it as `Authorization: Bearer` (NEWSBOT_API_TOKEN) or
        in the body's `token` field (NEWSBOT_WEBHOOK_TOKEN), as Mattermost does."""
        bearer = await _bearer(request)
        if webhook_locked and not _matches(
            bearer.credentials if bearer else "", settings.api_token
        ):
            try:
                sent = (await _webhook_payload(request)).get("token")
            except _BadBody:
                sent = None
            if not isinstance(sent, str) or not _matches(sent, settings.webhook_token):
                raise _Unauthorized
        try:
            payload = WebhookBody.model_validate(await _webhook_payload(request))
        except ValidationError as err:
            first = err.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ()))
            raise _BadBody(f"{where}: {first.get('msg')}" if where else first.get("msg")) from None
        question = payload.text
        if payload.trigger_word and question.startswith(payload.trigger_word):
            question = question[len(payload.trigger_word) :]
        result = await answer(AskRequest(question))
        return WebhookReply(text=answer_as_markdown(result))

    if settings.slack_enabled:

        @app.post("/slack/events", include_in_schema=False)
        async def slack_events(request: Request) -> Response:
            """Slack's Events API, slash commands and interactivity (signed by Slack)."""
            if runtime.slack is None:
                message = (
                    runtime.slack_failure
                    or runtime.failure
                    or "The bot is still loading; Slack will retry."
                )
                return _error(503, "not_ready", message, {"Retry-After": "5"})
            from slack_bolt import BoltRequest
            from slack_bolt.adapter.starlette.handler import to_starlette_response

            body = (await request.body()).decode("utf-8", errors="replace")
            bolt_request = BoltRequest(
                body=body, query=str(request.query_params), headers=dict(request.headers)
            )
            # Verifying and acking is quick, but the bolt App is synchronous: off the loop.
            bolt_response = await asyncio.to_thread(runtime.slack.app.dispatch, bolt_request)
            return to_starlette_response(bolt_response)

    return app


@dataclass(frozen=True)
class _SlackRuntime:
    app: Any  # slack_bolt.App
    state: Any  # bot.slack.state.SlackState


def _slack_app(settings: Settings, batcher: AnswerBatcher) -> _SlackRuntime:
    from bot.slack.app import QUEUE_WAIT_SECONDS, SlackDeps, build_slack_app
    from bot.slack.state import SlackState

    state = SlackState(settings.feedback_path)
    deps = SlackDeps(
        submit=partial(batcher.submit, wait=QUEUE_WAIT_SECONDS),
        state=state,
        answer_bots=settings.slack_answer_bots,
    )
    return _SlackRuntime(build_slack_app(settings, deps), state)


def _default_bot(settings: Settings) -> Newsbot:
    bot = Newsbot(settings)
    bot.sync()
    bot.warm()
    return bot


async def _webhook_payload(request: Request) -> dict[str, Any]:
    raw = await request.body()
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _BadBody("The body is not UTF-8.") from None
    if content_type == "application/x-www-form-urlencoded":
        return dict(parse_qsl(text, keep_blank_values=True))
    if content_type in ("application/json", ""):
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            raise _BadBody("The body is not valid JSON.") from None
        if not isinstance(data, dict):
            raise _BadBody("The body must be a JSON object with a `text` field.")
        return data
    raise _BadBody("Send the body as application/json or application/x-www-form-urlencoded.")


class _Unauthorized(Exception):
    pass


def _matches(given: str, expected: SecretStr | None) -> bool:
    """Constant-time token check; no token (or a blank one) configured matches nothing."""
    if expected is None or not expected.get_secret_value():
        return False
    return hmac.compare_digest(given.encode(), expected.get_secret_value().encode())


class _BadBody(Exception):
    pass


def _install_error_handlers(app: FastAPI) -> None:
    statuses: list[tuple[type[NewsbotError], int, str]] = [
        (QuestionError, 422, "invalid_question"),
        (OverloadedError, 503, "overloaded"),
        (NotReady, 503, "not_ready"),
        (StoreError, 503, "index_unavailable"),
        (CorpusError, 503, "corpus_unavailable"),
        (ConfigurationError, 500, "misconfigured"),
    ]

    async def newsbot_error(request: Request, exc: Exception) -> Any:
        for kind, status, code in statuses:
            if isinstance(exc, kind):
                headers = {"Retry-After": str(RETRY_AFTER_SECONDS)} if status == 503 else None
                return _error(status, code, str(exc), headers)
        return _error(500, "internal", "Something went wrong; it has been logged.")

    async def validation_error(request: Request, exc: Exception) -> Any:
        errors = exc.errors() if isinstance(exc, RequestValidationError) else []
        first = errors[0] if errors else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        message = first.get("msg", "Invalid request")
        return _error(422, "invalid_request", f"{where}: {message}" if where else str(message))

    async def http_error(request: Request, exc: Exception) -> Any:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == 400:  # FastAPI's "error parsing the body": malformed JSON
            return _error(422, "invalid_request", "The body is not valid JSON.")
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return _error(exc.status_code, code, str(exc.detail), getattr(exc, "headers", None))

    async def unauthorized(request: Request, exc: Exception) -> Any:
        return _error(
            401,
            "unauthorized",
            "Send Authorization: Bearer <token>.",
            {"WWW-Authenticate": "Bearer"},
        )

    async def bad_body(request: Request, exc: Exception) -> Any:
        return _error(422, "invalid_request", str(exc))

    async def internal(request: Request, exc: Exception) -> Any:
        log.exception("unhandled error in %s %s", request.method, request.url.path)
        return _error(500, "internal", "Something went wrong; it has been logged.")

    handlers: dict[type[Exception], Callable[[Request, Exception], Awaitable[Any]]] = {
        NewsbotError: newsbot_error,
        RequestValidationError: validation_error,
        StarletteHTTPException: http_error,
        _Unauthorized: unauthorized,
        _BadBody: bad_body,
        Exception: internal,
    }
    for kind, handler in handlers.items():
        app.add_exception_handler(kind, handler)


def guarded(app: FastAPI) -> ASGIApp:
    """The app behind the request guard: what the server runs."""
    return RequestGuard(app)
