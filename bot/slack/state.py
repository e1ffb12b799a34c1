"""What the Slack front end remembers, in one SQLite file: events already handled (Slack
retries), questions asked in each thread (follow-ups), answers shown (buttons), feedback."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from retrieval import Answer, StoreError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (event_id TEXT PRIMARY KEY, seen REAL NOT NULL);
CREATE TABLE IF NOT EXISTS thread_questions (
    channel TEXT NOT NULL, thread_ts TEXT NOT NULL, question TEXT NOT NULL, asked REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS thread_questions_key ON thread_questions (channel, thread_ts);
CREATE TABLE IF NOT EXISTS answers (
    answer_id TEXT PRIMARY KEY, channel TEXT, thread_ts TEXT, question TEXT NOT NULL,
    answer_json TEXT NOT NULL, created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    answer_id TEXT NOT NULL, user_id TEXT NOT NULL, vote TEXT NOT NULL, question TEXT NOT NULL,
    answer TEXT NOT NULL, citations_json TEXT NOT NULL, created REAL NOT NULL
);
"""
EVENT_MEMORY_SECONDS = 24 * 3600
THREAD_HISTORY = 5
PRUNE_EVERY = 500


class SlackState:
    """Thread-safe: bolt runs listeners on a pool of threads."""

    def __init__(self, path: Path) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")  # WAL stays consistent; no fsync per ack
            self._db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as err:
            raise StoreError(f"Cannot open the Slack state file {path}: {err}.") from None
        self._lock = threading.Lock()
        self._events_seen = 0
        self.path = path

    def first_time(self, event_id: str) -> bool:
        """True the first time an event id is seen; Slack's retries and duplicates get False."""
        now = time.time()
        with self._lock:
            self._events_seen += 1
            if self._events_seen % PRUNE_EVERY == 1:
                self._db.execute("DELETE FROM events WHERE seen < ?", (now - EVENT_MEMORY_SECONDS,))
            cur = self._db.execute(
                "INSERT OR IGNORE INTO events (event_id, seen) VALUES (?, ?)", (event_id, now)
            )
            return cur.rowcount == 1

    def thread_history(self, channel: str, thread_ts: str) -> list[str]:
        """The last questions asked in a thread the bot answered, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT question FROM thread_questions WHERE channel = ? AND thread_ts = ? "
                "ORDER BY asked DESC, rowid DESC LIMIT ?",
                (channel, thread_ts, THREAD_HISTORY),
            ).fetchall()
        return [r[0] for r in reversed(rows)]

    def remember(
        self, answer_id: str, channel: str | None, thread_ts: str | None, answer: Answer
    ) -> None:
        """Keep an answer (for its buttons) and its question (for follow-ups in the thread)."""
        now = time.time()
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?)",
                (answer_id, channel, thread_ts, answer.question, answer.model_dump_json(), now),
            )
            if channel and thread_ts:
                self._db.execute(
                    "INSERT INTO thread_questions VALUES (?, ?, ?, ?)",
                    (channel, thread_ts, answer.question, now),
                )

    def answer(self, answer_id: str) -> Answer | None:
        with self._lock:
            row = self._db.execute(
                "SELECT answer_json FROM answers WHERE answer_id = ?", (answer_id,)
            ).fetchone()
        return Answer.model_validate_json(row[0]) if row else None

    def record_feedback(self, answer_id: str, user_id: str, vote: str) -> bool:
        """Store a 👍/👎 with the question, answer and citations it judges."""
        answer = self.answer(answer_id)
        if answer is None:
            return False
        citations = json.dumps([c.model_dump() for c in answer.citations], ensure_ascii=False)
        with self._lock:
            self._db.execute(
                "INSERT INTO feedback VALUES (?, ?, ?, ?, ?, ?, ?)",
                (answer_id, user_id, vote, answer.question, answer.answer, citations, time.time()),
            )
        return True

    def feedback(self) -> list[dict[str, Any]]:
        with self._lock:
            cur = self._db.execute(
                "SELECT answer_id, user_id, vote, question, answer, citations_json, created "
                "FROM feedback ORDER BY created"
            )
            names = [d[0] for d in cur.description]
            rows = cur.fetchall()
        out = []
        for row in rows:
            item = dict(zip(names, row, strict=True))
            item["citations"] = json.loads(item.pop("citations_json"))
            item["created"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(item["created"]))
            out.append(item)
        return out

    def close(self) -> None:
        with self._lock:
            self._db.close()
