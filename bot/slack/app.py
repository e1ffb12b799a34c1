"""The bolt App, built once for both connection modes: the Events API inside `newsbot serve`
and Socket Mode (`newsbot slack`). ``slack_runtime`` wires it to the answer queue;
``register`` attaches the listeners of ``bot.slack.listeners``."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.batching import AnswerBatcher
from bot.slack import listeners
from bot.slack.deps import SlackDeps
from bot.slack.listeners import APOLOGY, DEPS_KEY
from bot.slack.state import SlackState
from retrieval import ConfigurationError, Settings

__all__ = [
    "APOLOGY",
    "QUEUE_WAIT_SECONDS",
    "SlackDeps",
    "SlackRuntime",
    "build_slack_app",
    "register",
    "slack_runtime",
]

LISTENER_THREADS = 32  # bolt's threads for acks and lazy listeners; each only hands work on
RATE_LIMIT_RETRIES = 3  # a 429 from the Web API waits its Retry-After, this many times
# How long an acknowledged question may wait for room in a full answer queue before the
# asker gets an apology: Slack will not send it again, so it must not be turned away at once.
QUEUE_WAIT_SECONDS = 300.0


@dataclass(frozen=True)
class SlackRuntime:
    """A running Slack front end: the bolt App and what it holds open."""

    app: App
    deps: SlackDeps

    @property
    def state(self) -> SlackState:
        return self.deps.state

    def close(self) -> None:
        self.deps.close()


def slack_runtime(
    settings: Settings, batcher: AnswerBatcher, verify_requests: bool = True
) -> SlackRuntime:
    """The Slack front end over ``batcher``: its state file, its threads and its App.
    ``verify_requests`` is off only in Socket Mode (see ``build_slack_app``)."""
    deps = SlackDeps(
        submit=partial(batcher.submit, wait=QUEUE_WAIT_SECONDS),
        state=SlackState(settings.feedback_path),
        answer_bots=settings.slack_answer_bots,
    )
    try:
        return SlackRuntime(build_slack_app(settings, deps, verify_requests), deps)
    except Exception:
        deps.close()
        raise


def build_slack_app(settings: Settings, deps: SlackDeps, verify_requests: bool = True) -> App:
    """A bolt App with every listener registered. ``verify_requests`` is off only in Socket
    Mode, where requests come over the app's own websocket instead of signed HTTP."""
    if settings.slack_bot_token is None:
        raise ConfigurationError("SLACK_BOT_TOKEN is not set.")
    if verify_requests and settings.slack_signing_secret is None:
        raise ConfigurationError("SLACK_SIGNING_SECRET is not set.")
    client = WebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=settings.slack_api_url,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)],
    )
    secret = settings.slack_signing_secret
    try:
        app = App(
            client=client,
            signing_secret=secret.get_secret_value() if secret else None,
            request_verification_enabled=verify_requests,
            process_before_response=False,
            listener_executor=ThreadPoolExecutor(LISTENER_THREADS, "slack-listener"),
        )
    except Exception as err:  # auth.test failed: wrong token or Slack unreachable
        raise ConfigurationError(
            f"Slack did not accept the bot token ({type(err).__name__})."
        ) from None
    register(app, deps)
    return app


def register(app: App, deps: SlackDeps) -> None:
    """Put ``deps`` in every request's context, then attach the listeners (every listener
    acks at once; the lazy ones answer after the ack)."""

    @app.middleware
    def provide_deps(context: dict[str, Any], next: Callable[[], Any]) -> Any:
        context[DEPS_KEY] = deps
        return next()

    app.middleware(listeners.skip_duplicates)
    app.event("app_mention")(ack=listeners.ack_now, lazy=[listeners.answer_mention])
    app.event("message")(ack=listeners.ack_now, lazy=[listeners.answer_message])
    app.command("/ask")(ack=listeners.ack_command, lazy=[listeners.answer_command])
    app.action("feedback_up")(listeners.record_feedback)
    app.action("feedback_down")(listeners.record_feedback)
    app.action("post_answer")(listeners.post_answer)
    app.error(listeners.log_error)
