"""The FastAPI app: ``create_app`` warms the bot up in the background and mounts the probes,
the answer endpoints and (when configured) Slack; ``guarded`` puts the request guard in front."""

from __future__ import annotations

import asyncio
import gc
import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.types import ASGIApp

from bot.api_docs import mount_api_docs
from bot.batching import AnswerBatcher
from bot.http.answers import add_answer_routes
from bot.http.articles import ARTICLES_PATH, add_article_routes
from bot.http.errors import NotReady, error_response, install_error_handlers
from bot.http.guard import RequestGuard
from bot.http.mcp_route import add_mcp_route
from bot.http.schemas import Status
from bot.watch import CorpusWatcher, StoreFollower
from retrieval import Answer, AskRequest, Newsbot, NewsbotError, Settings

if TYPE_CHECKING:
    from bot.slack.app import SlackRuntime

log = logging.getLogger(__name__)

SLACK_RETRY_AFTER_SECONDS = 5  # Slack retries an unanswered event itself; a hint, not a rule
# An MCP call that comes while the index loads waits this long for it: assistants call
# tools one at a time and would rather wait than retry.
MCP_WAIT_SECONDS = 120


@dataclass
class _Runtime:
    """What the app holds between requests: the batcher once the bot is warm, and the Slack
    front end when Slack is configured."""

    batcher: AnswerBatcher | None = None
    slack: SlackRuntime | None = None
    failure: str | None = None
    slack_failure: str | None = None
    watcher: CorpusWatcher | None = None
    follower: StoreFollower | None = None
    bot: Newsbot | None = None
    ready: threading.Event = field(default_factory=threading.Event)


def create_app(settings: Settings, make_bot: Callable[[], Newsbot] | None = None) -> FastAPI:
    """The ASGI app. ``make_bot`` builds the warm bot (model loaded, index synced); it runs on
    a background thread so /healthz answers at once and /readyz says when answers can start."""
    runtime = _Runtime()
    build = make_bot or (lambda: _default_bot(settings))

    def warm_up() -> None:
        try:
            bot = build()
            runtime.bot = bot
            batcher = AnswerBatcher(bot, max_waiting=settings.max_waiting)
            # The model, index and Chroma are hundreds of thousands of long-lived objects; a
            # full garbage collection walking them stalled every request for ~350 ms once
            # under load. Frozen, they are never walked again.
            gc.collect()
            gc.freeze()
            if settings.slack_enabled:
                from bot.slack.app import slack_runtime  # slack-bolt loads only when used

                try:
                    runtime.slack = slack_runtime(settings, batcher)
                except NewsbotError as err:  # the HTTP API still serves; Slack gets 503s
                    runtime.slack_failure = str(err)
                    log.error("Slack could not start: %s", err)
            if settings.watch:  # new, changed and deleted articles, without a restart
                runtime.watcher = CorpusWatcher.for_settings(settings, bot.sync).start()
            if settings.chroma_url:  # replicas on one Chroma server: take in each other's writes
                runtime.follower = StoreFollower(bot.follow, settings.follow_seconds).start()
            runtime.batcher = batcher  # ready: /readyz says so from here on
        except NewsbotError as err:
            runtime.failure = str(err)
            log.error("the bot could not start: %s", err)
        except Exception:
            runtime.failure = "internal error while loading"
            log.exception("the bot could not start")
        finally:
            runtime.ready.set()

    def bot_for_mcp() -> Newsbot:
        """The warm bot, waited for (on a worker thread) while it loads."""
        if not runtime.ready.wait(MCP_WAIT_SECONDS):
            raise NewsbotError("The bot is still loading its index; retry shortly.")
        if runtime.bot is None or runtime.batcher is None:
            raise NewsbotError(f"The bot could not start: {runtime.failure}.")
        return runtime.bot

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        threading.Thread(target=warm_up, name="newsbot-warm-up", daemon=True).start()
        async with mcp_transport:
            yield
        if runtime.watcher is not None:
            await asyncio.to_thread(runtime.watcher.stop)
        if runtime.follower is not None:
            await asyncio.to_thread(runtime.follower.stop)
        if runtime.batcher is not None:
            await asyncio.to_thread(runtime.batcher.close)
        if runtime.slack is not None:
            runtime.slack.close()

    app = FastAPI(
        title="newsbot",
        version="1",
        description="Answers questions about news articles with verbatim, cited quotes.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    mount_api_docs(app)
    install_error_handlers(app)

    def batcher() -> AnswerBatcher:
        if not runtime.ready.is_set():
            raise NotReady("The bot is still loading its index; retry shortly.")
        if runtime.batcher is None:
            raise NotReady(f"The bot could not start: {runtime.failure}.")
        return runtime.batcher

    def bot_ready() -> Newsbot:
        batcher()  # raises NotReady until the bot is up
        assert runtime.bot is not None
        return runtime.bot

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

    add_answer_routes(app, settings, answer)
    add_article_routes(app, settings, bot_ready)
    mcp_transport = add_mcp_route(app, settings, bot_for_mcp)
    app.state.body_limits = {ARTICLES_PATH: settings.max_article_bytes}
    if settings.slack_enabled:
        _add_slack_route(app, runtime)
    return app


def _add_slack_route(app: FastAPI, runtime: _Runtime) -> None:
    @app.post("/slack/events", include_in_schema=False)
    async def slack_events(request: Request) -> Response:
        """Slack's Events API, slash commands and interactivity (signed by Slack)."""
        if runtime.slack is None:
            message = (
                runtime.slack_failure
                or runtime.failure
                or "The bot is still loading; Slack will retry."
            )
            return error_response(
                503, "not_ready", message, {"Retry-After": str(SLACK_RETRY_AFTER_SECONDS)}
            )
        from slack_bolt import BoltRequest
        from slack_bolt.adapter.starlette.handler import to_starlette_response

        body = (await request.body()).decode("utf-8", errors="replace")
        bolt_request = BoltRequest(
            body=body, query=str(request.query_params), headers=dict(request.headers)
        )
        # Verifying and acking is quick, but the bolt App is synchronous: off the loop.
        bolt_response = await asyncio.to_thread(runtime.slack.app.dispatch, bolt_request)
        return to_starlette_response(bolt_response)


def _default_bot(settings: Settings) -> Newsbot:
    bot = Newsbot(settings)
    bot.sync()
    bot.warm()
    return bot


def guarded(app: FastAPI) -> ASGIApp:
    """The app behind the request guard: what the server runs."""
    return RequestGuard(app, getattr(app.state, "body_limits", None))
