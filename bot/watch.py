"""Keeping a running server's index in step with its corpus folder, and with its replicas.

While `newsbot serve` or `newsbot slack` runs, a thread waits for file events in the corpus
folder (watchfiles: inotify and its kin, debounced so a copy of many files is one update),
and rescans every ``watch_rescan_seconds`` even without one, since network drives and some
containers send none. Each update is the core's incremental, crash-safe ``sync``: questions
keep being answered meanwhile, and the new index is swapped in whole once it is warm.

Replicas sharing one Chroma server (NEWSBOT_CHROMA_URL) also follow each other: every
``follow_seconds`` a ``StoreFollower`` reads the store's generation, which every write
changes, and takes in only the articles another process changed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

import watchfiles

from retrieval import ARTICLE_SUFFIXES, NewsbotError, Settings

log = logging.getLogger(__name__)

# Seconds to wait for the thread when the server stops; an ingest in flight finishes on
# its own (its manifest record is written last, so stopping never corrupts the index).
STOP_WAIT_SECONDS = 5.0


def _is_article(change: watchfiles.Change, path: str) -> bool:
    """Events on article files only; a hidden file (an editor's swap file) is none."""
    name = Path(path).name
    return not name.startswith(".") and Path(name).suffix.lower() in ARTICLE_SUFFIXES


class CorpusWatcher:
    """Calls ``sync(only=[source names])`` after files of the corpus folder change (only
    they are read again), and ``sync()`` every ``rescan_seconds``."""

    def __init__(
        self,
        corpus_dir: Path,
        sync: Callable[..., object],
        debounce_ms: int = 500,
        rescan_seconds: float = 60.0,
    ) -> None:
        self.corpus_dir = corpus_dir
        self.sync = sync
        self.debounce_ms = debounce_ms
        self.rescan_seconds = rescan_seconds
        self.updates = 0  # syncs run since start: tests and logs read it
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="newsbot-watch", daemon=True)

    @classmethod
    def for_settings(cls, settings: Settings, sync: Callable[..., object]) -> CorpusWatcher:
        return cls(
            Path(settings.corpus_dir),
            sync,
            debounce_ms=settings.watch_debounce_ms,
            rescan_seconds=settings.watch_rescan_seconds,
        )

    def start(self) -> CorpusWatcher:
        self._thread.start()
        log.info("watching %s for new, changed and deleted articles", self.corpus_dir)
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(STOP_WAIT_SECONDS)

    def _run(self) -> None:
        events = watchfiles.watch(
            self.corpus_dir,
            watch_filter=_is_article,
            debounce=self.debounce_ms,
            stop_event=self._stop,
            rust_timeout=int(self.rescan_seconds * 1000),
            yield_on_timeout=True,  # an empty set: time for the periodic rescan
            raise_interrupt=False,
        )
        try:
            for changes in events:
                if self._stop.is_set():
                    break
                self._update(self._sources(changes) if changes else None)
        except Exception as err:  # the folder vanished, or the OS refused to watch it
            log.error("watching %s stopped: %s; rescanning instead", self.corpus_dir, err)
            while not self._stop.wait(self.rescan_seconds):
                self._update()

    def _sources(self, changes: set[tuple[watchfiles.Change, str]]) -> list[str] | None:
        """The source names of the changed files ("tech/001.txt"), so that the update
        looks at them only; None (the whole folder) when one is not inside it as named."""
        root = self.corpus_dir.resolve()
        names = []
        for _, path in changes:
            try:
                names.append(Path(path).resolve().relative_to(root).as_posix())
            except (ValueError, OSError):
                return None
        return names

    def _update(self, only: list[str] | None = None) -> None:
        """One sync: of the files ``only`` names, or of the whole folder."""
        try:
            report = self.sync() if only is None else self.sync(only=only)
        except NewsbotError as err:  # an unreadable store: the old index keeps serving
            log.error("taking in corpus changes failed: %s", err)
            return
        except Exception:
            log.exception("taking in corpus changes failed")
            return
        self.updates += 1
        summary = getattr(report, "summary", None)
        if getattr(report, "changed", False) and callable(summary):
            log.info("corpus changed: %s", summary())


class StoreFollower:
    """Calls ``follow`` (``Newsbot.follow``) every ``seconds`` until stopped."""

    def __init__(self, follow: Callable[[], bool], seconds: float = 2.0) -> None:
        self.follow = follow
        self.seconds = seconds
        self.updates = 0  # times another process's writes were taken in
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="newsbot-follow", daemon=True)

    def start(self) -> StoreFollower:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(STOP_WAIT_SECONDS)

    def _run(self) -> None:
        while not self._stop.wait(self.seconds):
            try:
                if self.follow():
                    self.updates += 1
                    log.info("took in changes another replica wrote")
            except NewsbotError as err:  # the server is unreachable: try again next time
                log.error("following the shared index failed: %s", err)
            except Exception:
                log.exception("following the shared index failed")
