"""A running server takes in articles added, changed and deleted in its corpus folder."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from bot.watch import CorpusWatcher
from retrieval.settings import Settings
from tests.conftest import DOCS_CORPUS, make_bot
from tests.servers import running, wait_ready

# How long a test waits for an update before it fails: far above the seconds an update
# takes, so a slow machine does not fail it (timings belong in bench/, not in tests).
DEADLINE_SECONDS = 90.0
HARBOUR = (
    "Zorbington harbour reopens\n\n"
    "The harbour of Zorbington reopened on Tuesday after the winter storms. "
    "Mayor Ilse Quant said the repairs had cost 4 million euros.\n"
)


def eventually(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {DEADLINE_SECONDS:.0f} s: {what}")
        time.sleep(0.2)


def small_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted(DOCS_CORPUS.glob("*.txt"))[:2]:
        shutil.copy(path, corpus / path.name)
    return corpus


# -- the watcher alone (hashing encoder) --------------------------------------------------------


def test_a_file_event_brings_a_sync(tmp_path, hashing):
    corpus = small_corpus(tmp_path)
    bot = make_bot(corpus, tmp_path / "store", hashing)
    watcher = CorpusWatcher(corpus, bot.sync, debounce_ms=50, rescan_seconds=30).start()
    try:
        time.sleep(0.3)  # the watch is set up
        (corpus / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
        eventually(lambda: "harbour.txt" in bot.index.articles, "the new file is indexed")
        (corpus / "harbour.txt").unlink()
        eventually(lambda: "harbour.txt" not in bot.index.articles, "the deleted file leaves")
    finally:
        watcher.stop()


def test_a_file_event_syncs_only_the_files_it_names(tmp_path):
    """An event names its files: the update reads them, not the whole folder (adding
    one article costs that article, however large the archive)."""
    corpus = tmp_path / "corpus"
    (corpus / "tech").mkdir(parents=True)
    calls: list[list[str] | None] = []
    seen = threading.Event()

    def sync(only: list[str] | None = None) -> None:
        calls.append(sorted(only) if only is not None else None)
        if only:
            seen.set()

    watcher = CorpusWatcher(corpus, sync, debounce_ms=50, rescan_seconds=30).start()
    try:
        time.sleep(0.3)  # the watch is set up
        (corpus / "tech" / "chips.txt").write_text(HARBOUR, encoding="utf-8")
        (corpus / ".draft.txt").write_text(HARBOUR, encoding="utf-8")  # hidden: no event
        assert seen.wait(DEADLINE_SECONDS)
    finally:
        watcher.stop()
    assert ["tech/chips.txt"] in calls and not any(c and ".draft.txt" in c for c in calls)


def test_without_file_events_the_folder_is_rescanned(tmp_path):
    calls = threading.Semaphore(0)

    def sync() -> None:
        calls.release()

    missing = tmp_path / "not-there-yet"  # nothing to watch: the rescans go on
    watcher = CorpusWatcher(missing, sync, debounce_ms=50, rescan_seconds=1).start()
    try:
        assert calls.acquire(timeout=DEADLINE_SECONDS) and calls.acquire(timeout=DEADLINE_SECONDS)
    finally:
        watcher.stop()


def test_a_failing_sync_is_logged_and_the_watch_goes_on(tmp_path, caplog):
    from retrieval import StoreError

    outcomes = iter([StoreError("the store is locked"), None])
    done = threading.Event()

    def sync() -> None:
        outcome = next(outcomes, None)
        if outcome is not None:
            raise outcome
        done.set()

    watcher = CorpusWatcher(tmp_path, sync, debounce_ms=50, rescan_seconds=1).start()
    try:
        assert done.wait(DEADLINE_SECONDS)
    finally:
        watcher.stop()
    assert "the store is locked" in caplog.text and watcher.updates >= 1


def test_a_sync_swaps_the_index_whole(tmp_path, hashing):
    corpus = small_corpus(tmp_path)
    bot = make_bot(corpus, tmp_path / "store", hashing)
    bot.warm()
    before = bot.index
    sources = set(before.articles)
    (corpus / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    bot.sync()
    assert bot.index is not before and "harbour.txt" in bot.index.articles
    assert set(before.articles) == sources  # a question holding the old index is unaffected
    warmed = vars(bot.index.readings)  # the new index was warmed before it was swapped in
    assert "speller" in warmed and "written_capitalised" in warmed


# -- end to end: a real server, the real model and Chroma ----------------------------------------


@pytest.mark.integration
def test_a_served_archive_takes_in_new_changed_and_deleted_articles(tmp_path, minilm):
    corpus = small_corpus(tmp_path)
    store = tmp_path / "store"
    settings = Settings(
        corpus_dir=corpus, store_dir=store, watch_debounce_ms=100, watch_rescan_seconds=5
    )
    question = {"question": "Who is the mayor of Zorbington?"}

    def harbour_quotes(url: str) -> list[str]:
        answer = httpx.post(f"{url}/v1/ask", json=question, timeout=30).json()
        quotes = []
        for c in answer["citations"]:
            if c["source"] == "harbour.txt":
                path = corpus / "harbour.txt"
                text = path.read_text(encoding="utf-8") if path.exists() else ""
                if text[c["start"] : c["end"]] == c["quote"]:  # verbatim in the file as it is
                    quotes.append(c["quote"])
                else:
                    quotes.append("<stale>")
        return quotes

    with running(settings, lambda: make_bot(corpus, store, minilm)) as url:
        wait_ready(url)
        assert not harbour_quotes(url)
        (corpus / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
        eventually(
            lambda: any("Ilse Quant" in q for q in harbour_quotes(url)), "the new file is cited"
        )
        (corpus / "harbour.txt").write_text(
            HARBOUR.replace("Ilse Quant", "Bram Voss"), encoding="utf-8"
        )
        eventually(
            lambda: (
                (quotes := harbour_quotes(url))
                and all("Ilse Quant" not in q and q != "<stale>" for q in quotes)
                and any("Bram Voss" in q for q in quotes)
            ),
            "the changed file's old quotes disappear",
        )
        (corpus / "harbour.txt").unlink()
        eventually(lambda: not harbour_quotes(url), "the deleted file is no longer cited")


def test_watching_can_be_switched_off(tmp_path, hashing):
    corpus = small_corpus(tmp_path)
    store = tmp_path / "store"
    settings = Settings(corpus_dir=corpus, store_dir=store, watch=False)
    with running(settings, lambda: make_bot(corpus, store, hashing)) as url:
        wait_ready(url)
        (corpus / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
        time.sleep(2)
        r = httpx.post(f"{url}/v1/ask", json={"question": "Who is the mayor of Zorbington?"})
        assert all(c["source"] != "harbour.txt" for c in r.json()["citations"])
