"""The copy of the index kept beside the store: a restart loads it instead of rebuilding
from Chroma, reads what changed since from the store, and ignores a copy it cannot trust.
Real embedded Chroma in tmp_path; the hashing encoder, as the copy is about the index."""

import logging
import pickle
import shutil

import numpy as np
import pytest

from retrieval.answering.index import SearchIndex
from retrieval.answering.snapshot import (
    Snapshot,
    load_snapshot,
    save_snapshot,
    snapshot_path,
)
from retrieval.service import Newsbot
from retrieval.settings import Settings
from tests.conftest import DOCS_CORPUS, assert_quotes_verbatim

QUESTION = "Which officials attended the Guangdong-Hong Kong meeting?"
NEW_ARTICLE = (
    "Quarry lake reopens\n\nThe Zorvath quarry lake reopened to swimmers on Saturday after "
    "a two-year closure.\n"
)


@pytest.fixture
def corpus(tmp_path):  # type: ignore[no-untyped-def]
    target = tmp_path / "corpus"
    shutil.copytree(DOCS_CORPUS, target)
    return target


def bot_for(corpus, store, encoder, **settings):  # type: ignore[no-untyped-def]
    return Newsbot(Settings(corpus_dir=corpus, store_dir=store, **settings), encoder=encoder)


def no_rebuild(monkeypatch):  # type: ignore[no-untyped-def]
    """Make building the index from the store whole fail: only the copy may be used."""

    def refuse(store):  # type: ignore[no-untyped-def]
        raise AssertionError("the index was rebuilt from the store")

    monkeypatch.setattr(SearchIndex, "load", classmethod(lambda cls, store: refuse(store)))


def the_copy(bot: Newsbot):  # type: ignore[no-untyped-def]
    return snapshot_path(bot.settings.store_dir, bot._collection)


def test_a_restart_answers_from_the_copy_without_rebuilding(tmp_path, corpus, hashing, monkeypatch):
    store = tmp_path / "store"
    first = bot_for(corpus, store, hashing)
    first.sync()
    expected = first.ask(QUESTION)
    assert the_copy(first).is_file()

    no_rebuild(monkeypatch)
    again = bot_for(corpus, store, hashing)
    answer = again.ask(QUESTION)
    assert answer.model_dump(exclude={"took_ms"}) == expected.model_dump(exclude={"took_ms"})
    assert_quotes_verbatim(answer, corpus)
    assert "speller" in again.index.readings.__dict__  # kept warm


def test_what_changed_since_the_copy_is_read_from_the_store(tmp_path, corpus, hashing, monkeypatch):
    store = tmp_path / "store"
    bot_for(corpus, store, hashing).sync()
    # Another process changes the store while this one is down; its copy is not renewed.
    (corpus / "quarry.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    removed = sorted(p.name for p in DOCS_CORPUS.iterdir())[0]
    (corpus / removed).unlink()
    writer = bot_for(corpus, store, hashing, index_snapshot=False)
    writer.sync()

    no_rebuild(monkeypatch)
    again = bot_for(corpus, store, hashing)
    answer = again.ask("When did the Zorvath quarry lake reopen?")
    assert answer.answered and answer.citations[0].source == "quarry.txt"
    assert removed not in again.index.articles
    assert set(again.index.articles) == set(writer.index.articles)


def test_the_copy_is_renewed_once_enough_articles_changed(tmp_path, corpus, hashing):
    store = tmp_path / "store"
    bot = bot_for(corpus, store, hashing, snapshot_after=2)
    bot.sync()
    path = the_copy(bot)
    made = path.stat().st_mtime_ns
    (corpus / "quarry.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    bot.sync()
    assert path.stat().st_mtime_ns == made  # one change: not yet
    (corpus / "quarry2.txt").write_text(NEW_ARTICLE.replace("Zorvath", "Quellin"), "utf-8")
    bot.sync()
    kept = load_snapshot(path, bot._collection)
    assert kept is not None and "quarry2.txt" in kept.index.articles
    assert kept.generation == bot.store.generation()


@pytest.mark.parametrize("damage", ["torn", "other code", "other collection"])
def test_a_copy_it_cannot_trust_is_rebuilt(tmp_path, corpus, hashing, damage, caplog):
    store = tmp_path / "store"
    first = bot_for(corpus, store, hashing)
    first.sync()
    path = the_copy(first)
    if damage == "torn":
        path.write_bytes(path.read_bytes()[:5000])
    else:
        with path.open("rb") as f:
            header = pickle.load(f)
            index = pickle.load(f)
        header["code" if damage == "other code" else "collection"] = "something else"
        with path.open("wb") as f:
            pickle.dump(header, f)
            pickle.dump(index, f)
    assert load_snapshot(path, first._collection) is None

    with caplog.at_level(logging.INFO):
        again = bot_for(corpus, store, hashing)
        answer = again.ask(QUESTION)
    assert answer.answered
    assert_quotes_verbatim(answer, corpus)
    assert load_snapshot(path, first._collection) is not None  # written anew


def test_no_copy_when_switched_off(tmp_path, corpus, hashing):
    bot = bot_for(corpus, tmp_path / "store", hashing, index_snapshot=False)
    bot.sync()
    assert bot.ask(QUESTION).answered
    assert not the_copy(bot).exists()


def test_a_copy_that_cannot_be_written_leaves_no_file(tmp_path, corpus, hashing):
    bot = bot_for(corpus, tmp_path / "store", hashing, index_snapshot=False)
    bot.sync()
    path = tmp_path / "copies" / "x.index.pickle"

    class Unpicklable:
        def __reduce__(self):  # type: ignore[no-untyped-def]
            raise TypeError("cannot pickle this")

    bot.index.__dict__["odd"] = Unpicklable()
    assert not save_snapshot(path, "x", Snapshot(bot.index, "g"))
    assert list(path.parent.iterdir()) == []


def test_a_temporary_copy_left_by_a_crash_is_removed(tmp_path, corpus, hashing):
    import os

    bot = bot_for(corpus, tmp_path / "store", hashing, index_snapshot=False)
    bot.sync()
    path = tmp_path / "copies" / "x.index.pickle"
    path.parent.mkdir()
    stale, recent = path.parent / "x.index.pickleold.tmp", path.parent / "x.index.picklenew.tmp"
    stale.write_bytes(b"half")
    recent.write_bytes(b"being written")
    os.utime(stale, (1, 1))
    assert save_snapshot(path, "x", Snapshot(bot.index, "g"))
    assert not stale.exists() and recent.exists()  # another process may be writing that one
    assert load_snapshot(path, "x") is not None


def test_a_copy_written_by_another_process_still_finds_a_story_filed_twice(tmp_path, hashing):
    """The copy holds each sentence's text key; a process whose string hashes differ (every
    process salts them) must still find the same words in another file."""
    import os
    import subprocess
    import sys

    corpus, store = tmp_path / "corpus", tmp_path / "store"
    corpus.mkdir()
    shared = "The Zorvath quarry lake reopened to swimmers on Saturday after two years."
    for name in ("wire.txt", "paper.txt"):
        (corpus / name).write_text(f"Lake news {name}\n\n{shared} More follows.\n", "utf-8")
    script = (
        "import sys; from pathlib import Path; "
        "from retrieval.ingest.embeddings import HashingEmbeddings; "
        "from retrieval.service import Newsbot; from retrieval.settings import Settings; "
        "bot = Newsbot(Settings(corpus_dir=Path(sys.argv[1]), store_dir=Path(sys.argv[2])), "
        "encoder=HashingEmbeddings()); bot.sync(); bot.warm()"
    )
    env = {**os.environ, "PYTHONHASHSEED": "1"}
    subprocess.run([sys.executable, "-c", script, str(corpus), str(store)], env=env, check=True)

    again = bot_for(corpus, store, hashing)
    monkeypatch = pytest.MonkeyPatch()
    no_rebuild(monkeypatch)
    try:
        index = again.index
    finally:
        monkeypatch.undo()
    row = next(g for g, s in enumerate(index.sentences) if s.text.startswith("The Zorvath"))
    (other,) = index.copies(row)
    assert index.sentences[other].text == index.sentences[row].text
    assert index.sentences[other].source != index.sentences[row].source


def test_a_large_index_maps_its_vectors_from_a_file_beside_the_copy(
    tmp_path, corpus, hashing, monkeypatch
):
    """Past ``exact_search_max`` the copy keeps the half-precision vectors in a file of
    their own; a restart maps it rather than reading it into memory, and scores alike."""
    from retrieval.answering.half_vectors import HalfVectors
    from retrieval.answering.snapshot import VECTORS_SUFFIX

    store = tmp_path / "store"
    first = bot_for(corpus, store, hashing, exact_search_max=0)
    first.sync()
    expected = first.ask(QUESTION)
    files = list(store.glob(f"*{VECTORS_SUFFIX}"))
    assert len(files) == 1
    assert isinstance(first.index.vectors, HalfVectors) and first.index.vectors.mapped

    no_rebuild(monkeypatch)
    again = bot_for(corpus, store, hashing, exact_search_max=0)
    answer = again.ask(QUESTION)
    assert answer.model_dump(exclude={"took_ms"}) == expected.model_dump(exclude={"took_ms"})
    vectors = again.index.vectors
    assert isinstance(vectors, HalfVectors) and vectors.mapped and vectors.used == 0
    query = hashing.encode([QUESTION])[0]
    rows = np.arange(len(again.index))
    monkeypatch.undo()  # the store's vectors, read whole, to compare
    built = SearchIndex.load(again.store, exact_max=0)
    assert np.allclose(
        again.index.similarity(query, rows), built.similarity(query, rows), atol=1e-6
    )


def test_a_copy_whose_vectors_are_gone_is_rebuilt(tmp_path, corpus, hashing, caplog):
    from retrieval.answering.snapshot import VECTORS_SUFFIX

    store = tmp_path / "store"
    first = bot_for(corpus, store, hashing, exact_search_max=0)
    first.sync()
    for f in store.glob(f"*{VECTORS_SUFFIX}"):
        f.unlink()
    with caplog.at_level(logging.WARNING):
        assert load_snapshot(the_copy(first), first._collection) is None
    assert "lacks its vectors" in caplog.text
    again = bot_for(corpus, store, hashing, exact_search_max=0)
    assert again.ask(QUESTION).citations  # rebuilt from the store, and a new copy kept
    assert len(list(store.glob(f"*{VECTORS_SUFFIX}"))) == 1


def test_a_renewed_copy_leaves_one_file_of_vectors(tmp_path, corpus, hashing, monkeypatch):
    """Each renewal writes the vectors anew (dropping changed and deleted articles' rows);
    the files no copy refers to go (after ORPHAN_VECTORS_SECONDS: another process may be
    about to refer to one it just wrote)."""
    from retrieval.answering import snapshot
    from retrieval.answering.snapshot import VECTORS_SUFFIX

    monkeypatch.setattr(snapshot, "ORPHAN_VECTORS_SECONDS", -1)
    store = tmp_path / "store"
    bot = bot_for(corpus, store, hashing, exact_search_max=0, snapshot_after=1)
    bot.sync()
    (corpus / "quarry.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    bot.sync()
    files = list(store.glob(f"*{VECTORS_SUFFIX}"))
    assert len(files) == 1
    mapped = np.load(files[0], mmap_mode="r")
    assert mapped.shape == (len(bot.index), 384)
    answer = bot.ask("When did the Zorvath quarry lake reopen?")
    assert any(c.source == "quarry.txt" for c in answer.citations)
