"""Slack end to end: real bolt request handling in `newsbot serve`, real HTTP, real Slack
signatures, the Web API pointed at a local fake that records what the bot posts."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from bot.slack.app import build_slack_app
from bot.slack.blocks import BLOCK_TEXT_LIMIT, answer_blocks, escape
from bot.slack.deps import SlackDeps
from bot.slack.listeners import APOLOGY
from bot.slack.state import SlackState
from prompts import prompt
from retrieval.models import Answer, Citation
from retrieval.settings import Settings
from tests.conftest import DOCS_CORPUS, gated_bot, make_bot
from tests.fake_slack import BOT_USER, FakeSlack, event_body, signed_headers
from tests.servers import running, wait_ready

SECRET = "test-signing-secret"
MENTION_Q = "Who addressed the opening ceremony of the 26th Beijing-Hong Kong symposium?"


@pytest.fixture(scope="module")
def slack() -> Iterator[FakeSlack]:
    fake = FakeSlack()
    yield fake
    fake.close()


@pytest.fixture(scope="module")
def state_path(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("slack") / "slack.sqlite3"


def slack_settings(slack: FakeSlack, store: Path, state_path: Path, **extra: Any) -> Settings:
    return Settings(
        corpus_dir=DOCS_CORPUS,
        store_dir=store,
        slack_bot_token="xoxb-test",
        slack_signing_secret=SECRET,
        slack_api_url=slack.url,
        feedback_db=state_path,
        **extra,
    )


@pytest.fixture(scope="module")
def server(slack, state_path, tmp_path_factory, minilm) -> Iterator[str]:
    store = tmp_path_factory.mktemp("slack-store")
    settings = slack_settings(slack, store, state_path)
    with running(settings, lambda: make_bot(DOCS_CORPUS, store, minilm)) as url:
        wait_ready(url)
        yield url


def send_event(
    url: str, event: dict[str, Any], event_id: str, retry: int | None = None, secret: str = SECRET
) -> httpx.Response:
    body = event_body(event, event_id)
    headers = signed_headers(secret, body, "application/json")
    if retry is not None:
        headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
    return httpx.post(f"{url}/slack/events", content=body, headers=headers)


def send_form(url: str, fields: dict[str, str]) -> httpx.Response:
    body = urlencode(fields)
    return httpx.post(
        f"{url}/slack/events",
        content=body,
        headers=signed_headers(SECRET, body, "application/x-www-form-urlencoded"),
    )


def click(url: str, user: str, channel: str, button: dict[str, Any]) -> httpx.Response:
    """What Slack posts when ``user`` clicks ``button`` (interactivity, form-encoded)."""
    payload = {
        "type": "block_actions",
        "user": {"id": user},
        "team": {"id": "T1"},
        "channel": {"id": channel},
        "trigger_id": "t",
        "response_url": "http://127.0.0.1:9/unused",
        "actions": [
            {
                "action_id": button["action_id"],
                "value": button["value"],
                "type": "button",
                "block_id": "b",
            }
        ],
    }
    return send_form(url, {"payload": json.dumps(payload)})


def mention(
    text: str, ts: str, channel: str = "C1", thread_ts: str | None = None
) -> dict[str, Any]:
    event = {
        "type": "app_mention",
        "user": "U1",
        "text": f"<@{BOT_USER}> {text}",
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def posts_in(slack: FakeSlack, channel: str, thread_ts: str) -> list[dict[str, Any]]:
    return [
        p for p in slack.posts() if p.get("channel") == channel and p.get("thread_ts") == thread_ts
    ]


def wait_posts(
    slack: FakeSlack, channel: str, thread_ts: str, count: int = 1
) -> list[dict[str, Any]]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = posts_in(slack, channel, thread_ts)
        if len(found) >= count:
            return found
        time.sleep(0.05)
    raise AssertionError(f"no answer posted in {channel}/{thread_ts}")


def all_text(post: dict[str, Any]) -> str:
    return post["text"] + json.dumps(post.get("blocks"), ensure_ascii=False)


@pytest.mark.integration
def test_mention_is_acked_fast_and_answered_in_its_thread(server, slack):
    started = time.perf_counter()
    r = send_event(server, mention(MENTION_Q, "1700000001.000100"), "Ev001")
    ack_seconds = time.perf_counter() - started
    assert r.status_code == 200 and ack_seconds < 3.0  # Slack's own limit for an ack
    post = wait_posts(slack, "C1", "1700000001.000100")[0]
    assert "Peter KN Lam" in all_text(post)
    assert "004_b68c95931e86ce5e.txt" in all_text(post)
    assert post["blocks"][-1]["type"] == "actions"  # 👍 / 👎
    assert any(m == "auth.test" for m, _ in slack.calls)


@pytest.mark.integration
def test_retried_event_is_not_answered_twice(server, slack):
    event = mention("What was the theme of the 26th symposium?", "1700000002.000100")
    assert send_event(server, event, "Ev002").status_code == 200
    wait_posts(slack, "C1", "1700000002.000100")
    assert send_event(server, event, "Ev002", retry=1).status_code == 200
    assert send_event(server, event, "Ev002", retry=2).status_code == 200
    time.sleep(1.5)
    assert len(posts_in(slack, "C1", "1700000002.000100")) == 1


@pytest.mark.integration
def test_bad_or_stale_signature_gets_401(server):
    event = mention("Who?", "1700000003.000100")
    assert send_event(server, event, "Ev003", secret="wrong-secret").status_code == 401
    body = event_body(event, "Ev004")
    stale = signed_headers(SECRET, body, "application/json", timestamp=int(time.time()) - 3600)
    assert httpx.post(f"{server}/slack/events", content=body, headers=stale).status_code == 401


@pytest.mark.integration
def test_direct_message_is_answered(server, slack):
    event = {
        "type": "message",
        "channel_type": "im",
        "channel": "D1",
        "user": "U1",
        "text": "How many Hong Kong-invested companies were established in Beijing?",
        "ts": "1700000005.000100",
        "event_ts": "1700000005.000100",
    }
    assert send_event(server, event, "Ev005").status_code == 200
    post = wait_posts(slack, "D1", "1700000005.000100")[0]
    assert "17,077" in all_text(post)


@pytest.mark.integration
def test_follow_up_in_a_thread_uses_the_earlier_question(server, slack):
    root = "1700000006.000100"
    send_event(
        server, mention("Which officials attended the Guangdong-Hong Kong meeting?", root), "Ev006"
    )
    wait_posts(slack, "C1", root)
    follow = {
        "type": "message",
        "channel_type": "channel",
        "channel": "C1",
        "user": "U1",
        "text": "and who were the conveners?",
        "ts": "1700000006.000200",
        "thread_ts": root,
        "event_ts": "1700000006.000200",
    }
    assert send_event(server, follow, "Ev007").status_code == 200
    second = wait_posts(slack, "C1", root, count=2)[1]
    assert "Qu Xiaojie" in all_text(second)
    # A message in a thread the bot never answered is left alone.
    stray = dict(follow, thread_ts="1700000099.000100", ts="1700000099.000200")
    send_event(server, stray, "Ev008")
    time.sleep(1.0)
    assert posts_in(slack, "C1", "1700000099.000100") == []


@pytest.mark.integration
def test_own_messages_edits_and_other_bots_are_ignored(server, slack):
    before = len(slack.posts())
    base = {
        "type": "message",
        "channel_type": "im",
        "channel": "D9",
        "text": "Who won?",
        "ts": "1700000010.000100",
        "event_ts": "1700000010.000100",
    }
    send_event(server, dict(base, user=BOT_USER, bot_id="BBOT"), "Ev010")
    send_event(server, dict(base, user="U2", bot_id="BOTHER"), "Ev011")
    send_event(server, dict(base, subtype="message_changed"), "Ev012")
    send_event(server, dict(base, subtype="channel_join", user="U3"), "Ev013")
    time.sleep(1.5)
    assert len(slack.posts()) == before


@pytest.mark.integration
def test_slash_command_answers_only_the_asker_then_posts_on_request(server, slack, state_path):
    r = send_form(
        server,
        {
            "command": "/ask",
            "text": "What was the theme of the 26th symposium?",
            "user_id": "U7",
            "channel_id": "C7",
            "team_id": "T1",
            "response_url": slack.url + "response",
            "trigger_id": "t1",
        },
    )
    assert r.status_code == 200
    ephemeral = [p for p in slack.wait_for("chat.postEphemeral") if p.get("channel") == "C7"]
    assert ephemeral and ephemeral[0]["user"] == "U7"
    assert "Deepening Cooperation" in all_text(ephemeral[0])
    buttons = ephemeral[0]["blocks"][-1]["elements"]
    post_button = next(b for b in buttons if b["action_id"] == "post_answer")
    assert click(server, "U7", "C7", post_button).status_code == 200
    deadline = time.monotonic() + 10
    while not [p for p in slack.posts() if p.get("channel") == "C7"]:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    # An empty /ask gets its usage at once.
    usage = send_form(
        server,
        {
            "command": "/ask",
            "text": " ",
            "user_id": "U7",
            "channel_id": "C7",
            "team_id": "T1",
            "response_url": slack.url + "r",
            "trigger_id": "t3",
        },
    )
    assert usage.status_code == 200 and "/ask" in usage.text


@pytest.mark.integration
def test_feedback_click_is_recorded(server, slack, state_path):
    ts = "1700000020.000100"
    send_event(
        server,
        mention("Which company's drone supported the Turkey earthquake rescue?", ts),
        "Ev020",
    )
    post = wait_posts(slack, "C1", ts)[0]
    down = next(b for b in post["blocks"][-1]["elements"] if b["action_id"] == "feedback_down")
    assert click(server, "U9", "C1", down).status_code == 200
    deadline = time.monotonic() + 10
    rows: list[dict[str, Any]] = []
    while not rows and time.monotonic() < deadline:
        rows = [r for r in SlackState(state_path).feedback() if r["user_id"] == "U9"]
        time.sleep(0.05)
    assert rows and rows[0]["vote"] == "down"
    assert "Jikeqiao" in rows[0]["answer"] and rows[0]["citations"]
    assert "Turkey" in rows[0]["question"]


@pytest.mark.integration
def test_a_burst_beyond_the_answer_queue_is_answered_not_turned_away(slack, tmp_path, minilm):
    """Slack has been acked and will not resend: a full queue makes questions wait their
    turn, where an HTTP client would get a 503 and retry."""
    import threading

    gate = threading.Event()
    store = tmp_path / "store"
    settings = slack_settings(slack, store, tmp_path / "s.db", max_waiting=1)
    with running(settings, gated_bot(DOCS_CORPUS, store, minilm, gate)) as url:
        wait_ready(url)
        threads = [f"1700000100.{i:06d}" for i in range(6)]
        for i, ts in enumerate(threads):
            r = send_event(url, mention(MENTION_Q, ts, channel="CBURST"), f"EvBurst{i}")
            assert r.status_code == 200
        gate.set()
        for ts in threads:
            post = wait_posts(slack, "CBURST", ts)[0]
            assert post["text"] != APOLOGY and "Peter KN Lam" in all_text(post)


def test_rate_limited_posts_wait_and_retry(slack, state_path, tmp_path):
    """slack_sdk's RateLimitErrorRetryHandler honours Retry-After (unit level, no model)."""
    settings = Settings(
        slack_bot_token="xoxb-test",
        slack_signing_secret=SECRET,
        slack_api_url=slack.url,
        store_dir=tmp_path,
    )
    app = build_slack_app(settings, SlackDeps(submit=answered, state=SlackState(tmp_path / "s.db")))
    slack.rate_limit_next = 1
    started = time.monotonic()
    app.client.chat_postMessage(channel="C5", text="hello")
    assert time.monotonic() - started >= 0.9
    assert [m for m, p in slack.calls if p.get("channel") == "C5"] == [
        "chat.postMessage:429",
        "chat.postMessage",
    ]


def test_socket_mode_registers_the_same_listeners(slack, tmp_path):
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    deps = SlackDeps(submit=answered, state=SlackState(tmp_path / "s.db"))
    base = dict(slack_bot_token="xoxb-test", slack_api_url=slack.url, store_dir=tmp_path)
    http_app = build_slack_app(Settings(**base, slack_signing_secret=SECRET), deps)
    socket_app = build_slack_app(Settings(**base), deps, verify_requests=False)
    handler = SocketModeHandler(socket_app, "xapp-test")
    assert handler.app is socket_app

    def listeners(app):  # type: ignore[no-untyped-def]
        return sorted(
            (listener.ack_function.__name__, tuple(f.__name__ for f in listener.lazy_functions))
            for listener in app._listeners
        )

    assert listeners(http_app) == listeners(socket_app)
    assert len(listeners(http_app)) == 6


def answered(request) -> Future[Answer]:  # type: ignore[no-untyped-def]
    future: Future[Answer] = Future()
    future.set_result(sample_answer())
    return future


def sample_answer(long: bool = False) -> Answer:
    quote = ("A <b>bold</b> & long quote. " * (400 if long else 1)).strip()
    c = Citation(
        id=1,
        source="a.txt",
        title="T <x>",
        date=None,
        quote=quote,
        text=quote,
        start=0,
        end=len(quote),
        score=1.0,
    )
    return Answer(question="q", answered=True, answer=f"{quote} [1]", citations=[c], took_ms=1.0)


def test_blocks_escape_text_and_stay_under_slack_limits():
    blocks = answer_blocks(sample_answer(long=True), "id1")
    for block in blocks:
        for text in [block.get("text", {}).get("text", "")] + [
            e.get("text", "") for e in block.get("elements", []) if isinstance(e.get("text"), str)
        ]:
            assert len(text) <= BLOCK_TEXT_LIMIT
    joined = json.dumps(blocks)
    assert "<b>" not in joined and "&lt;b&gt;" in joined
    assert escape("<@U1> & <!channel>") == "&lt;@U1&gt; &amp; &lt;!channel&gt;"
    sections = "".join(b["text"]["text"] for b in blocks if b["type"] == "section")
    assert sections.replace("\n", " ").count("long quote") == 400  # split, not cut


def two_quote_answer(answered: bool = True) -> Answer:
    texts = ["The pier opened on Friday.", "It cost 12 million dollars."]
    citations = [
        Citation(
            id=i,
            source="port.txt",
            title="Pier opens",
            date="2024-03-01",
            publisher="Harbour News",
            quote=text,
            text=text,
            start=10 * i,
            end=10 * i + len(text),
            score=0.9,
        )
        for i, text in enumerate(texts, start=1)
    ]
    if answered:
        answer = " ".join(f"{c.text} [{c.id}]" for c in citations)
    else:
        answer = "I could not find an answer to that in the articles: no match."
    return Answer(question="q", answered=answered, answer=answer, citations=citations, took_ms=1.0)


def block_texts(blocks: list[dict[str, Any]]) -> list[str]:
    texts = [b["text"]["text"] for b in blocks if "text" in b]
    texts += [e["text"] for b in blocks for e in b.get("elements", []) if "type" in e]
    return [t for t in texts if isinstance(t, str)]


def test_an_answered_question_shows_each_quote_once():
    answer = two_quote_answer()
    blocks = answer_blocks(answer, "id2")
    joined = "\n".join(block_texts(blocks))
    for c in answer.citations:
        assert joined.count(c.text) == 1, c.text
    contexts = [b["elements"][0]["text"] for b in blocks if b["type"] == "context"]
    assert contexts == [
        "*[1]* · Pier opens · Harbour News · 2024-03-01 · `port.txt` · characters 10–36",
        "*[2]* · Pier opens · Harbour News · 2024-03-01 · `port.txt` · characters 20–47",
    ]


def test_a_refusal_keeps_its_closest_passages_in_the_citation_blocks():
    answer = two_quote_answer(answered=False)
    blocks = answer_blocks(answer, "id3")
    contexts = [b["elements"][0]["text"] for b in blocks if b["type"] == "context"]
    assert contexts[0] == prompt("closest_heading")
    assert contexts[1].endswith("`port.txt` · characters 10–36\n>The pier opened on Friday.")
    assert contexts[2].endswith("\n>It cost 12 million dollars.")


def test_manifest_subscribes_to_what_the_app_handles():
    import yaml

    from tests.conftest import REPO

    manifest = yaml.safe_load((REPO / "bot" / "slack" / "manifest.yml").read_text())
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert {"app_mention", "message.im", "message.channels"} <= events
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == ["/ask"]
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"app_mentions:read", "chat:write", "commands", "im:history"} <= scopes
    assert manifest["settings"]["interactivity"]["is_enabled"] is True


def test_feedback_command_exports_csv_and_json(tmp_path):
    import csv
    import io
    import subprocess
    import sys

    state = SlackState(tmp_path / "slack.sqlite3")
    state.remember("a1", "C1", "1.0", sample_answer())
    assert state.record_feedback("a1", "U1", "up")
    assert not state.record_feedback("missing", "U1", "down")
    state.close()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", "feedback", "--store", str(tmp_path), *args],
            capture_output=True,
            text=True,
            timeout=60,
        )

    rows = list(csv.DictReader(io.StringIO(run("--format", "csv").stdout)))
    assert len(rows) == 1 and rows[0]["vote"] == "up" and rows[0]["question"] == "q"
    data = json.loads(run("--format", "json").stdout)
    assert data[0]["citations"][0]["source"] == "a.txt"
    assert "1 votes: 1 👍" in run().stdout
    empty = subprocess.run(
        [sys.executable, "-m", "bot", "feedback", "--store", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert empty.returncode != 0 and "No feedback yet" in empty.stderr


def test_internal_error_posts_an_apology_and_logs_no_text(slack, tmp_path, caplog):
    """Real bolt request handling with a real signature, dispatched in-process."""
    from slack_bolt import BoltRequest

    def broken(request):  # type: ignore[no-untyped-def]
        raise RuntimeError(f"index exploded while reading {request.question}")

    settings = Settings(
        slack_bot_token="xoxb-secret-token",
        slack_signing_secret=SECRET,
        slack_api_url=slack.url,
        store_dir=tmp_path,
    )
    app = build_slack_app(settings, SlackDeps(submit=broken, state=SlackState(tmp_path / "s.db")))
    ts = "1700000030.000100"
    body = event_body(mention("What is the secret plan?", ts, channel="C30"), "Ev030")
    response = app.dispatch(
        BoltRequest(body=body, headers=signed_headers(SECRET, body, "application/json"))
    )
    assert response.status == 200
    post = wait_posts(slack, "C30", ts)[0]
    assert post["text"] == APOLOGY
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "RuntimeError" in logged
    assert "secret plan" not in logged and "xoxb-secret-token" not in logged
