"""The Slack listeners called directly, as bolt would call them: fake ``ack`` and ``client``,
the real SlackState in tmp_path, and workers that run their work inline so every test is
synchronous. The end-to-end tests (test_slack.py) cover real bolt, HTTP and threads."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

import pytest
from slack_bolt import BoltResponse

from bot.slack import listeners
from bot.slack.deps import SlackDeps, SlackWorkers
from bot.slack.listeners import APOLOGY, DEPS_KEY, THANKS, USAGE
from bot.slack.state import SlackState
from retrieval import AskRequest
from retrieval.errors import OverloadedError, QuestionError
from retrieval.models import Answer
from tests.conftest import answered_with, cite

BOT_USER = "UBOT"


class InlineExecutor(Executor):
    """Runs each piece of work at once, on the caller's thread."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as err:
            future.set_exception(err)
        return future


class FakeClient:
    """Records what the bot posts, as slack_sdk's WebClient would send it."""

    def __init__(self) -> None:
        self.posts: list[dict[str, Any]] = []
        self.ephemerals: list[dict[str, Any]] = []

    def chat_postMessage(self, **kwargs: Any) -> None:  # noqa: N802 - slack_sdk's naming
        self.posts.append(kwargs)

    def chat_postEphemeral(self, **kwargs: Any) -> None:  # noqa: N802 - slack_sdk's naming
        self.ephemerals.append(kwargs)


class Ack:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(self, **kwargs: Any) -> None:
        self.calls.append(kwargs)


def answer_to(request: AskRequest) -> Answer:
    pier = cite(1, "port.txt", "The pier opened on Friday.", title="Pier opens")
    return answered_with(request.question, pier)


class Bot:
    """A ``submit`` whose futures are already answered; it remembers what it was asked."""

    def __init__(self, error: Exception | None = None, in_future: bool = True) -> None:
        self.requests: list[AskRequest] = []
        self.error = error
        self.in_future = in_future

    def submit(self, request: AskRequest) -> Future[Answer]:
        self.requests.append(request)
        future: Future[Answer] = Future()
        if self.error is not None and not self.in_future:
            raise self.error
        if self.error is not None:
            future.set_exception(self.error)
        else:
            future.set_result(answer_to(request))
        return future


@pytest.fixture
def state(tmp_path: Path) -> SlackState:
    return SlackState(tmp_path / "slack.sqlite3")


def context_for(bot: Bot, state: SlackState, answer_bots: bool = False) -> dict[str, Any]:
    deps = SlackDeps(
        submit=bot.submit,
        state=state,
        answer_bots=answer_bots,
        workers=SlackWorkers(intake=InlineExecutor(), poster=InlineExecutor()),
    )
    return {DEPS_KEY: deps, "bot_user_id": BOT_USER}


def mention(text: str, ts: str = "100.1", thread_ts: str | None = None) -> dict[str, Any]:
    event = {"type": "app_mention", "channel": "C1", "user": "U1", "text": text, "ts": ts}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def message(text: str, **fields: Any) -> dict[str, Any]:
    return {"type": "message", "channel": "C1", "user": "U1", "text": text, "ts": "200.1"} | fields


def test_a_mention_is_answered_in_its_thread(state):
    bot, client = Bot(), FakeClient()
    listeners.answer_mention(
        mention(f"<@{BOT_USER}> Who opened the pier?"), client, context_for(bot, state)
    )
    assert bot.requests == [AskRequest("Who opened the pier?", ())]
    [post] = client.posts
    assert post["channel"] == "C1" and post["thread_ts"] == "100.1"
    assert "The pier opened on Friday." in post["text"]
    assert post["blocks"][-1]["type"] == "actions"


def test_a_mention_inside_a_thread_answers_in_that_thread(state):
    client = FakeClient()
    event = mention(f"<@{BOT_USER}> Who?", ts="100.2", thread_ts="100.0")
    listeners.answer_mention(event, client, context_for(Bot(), state))
    assert client.posts[0]["thread_ts"] == "100.0"


def test_a_direct_message_is_answered(state):
    bot, client = Bot(), FakeClient()
    event = message("Who opened the pier?", channel="D1", channel_type="im")
    listeners.answer_message(event, client, context_for(bot, state))
    assert [r.question for r in bot.requests] == ["Who opened the pier?"]
    assert client.posts[0]["channel"] == "D1" and client.posts[0]["thread_ts"] == "200.1"


def test_a_follow_up_in_an_answered_thread_carries_the_thread_history(state):
    bot, client = Bot(), FakeClient()
    context = context_for(bot, state)
    listeners.answer_mention(mention(f"<@{BOT_USER}> Who opened the pier?"), client, context)
    follow_up = message("and when?", channel_type="channel", thread_ts="100.1", ts="100.3")
    listeners.answer_message(follow_up, client, context)
    assert bot.requests[-1] == AskRequest("and when?", ("Who opened the pier?",))
    assert [p["thread_ts"] for p in client.posts] == ["100.1", "100.1"]


def test_channel_messages_outside_answered_threads_are_left_alone(state):
    bot, client = Bot(), FakeClient()
    context = context_for(bot, state)
    listeners.answer_message(message("chatter", channel_type="channel"), client, context)
    stray = message("and when?", channel_type="channel", thread_ts="999.0")
    listeners.answer_message(stray, client, context)
    mentioned = message(f"<@{BOT_USER}> Who?", channel_type="channel", thread_ts="999.0")
    listeners.answer_message(mentioned, client, context)  # answer_mention answers it
    assert bot.requests == [] and client.posts == []


@pytest.mark.parametrize(
    "fields", [{"bot_id": "BOTHER"}, {"subtype": "message_changed"}, {"subtype": "channel_join"}]
)
def test_other_bots_edits_and_joins_are_ignored(state, fields):
    bot, client = Bot(), FakeClient()
    event = message("Who won?", channel_type="im", **fields)
    listeners.answer_message(event, client, context_for(bot, state))
    assert bot.requests == [] and client.posts == []


def test_other_bots_are_answered_when_configured(state):
    bot, client = Bot(), FakeClient()
    event = message("Who won?", channel_type="im", bot_id="BOTHER")
    listeners.answer_message(event, client, context_for(bot, state, answer_bots=True))
    assert len(client.posts) == 1


def test_an_empty_slash_command_acks_with_its_usage(state):
    ack, bot, client = Ack(), Bot(), FakeClient()
    command = {"text": "  ", "channel_id": "C7", "user_id": "U7"}
    listeners.ack_command(ack, command)
    listeners.answer_command(command, client, context_for(bot, state))
    assert ack.calls == [{"text": USAGE}]
    assert bot.requests == [] and client.ephemerals == []


def test_a_slash_command_answers_only_the_asker(state):
    ack, bot, client = Ack(), Bot(), FakeClient()
    command = {"text": "Who opened the pier?", "channel_id": "C7", "user_id": "U7"}
    listeners.ack_command(ack, command)
    listeners.answer_command(command, client, context_for(bot, state))
    assert ack.calls == [{}]
    [ephemeral] = client.ephemerals
    assert ephemeral["channel"] == "C7" and ephemeral["user"] == "U7"
    buttons = ephemeral["blocks"][-1]["elements"]
    assert [b["action_id"] for b in buttons] == ["feedback_up", "feedback_down", "post_answer"]
    assert client.posts == []


def click(action_id: str, answer_id: str, channel: str = "C1") -> dict[str, Any]:
    return {
        "user": {"id": "U9"},
        "channel": {"id": channel},
        "actions": [{"action_id": action_id, "value": answer_id}],
    }


def test_a_feedback_click_is_recorded_and_thanked(state):
    state.remember("a1", "C1", "100.1", answer_to(AskRequest("Who opened the pier?")))
    ack, client = Ack(), FakeClient()
    listeners.record_feedback(ack, click("feedback_down", "a1"), client, context_for(Bot(), state))
    assert ack.calls == [{}]
    [row] = state.feedback()
    assert row["vote"] == "down" and row["user_id"] == "U9"
    assert row["question"] == "Who opened the pier?"
    assert client.ephemerals == [{"channel": "C1", "user": "U9", "text": THANKS, "blocks": None}]


def test_feedback_on_an_unknown_answer_is_acked_and_dropped(state):
    ack, client = Ack(), FakeClient()
    listeners.record_feedback(ack, click("feedback_up", "gone"), client, context_for(Bot(), state))
    assert ack.calls == [{}] and state.feedback() == [] and client.ephemerals == []


def test_post_answer_posts_the_stored_answer_to_the_channel(state):
    stored = answer_to(AskRequest("Who opened the pier?"))
    state.remember("a2", "C7", None, stored)
    ack, client = Ack(), FakeClient()
    listeners.post_answer(ack, click("post_answer", "a2", "C7"), client, context_for(Bot(), state))
    assert ack.calls == [{}]
    [post] = client.posts
    assert post["channel"] == "C7" and "thread_ts" not in post
    assert post["blocks"][-1]["block_id"] == "answer:a2"
    assert "The pier opened on Friday." in post["text"]


@pytest.mark.parametrize("in_future", [False, True], ids=["raised", "in_the_future"])
def test_a_question_error_is_posted_as_its_sentence(state, in_future):
    bot = Bot(QuestionError("The question is empty."), in_future=in_future)
    client = FakeClient()
    listeners.answer_mention(mention(f"<@{BOT_USER}>"), client, context_for(bot, state))
    assert [p["text"] for p in client.posts] == ["The question is empty."]


@pytest.mark.parametrize(
    "error, in_future",
    [
        (OverloadedError("Too many questions are waiting."), False),
        (RuntimeError("the index exploded"), True),
    ],
)
def test_any_other_error_gets_the_apology_and_logs_its_type_only(state, caplog, error, in_future):
    client = FakeClient()
    bot = Bot(error, in_future=in_future)
    listeners.answer_mention(mention(f"<@{BOT_USER}> Who?"), client, context_for(bot, state))
    assert [p["text"] for p in client.posts] == [APOLOGY]
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert type(error).__name__ in logged and str(error) not in logged


def test_a_slash_command_error_goes_to_the_asker_only(state):
    client = FakeClient()
    command = {"text": "Who?", "channel_id": "C7", "user_id": "U7"}
    listeners.answer_command(command, client, context_for(Bot(RuntimeError("x")), state))
    assert [e["text"] for e in client.ephemerals] == [APOLOGY] and client.posts == []


def test_a_repeated_event_id_is_handled_once(state):
    context = context_for(Bot(), state)
    passed: list[str] = []
    body = {"event_id": "Ev1"}
    assert listeners.skip_duplicates(body, context, lambda: passed.append("first")) is None
    second = listeners.skip_duplicates(body, context, lambda: passed.append("second"))
    assert isinstance(second, BoltResponse) and second.status == 200
    assert passed == ["first"]


def test_question_text_drops_the_mentions():
    assert listeners.question_text(f"<@{BOT_USER}> Who? <@U2|ann>") == "Who?"
