"""What the Slack listeners need besides what bolt hands them: the answer queue, the state
file and the threads answers travel on. One ``SlackDeps`` per app, shared by every request."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from bot.slack.state import SlackState
from retrieval import Answer, AskRequest

# Queues a question, waiting for room if need be; the future holds the Answer (or the error).
SubmitFn = Callable[[AskRequest], "Future[Answer]"]
POSTER_THREADS = 8  # answers posted at once; each waits on Slack's Web API


@dataclass(frozen=True)
class SlackWorkers:
    """The threads a question travels on after bolt's listener thread has acked it.

    ``intake`` queues questions, one at a time in arrival order: queueing may wait for room
    in a full answer queue, and a listener thread must never wait. ``poster`` delivers the
    answers: posting waits on Slack's Web API, and neither bolt's listener threads (which
    must stay free to ack) nor the answering thread should."""

    intake: Executor
    poster: Executor

    @classmethod
    def start(cls) -> SlackWorkers:
        return cls(
            intake=ThreadPoolExecutor(1, "slack-intake"),
            poster=ThreadPoolExecutor(POSTER_THREADS, "slack-post"),
        )

    def close(self) -> None:
        """Stop taking work; what is already running finishes on its own."""
        self.intake.shutdown(wait=False, cancel_futures=True)
        self.poster.shutdown(wait=False)


@dataclass(frozen=True)
class SlackDeps:
    """Handed to every listener in ``context["newsbot"]`` (see ``bot.slack.app.register``)."""

    submit: SubmitFn
    state: SlackState
    answer_bots: bool = False  # also answer messages other bots post
    workers: SlackWorkers = field(default_factory=SlackWorkers.start)

    def close(self) -> None:
        self.workers.close()
        self.state.close()

    def __deepcopy__(self, memo: dict[int, Any]) -> SlackDeps:
        # bolt deep-copies a request's context for its lazy listeners; these are shared
        # services (a database connection, thread pools), never copies.
        return self
