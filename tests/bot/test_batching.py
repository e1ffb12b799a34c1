"""The AnswerBatcher over a fake bot: answers reach their own callers, batches form while
the worker is busy, a full queue refuses (or waits), errors reach the right futures."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future

import pytest

from bot.batching import AnswerBatcher
from retrieval import AskRequest
from retrieval.errors import NewsbotError, OverloadedError, QuestionError
from retrieval.models import Answer

WAIT = 10  # seconds a test waits for the worker before calling it stuck


class FakeBot:
    """``ask_many`` as the batcher calls it. Answering waits for ``gate`` (open unless a
    test closes it), so questions pile up; an empty question is a ``QuestionError``."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []
        self.gate = threading.Event()
        self.gate.set()
        self.busy = threading.Event()  # set once the worker is inside ask_many
        self.fail_with: Exception | None = None

    def ask_many(self, requests: Sequence[AskRequest]) -> list[Answer | NewsbotError]:
        self.busy.set()
        assert self.gate.wait(WAIT), "the test never opened the gate"
        self.batches.append([r.question for r in requests])
        if self.fail_with is not None:
            raise self.fail_with
        return [
            Answer(
                question=r.question,
                answered=True,
                answer=f"answer to {r.question}",
                citations=[],
                took_ms=0.0,
            )
            if r.question
            else QuestionError("The question is empty.")
            for r in requests
        ]


@pytest.fixture
def bot() -> FakeBot:
    return FakeBot()


@pytest.fixture
def batcher(bot: FakeBot) -> Iterator[AnswerBatcher]:
    b = AnswerBatcher(bot, max_batch=4, max_waiting=8)
    yield b
    bot.gate.set()
    b.close()


def hold_worker(bot: FakeBot, batcher: AnswerBatcher) -> Future[Answer]:
    """Close the gate and keep the worker busy with one question."""
    bot.gate.clear()
    first = batcher.submit(AskRequest("first"))
    assert bot.busy.wait(WAIT)
    return first


def test_every_caller_gets_its_own_answer(batcher):
    questions = [f"question {i}" for i in range(6)]
    futures = [batcher.submit(AskRequest(q)) for q in questions]
    assert [f.result(WAIT).question for f in futures] == questions
    assert [f.result().answer for f in futures] == [f"answer to {q}" for q in questions]


def test_questions_that_arrive_while_the_worker_is_busy_go_in_one_batch(bot, batcher):
    first = hold_worker(bot, batcher)
    waiting = [batcher.submit(AskRequest(f"q{i}")) for i in range(6)]
    bot.gate.set()
    assert first.result(WAIT).question == "first"
    assert [f.result(WAIT).question for f in waiting] == [f"q{i}" for i in range(6)]
    assert bot.batches == [["first"], ["q0", "q1", "q2", "q3"], ["q4", "q5"]]  # max_batch=4


@pytest.fixture
def full(bot: FakeBot) -> Iterator[AnswerBatcher]:
    """A batcher whose worker is busy and whose one waiting place is taken."""
    batcher = AnswerBatcher(bot, max_waiting=1)
    hold_worker(bot, batcher)
    batcher.submit(AskRequest("fills the queue"))
    yield batcher
    bot.gate.set()
    batcher.close()


def test_a_full_queue_refuses_at_once(full):
    started = time.monotonic()
    with pytest.raises(OverloadedError):
        full.submit(AskRequest("one too many"))
    assert time.monotonic() - started < 0.5


def test_a_full_queue_waits_when_asked_to(bot, full):
    started = time.monotonic()
    with pytest.raises(OverloadedError):
        full.submit(AskRequest("waits, then gives up"), wait=0.3)
    assert time.monotonic() - started >= 0.3
    threading.Timer(0.2, bot.gate.set).start()  # room appears while it waits
    late = full.submit(AskRequest("waits its turn"), wait=WAIT)
    assert late.result(WAIT).question == "waits its turn"


def test_a_bad_question_fails_only_its_own_future(bot, batcher):
    first = hold_worker(bot, batcher)
    good, bad, other = (batcher.submit(AskRequest(q)) for q in ("good", "", "other"))
    bot.gate.set()
    first.result(WAIT)
    assert good.result(WAIT).question == "good" and other.result(WAIT).question == "other"
    with pytest.raises(QuestionError):
        bad.result(WAIT)


def test_a_failed_batch_fails_every_future_in_it_and_the_worker_goes_on(bot, batcher):
    first = hold_worker(bot, batcher)
    futures = [batcher.submit(AskRequest(q)) for q in ("a", "b")]
    bot.fail_with = RuntimeError("the index exploded")
    bot.gate.set()
    for f in [first, *futures]:
        with pytest.raises(RuntimeError, match="exploded"):
            f.result(WAIT)
    bot.fail_with = None
    assert batcher.submit(AskRequest("after")).result(WAIT).question == "after"


def test_a_cancelled_question_is_not_answered(bot, batcher):
    first = hold_worker(bot, batcher)
    cancelled = batcher.submit(AskRequest("never mind"))
    kept = batcher.submit(AskRequest("kept"))
    assert cancelled.cancel()
    bot.gate.set()
    first.result(WAIT)
    assert kept.result(WAIT).question == "kept"
    assert ["never mind"] not in bot.batches and all("never mind" not in b for b in bot.batches)


def test_close_answers_what_is_queued_then_stops_the_worker(bot):
    batcher = AnswerBatcher(bot)
    first = hold_worker(bot, batcher)
    queued = batcher.submit(AskRequest("queued before close"))
    threading.Timer(0.2, bot.gate.set).start()
    batcher.close()
    assert first.done() and queued.result(0).question == "queued before close"
    after = batcher.submit(AskRequest("after close"))
    time.sleep(0.2)
    assert not after.done() and len(bot.batches) == 2  # no worker is left to answer it
