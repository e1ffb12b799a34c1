"""The bolt App and its listeners, shared by HTTP (Events API) and Socket Mode.

Slack wants an ack within 3 seconds: every listener acks at once and answers in a lazy
listener, then posts with chat.postMessage. Retries and duplicate event ids are dropped
before any listener runs. Errors are logged by type only: no message text, no tokens.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.slack.blocks import answer_blocks, fallback_text
from bot.slack.state import SlackState
from retrieval import Answer, AskRequest, ConfigurationError, QuestionError, Settings

log = logging.getLogger(__name__)

# Queues a question, waiting for room if need be; the future holds the Answer (or the error).
SubmitFn = Callable[[AskRequest], "Future[Answer]"]
_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
APOLOGY = "Sorry, something went wrong while answering that. Please try again in a moment."
USAGE = "Ask me about the articles, e.g. `/ask Which officials attended the meeting?`"
THANKS = "Thanks for the feedback."
LISTENER_THREADS = 32
POSTER_THREADS = 8
# How long an acknowledged question may wait for room in a full answer queue before the
# asker gets an apology: Slack will not send it again, so it must not be turned away at once.
QUEUE_WAIT_SECONDS = 300.0


@dataclass(frozen=True)
class SlackDeps:
    """What the listeners need besides what bolt hands them."""

    submit: SubmitFn
    state: SlackState
    answer_bots: bool = False


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
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=3)],
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


def question_text(text: str) -> str:
    """The question without the mentions that addressed it to the bot."""
    return _MENTION.sub(" ", text or "").strip()


def register(app: App, deps: SlackDeps) -> None:
    """Attach the middleware and listeners; both connection modes call this."""

    @app.middleware
    def skip_duplicates(body: dict[str, Any], next: Callable[[], None]) -> Any:
        event_id = body.get("event_id")
        if event_id and not deps.state.first_time(str(event_id)):
            return BoltResponse(status=200, body="")  # a retry of an event already handled
        return next()

    def ack_now(ack: Callable[..., None]) -> None:
        ack()

    # Posting waits on Slack's Web API; it gets its own threads so that neither bolt's
    # listener threads (which must stay free to ack) nor the answering thread wait on it.
    poster = ThreadPoolExecutor(POSTER_THREADS, "slack-post")

    def when_answered(
        future: Future[Answer], deliver: Callable[[Answer], None], fail: Callable[[str], None]
    ) -> None:
        def finish() -> None:
            try:
                answer = future.result()
            except QuestionError as err:
                fail(str(err))
            except Exception as err:
                log.error("answering a Slack question failed: %s", type(err).__name__)
                fail(APOLOGY)
            else:
                deliver(answer)

        future.add_done_callback(lambda _: poster.submit(finish))

    # Queueing may wait for room (see QUEUE_WAIT_SECONDS); one thread of its own does it, in
    # arrival order, so a listener thread never waits and acks stay fast under a burst.
    intake = ThreadPoolExecutor(1, "slack-intake")

    def ask(
        request: AskRequest, deliver: Callable[[Answer], None], fail: Callable[[str], None]
    ) -> None:
        """Queue the question; deliver or fail later, off this listener thread."""
        intake.submit(queue_question, request, deliver, fail)

    def queue_question(
        request: AskRequest, deliver: Callable[[Answer], None], fail: Callable[[str], None]
    ) -> None:
        try:
            future = deps.submit(request)
        except QuestionError as err:
            fail(str(err))
        except Exception as err:  # overloaded, or the index is unavailable
            log.error("queueing a Slack question failed: %s", type(err).__name__)
            fail(APOLOGY)
        else:
            when_answered(future, deliver, fail)

    def reply(client: WebClient, channel: str, thread_ts: str, text: str) -> None:
        history = deps.state.thread_history(channel, thread_ts)

        def deliver(answer: Answer) -> None:
            answer_id = uuid.uuid4().hex
            deps.state.remember(answer_id, channel, thread_ts, answer)
            _post(
                client,
                channel=channel,
                thread_ts=thread_ts,
                text=fallback_text(answer),
                blocks=answer_blocks(answer, answer_id),
            )

        def fail(message: str) -> None:
            _post(client, channel=channel, thread_ts=thread_ts, text=message)

        ask(AskRequest(question_text(text), tuple(history)), deliver, fail)

    def answer_mention(event: dict[str, Any], client: WebClient) -> None:
        reply(
            client, event["channel"], event.get("thread_ts") or event["ts"], event.get("text", "")
        )

    def answer_message(event: dict[str, Any], client: WebClient, context: Any) -> None:
        if event.get("subtype") or (event.get("bot_id") and not deps.answer_bots):
            return  # edits, joins, deletions, other bots
        text = event.get("text") or ""
        channel = event.get("channel")
        if not channel:
            return
        if event.get("channel_type") == "im":
            reply(client, channel, event.get("thread_ts") or event["ts"], text)
            return
        bot_user = context.get("bot_user_id")
        if bot_user and f"<@{bot_user}" in text:
            return  # app_mention answers it
        thread_ts = event.get("thread_ts")
        if thread_ts and deps.state.thread_history(channel, thread_ts):
            reply(client, channel, thread_ts, text)  # a follow-up in a thread the bot answered

    def ack_command(ack: Callable[..., None], command: dict[str, Any]) -> None:
        if not (command.get("text") or "").strip():
            ack(text=USAGE)
        else:
            ack()

    def answer_command(command: dict[str, Any], client: WebClient) -> None:
        text = (command.get("text") or "").strip()
        channel, user = command["channel_id"], command["user_id"]
        if not text:
            return

        def deliver(answer: Answer) -> None:
            answer_id = uuid.uuid4().hex
            deps.state.remember(answer_id, channel, None, answer)
            blocks = answer_blocks(answer, answer_id, post_button=True)
            _ephemeral(client, channel, user, fallback_text(answer), blocks)

        ask(AskRequest(text), deliver, lambda message: _ephemeral(client, channel, user, message))

    def feedback(ack: Callable[..., None], body: dict[str, Any], client: WebClient) -> None:
        ack()
        action = body["actions"][0]
        vote = "up" if action["action_id"] == "feedback_up" else "down"
        user = body.get("user", {}).get("id", "")
        if deps.state.record_feedback(action.get("value", ""), user, vote):
            channel = (body.get("channel") or {}).get("id")
            if channel:
                _ephemeral(client, channel, user, THANKS)

    def post_answer(ack: Callable[..., None], body: dict[str, Any], client: WebClient) -> None:
        ack()
        answer_id = body["actions"][0].get("value", "")
        answer = deps.state.answer(answer_id)
        channel = (body.get("channel") or {}).get("id")
        if answer is None or not channel:
            return
        deps.state.remember(answer_id, channel, None, answer)
        _post(
            client,
            channel=channel,
            text=fallback_text(answer),
            blocks=answer_blocks(answer, answer_id),
        )

    app.event("app_mention")(ack=ack_now, lazy=[answer_mention])
    app.event("message")(ack=ack_now, lazy=[answer_message])
    app.command("/ask")(ack=ack_command, lazy=[answer_command])
    app.action("feedback_up")(feedback)
    app.action("feedback_down")(feedback)
    app.action("post_answer")(post_answer)

    @app.error
    def on_error(error: Exception) -> None:
        log.error("Slack listener failed: %s", type(error).__name__)


def _post(client: WebClient, **kwargs: Any) -> None:
    try:
        client.chat_postMessage(**kwargs)
    except Exception as err:
        log.error("chat.postMessage failed: %s", type(err).__name__)


def _ephemeral(
    client: WebClient,
    channel: str,
    user: str,
    text: str,
    blocks: list[dict[str, Any]] | None = None,
) -> None:
    try:
        client.chat_postEphemeral(channel=channel, user=user, text=text, blocks=blocks)
    except Exception as err:
        log.error("chat.postEphemeral failed: %s", type(err).__name__)
