"""Incremental ingest against real embedded Chroma (fast hashing embeddings)."""

import os

import pytest

from retrieval.answering.index import SearchIndex
from retrieval.errors import CorpusError, StoreError
from retrieval.ingest.store import ChromaStore, collection_base, open_client
from retrieval.ingest.sync import sync_index
from retrieval.service import Newsbot
from retrieval.settings import Settings


def open_store(corpus, store_dir, encoder):
    client = open_client(store_dir, None)
    return ChromaStore(client, collection_base(corpus, encoder.model_name))


def test_second_run_skips_unchanged_files(corpus, tmp_path, hashing):
    store = open_store(corpus, tmp_path / "store", hashing)
    first = sync_index(corpus, store, hashing)
    assert len(first.added) == 5 and first.unchanged == 0
    second = sync_index(corpus, store, hashing)
    assert not second.changed and second.unchanged == 5


def test_touched_but_unchanged_file_is_not_reembedded(corpus, tmp_path, hashing):
    store = open_store(corpus, tmp_path / "store", hashing)
    sync_index(corpus, store, hashing)
    path = corpus / "000_efb95fe7aa67d07d.txt"
    os.utime(path, ns=(1, 1))
    report = sync_index(corpus, store, hashing)
    assert not report.changed and report.unchanged == 5


def test_files_parsed_by_an_earlier_version_are_read_again(corpus, tmp_path, hashing, monkeypatch):
    import retrieval.ingest.corpus

    store = open_store(corpus, tmp_path / "store", hashing)
    sync_index(corpus, store, hashing)
    before = len(SearchIndex.load(store))
    monkeypatch.setattr(retrieval.ingest.corpus, "_VERSION_PREFIX", "p999-")  # a newer newsbot
    report = sync_index(corpus, store, hashing)
    assert len(report.updated) == 5
    assert all(rec.content_hash.startswith("p999-") for rec in store.files().values())
    assert len(SearchIndex.load(store)) == before  # the old version's records are gone
    assert not sync_index(corpus, store, hashing).changed


def test_changed_file_is_replaced_and_deleted_file_removed(corpus, tmp_path, hashing):
    store = open_store(corpus, tmp_path / "store", hashing)
    sync_index(corpus, store, hashing)
    changed = corpus / "002_d00921c321516bf1.txt"
    changed.write_text(
        "Harbour news\n\nThe harbour authority opened a new ferry pier on Friday morning.\n",
        encoding="utf-8",
    )
    (corpus / "003_35ed6e79b8d343f5.txt").unlink()
    report = sync_index(corpus, store, hashing)
    assert report.updated == ["002_d00921c321516bf1.txt"]
    assert report.removed == ["003_35ed6e79b8d343f5.txt"]
    index = SearchIndex.load(store)
    assert set(index.articles) == {
        "000_efb95fe7aa67d07d.txt",
        "001_3fdcb3a3f62ccc84.txt",
        "002_d00921c321516bf1.txt",
        "004_b68c95931e86ce5e.txt",
    }
    texts = [s.text for s in index.sentences if s.source == "002_d00921c321516bf1.txt"]
    assert texts == ["The harbour authority opened a new ferry pier on Friday morning."]


def test_interrupted_ingest_leaves_previous_version_in_force(corpus, tmp_path, hashing):
    store = open_store(corpus, tmp_path / "store", hashing)
    sync_index(corpus, store, hashing)
    path = corpus / "001_3fdcb3a3f62ccc84.txt"
    old_text = path.read_text(encoding="utf-8")
    path.write_text("Replaced\n\nA new story about a ferry pier that opened on Friday.\n")

    original = store._put_files

    def crash(recs):
        raise KeyboardInterrupt  # the user pressed Ctrl-C after the records were written

    store._put_files = crash
    with pytest.raises(KeyboardInterrupt):
        sync_index(corpus, store, hashing)
    store._put_files = original

    index = SearchIndex.load(store)
    texts = [s.text for s in index.sentences if s.source == path.name]
    assert texts and all(t in old_text for t in texts)
    # The next run finishes the job.
    report = sync_index(corpus, store, hashing)
    assert report.updated == [path.name]
    texts = [s.text for s in SearchIndex.load(store).sentences if s.source == path.name]
    assert texts == ["A new story about a ferry pier that opened on Friday."]


def test_bad_files_are_skipped_with_a_warning(corpus, tmp_path, hashing):
    (corpus / "latin.txt").write_bytes("Caf\xe9 news".encode("latin-1"))
    (corpus / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    store = open_store(corpus, tmp_path / "store", hashing)
    report = sync_index(corpus, store, hashing)
    assert len(report.added) == 5
    assert any("latin.txt" in s and "UTF-8" in s for s in report.skipped)
    assert any("blob.txt" in s for s in report.skipped)


def test_empty_corpus_is_an_error(tmp_path, hashing):
    (tmp_path / "empty").mkdir()
    store = open_store(tmp_path / "empty", tmp_path / "store", hashing)
    with pytest.raises(CorpusError, match="holds no articles"):
        sync_index(tmp_path / "empty", store, hashing)


def test_store_path_that_is_a_file_is_one_clear_error(corpus, tmp_path, hashing):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="Cannot create the index folder"):
        Newsbot(Settings(corpus_dir=corpus, store_dir=blocker / "store"), encoder=hashing)


def test_the_report_holds_the_manifest_and_generation_it_left(corpus, tmp_path, hashing):
    """Read under the lock, they are what the store holds: an index update starts from
    them instead of reading the manifest back."""
    store_dir = tmp_path / "store"
    store = open_store(corpus, store_dir, hashing)
    assert sync_index(corpus, store, hashing).manifest is None  # no lock held: not known
    first = sorted(corpus.iterdir())
    os.utime(first[0], ns=(1, 1))  # touched, same words
    first[1].write_text("Changed\n\nA new sentence about the harbour.\n", encoding="utf-8")
    first[2].unlink()
    (corpus / "new.txt").write_text("New\n\nThe bridge opened on Monday.\n", encoding="utf-8")
    report = sync_index(corpus, store, hashing, lock_dir=store_dir)
    assert report.added == ["new.txt"] and report.removed == [first[2].name]
    assert report.manifest == store.files()
    assert report.generation == store.generation()


def test_an_update_reads_no_manifest_while_no_one_else_writes(
    corpus, tmp_path, hashing, monkeypatch
):
    """A sync starts from the manifest the last one left when the store's generation says
    no one wrote since; another writer's change makes it read the manifest again."""
    store_dir = tmp_path / "store"
    bot = Newsbot(Settings(corpus_dir=corpus, store_dir=store_dir), encoder=hashing)
    bot.sync()
    reads = []
    files = ChromaStore.files
    monkeypatch.setattr(ChromaStore, "files", lambda self: reads.append(1) or files(self))
    (corpus / "new.txt").write_text("New\n\nThe Govan bridge opened on Monday.\n", "utf-8")
    bot.sync()
    assert reads == []
    answer = bot.ask("When did the Govan bridge open?")
    assert answer.answered and answer.citations[0].source == "new.txt"

    # Another process (a replica sharing the store) removes an article meanwhile.
    other = Newsbot(Settings(corpus_dir=corpus, store_dir=store_dir), encoder=hashing)
    (corpus / "new.txt").unlink()
    other.sync()
    reads.clear()
    (corpus / "later.txt").write_text("Later\n\nThe Partick ferry sailed on Friday.\n", "utf-8")
    report = bot.sync()
    assert reads == [1]  # read again: someone else wrote
    assert report.added == ["later.txt"] and not report.removed  # the other already removed it
    assert "new.txt" not in bot.index.articles and "later.txt" in bot.index.articles
    assert report.manifest == files(bot.store)


def test_a_sync_of_named_files_reads_only_them(corpus, tmp_path, hashing, monkeypatch):
    """``only`` names the files that changed (a watcher's events, the API): the others are
    neither walked nor read, even when they changed too, and a named file that is gone
    leaves the store; names outside the folder or hidden are not files of it."""
    import retrieval.ingest.sync as sync_module

    store = open_store(corpus, tmp_path / "store", hashing)
    first = sync_index(corpus, store, hashing)
    one, two, three = sorted(first.added)[:3]
    kept_version = store.files()[two].content_hash
    (corpus / one).write_text("Changed one\n\nThe first article now says this.\n", "utf-8")
    (corpus / two).write_text("Changed two\n\nThe second article now says that.\n", "utf-8")
    (corpus / three).unlink()

    def no_walk(folder):  # type: ignore[no-untyped-def]
        raise AssertionError("the whole folder was walked")

    monkeypatch.setattr(sync_module, "find_files", no_walk)
    report = sync_index(corpus, store, hashing, only=[one, three, "../outside.txt", ".x.txt"])
    assert report.updated == [one] and report.removed == [three]
    files = store.files()
    assert three not in files and two in files
    assert files[two].content_hash == kept_version  # changed on disk, but not named
    monkeypatch.undo()
    later = sync_index(corpus, store, hashing)  # a full sync still finds the other change
    assert later.updated == [two]
