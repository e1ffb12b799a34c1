"""The Slack listeners: one plain function per event, command and action, as bolt calls them.

Each takes what bolt hands it (``ack``, ``event``, ``command``, ``body``, ``client``) and the
app's ``SlackDeps`` from ``context["newsbot"]``, so a test can call it directly. Slack wants
an ack within 3 seconds: acks are immediate; answering happens off the listener thread (see
``SlackWorkers``) and ends in chat.postMessage (or chat.postEphemeral for /ask). Errors are
logged by type only: no message text, no tokens.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from slack_bolt import BoltResponse
from slack_sdk import WebClient

from bot.slack.blocks import answer_blocks, fallback_text
from bot.slack.deps import SlackDeps
from retrieval import Answer, AskRequest, QuestionError

log = logging.getLogger(__name__)

DEPS_KEY = "newsbot"  # where register() puts the SlackDeps in bolt's context
APOLOGY = "Sorry, something went wrong while answering that. Please try again in a moment."
USAGE = "Ask me about the articles, e.g. `/ask Which officials attended the meeting?`"
THANKS = "Thanks for the feedback."
_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")

Deliver = Callable[[Answer], None]
Fail = Callable[[str], None]  # takes the sentence to show the asker


def deps_of(context: dict[str, Any]) -> SlackDeps:
    deps: SlackDeps = context[DEPS_KEY]
    return deps


def question_text(text: str) -> str:
    """The question without the mentions that addressed it to the bot."""
    return _MENTION.sub(" ", text or "").strip()


# -- middleware --------------------------------------------------------------------------------


def skip_duplicates(body: dict[str, Any], context: dict[str, Any], next: Callable[[], Any]) -> Any:
    """Slack retries an event it thinks was missed; an event id seen before is answered once."""
    event_id = body.get("event_id")
    if event_id and not deps_of(context).state.first_time(str(event_id)):
        return BoltResponse(status=200, body="")
    return next()


# -- events ------------------------------------------------------------------------------------


def ack_now(ack: Callable[..., None]) -> None:
    ack()


def answer_mention(event: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
    """@newsbot in a channel: answer in the thread (a new one under the mention)."""
    thread_ts = event.get("thread_ts") or event["ts"]
    _reply(deps_of(context), client, event["channel"], thread_ts, event.get("text", ""))


def answer_message(event: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
    """A direct message, or a follow-up in a thread the bot answered (no mention needed)."""
    deps = deps_of(context)
    if event.get("subtype") or (event.get("bot_id") and not deps.answer_bots):
        return  # edits, joins, deletions, other bots
    text = event.get("text") or ""
    channel = event.get("channel")
    if not channel:
        return
    if event.get("channel_type") == "im":
        _reply(deps, client, channel, event.get("thread_ts") or event["ts"], text)
        return
    bot_user = context.get("bot_user_id")
    if bot_user and f"<@{bot_user}" in text:
        return  # answer_mention answers it
    thread_ts = event.get("thread_ts")
    if thread_ts and deps.state.thread_history(channel, thread_ts):
        _reply(deps, client, channel, thread_ts, text)


# -- commands ----------------------------------------------------------------------------------


def ack_command(ack: Callable[..., None], command: dict[str, Any]) -> None:
    """/ask: an empty one gets its usage at once, in the ack."""
    if not (command.get("text") or "").strip():
        ack(text=USAGE)
    else:
        ack()


def answer_command(command: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
    """/ask QUESTION: the answer only the asker sees, with a button to post it."""
    deps = deps_of(context)
    text = (command.get("text") or "").strip()
    channel, user = command["channel_id"], command["user_id"]
    if not text:
        return

    def deliver(answer: Answer) -> None:
        answer_id = uuid.uuid4().hex
        deps.state.remember(answer_id, channel, None, answer)
        blocks = answer_blocks(answer, answer_id, post_button=True)
        _ephemeral(client, channel, user, fallback_text(answer), blocks)

    def fail(message: str) -> None:
        _ephemeral(client, channel, user, message)

    _ask(deps, AskRequest(text), deliver, fail)


# -- actions -----------------------------------------------------------------------------------


def record_feedback(
    ack: Callable[..., None], body: dict[str, Any], client: WebClient, context: dict[str, Any]
) -> None:
    """👍 / 👎: kept with the answer it judges; the voter is thanked."""
    ack()
    deps = deps_of(context)
    action = body["actions"][0]
    vote = "up" if action["action_id"] == "feedback_up" else "down"
    user = body.get("user", {}).get("id", "")
    if deps.state.record_feedback(action.get("value", ""), user, vote):
        channel = (body.get("channel") or {}).get("id")
        if channel:
            _ephemeral(client, channel, user, THANKS)


def post_answer(
    ack: Callable[..., None], body: dict[str, Any], client: WebClient, context: dict[str, Any]
) -> None:
    """ "Post to channel" under an /ask answer: the stored answer, for everyone."""
    ack()
    deps = deps_of(context)
    answer_id = body["actions"][0].get("value", "")
    answer = deps.state.answer(answer_id)
    channel = (body.get("channel") or {}).get("id")
    if answer is None or not channel:
        return
    deps.state.remember(answer_id, channel, None, answer)
    _post(
        client, channel=channel, text=fallback_text(answer), blocks=answer_blocks(answer, answer_id)
    )


def log_error(error: Exception) -> None:
    log.error("Slack listener failed: %s", type(error).__name__)


# -- from question to posted answer ------------------------------------------------------------


def _reply(deps: SlackDeps, client: WebClient, channel: str, thread_ts: str, text: str) -> None:
    """Answer ``text`` in the thread, with the thread's earlier questions as its history."""
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

    _ask(deps, AskRequest(question_text(text), tuple(history)), deliver, fail)


def _ask(deps: SlackDeps, request: AskRequest, deliver: Deliver, fail: Fail) -> None:
    """Queue the question on the intake thread; deliver or fail later, on a poster thread."""
    deps.workers.intake.submit(_queue, deps, request, deliver, fail)


def _queue(deps: SlackDeps, request: AskRequest, deliver: Deliver, fail: Fail) -> None:
    try:
        future = deps.submit(request)
    except QuestionError as err:
        fail(str(err))
    except Exception as err:  # overloaded, or the index is unavailable
        log.error("queueing a Slack question failed: %s", type(err).__name__)
        fail(APOLOGY)
    else:
        future.add_done_callback(
            lambda _: deps.workers.poster.submit(_finish, future, deliver, fail)
        )


def _finish(future: Future[Answer], deliver: Deliver, fail: Fail) -> None:
    try:
        answer = future.result()
    except QuestionError as err:
        fail(str(err))
    except Exception as err:
        log.error("answering a Slack question failed: %s", type(err).__name__)
        fail(APOLOGY)
    else:
        deliver(answer)


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
