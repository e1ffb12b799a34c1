"""Answer concurrent questions in batches, off the caller's thread.

Answering is CPU-bound. A server that answered each request alone would embed one question
per model call (9 ms each here); batching the questions that arrive while the previous batch
is being answered embeds 16 for little more than the price of one. The queue is bounded:
when it is full, ``submit`` refuses (``OverloadedError``) instead of letting latency grow
without bound, at once or after waiting a given time for room.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from typing import Protocol

from retrieval import Answer, AskRequest, NewsbotError, OverloadedError

log = logging.getLogger(__name__)

MAX_BATCH = 16  # questions per model call: 16 embed for little more than the price of one
MAX_WAITING = 64  # the queue's default bound (the HTTP server passes NEWSBOT_MAX_WAITING)
CLOSE_TIMEOUT_SECONDS = 30  # close() waits this long for the questions already queued
_STOP = object()


class BatchAnswerer(Protocol):
    """What the batcher needs of the bot: ``Newsbot.ask_many``, one result per request."""

    def ask_many(self, requests: Sequence[AskRequest]) -> list[Answer | NewsbotError]: ...


class AnswerBatcher:
    """One worker thread that drains a bounded queue of questions in batches."""

    def __init__(
        self, bot: BatchAnswerer, max_batch: int = MAX_BATCH, max_waiting: int = MAX_WAITING
    ) -> None:
        self._bot = bot
        self._max_batch = max_batch
        self._queue: queue.Queue[object] = queue.Queue(maxsize=max_waiting)
        self._worker = threading.Thread(target=self._run, name="newsbot-answers", daemon=True)
        self._worker.start()

    def submit(self, request: AskRequest, wait: float = 0.0) -> Future[Answer]:
        """Queue a question; the future holds its ``Answer`` or its ``NewsbotError``.

        With the queue full, refuse at once, or after waiting up to ``wait`` seconds for room:
        an HTTP client can retry a 503, but a question Slack was already told we have must
        wait its turn instead of being dropped."""
        future: Future[Answer] = Future()
        try:
            if wait > 0:
                self._queue.put((request, future), timeout=wait)
            else:
                self._queue.put_nowait((request, future))
        except queue.Full:
            raise OverloadedError("Too many questions are waiting; try again shortly.") from None
        return future

    def close(self) -> None:
        """Stop the worker after the questions already queued."""
        self._queue.put(_STOP)
        self._worker.join(timeout=CLOSE_TIMEOUT_SECONDS)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            batch = [item]
            while len(batch) < self._max_batch:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is _STOP:
                    self._queue.put(_STOP)
                    break
                batch.append(item)
            self._answer(batch)

    def _answer(self, batch: list[object]) -> None:
        pairs: list[tuple[AskRequest, Future[Answer]]] = batch  # type: ignore[assignment]
        live = [(r, f) for r, f in pairs if f.set_running_or_notify_cancel()]
        if not live:
            return
        try:
            results = self._bot.ask_many([r for r, _ in live])
        except Exception as err:  # the whole batch failed: every caller gets the error
            if not isinstance(err, NewsbotError):
                log.exception("answering a batch of %d questions failed", len(live))
            for _, f in live:
                f.set_exception(err)
            return
        for (_, f), result in zip(live, results):
            if isinstance(result, NewsbotError):
                f.set_exception(result)
            else:
                f.set_result(result)
