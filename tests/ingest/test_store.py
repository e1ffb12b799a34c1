"""The Chroma adapter on its own: what is written reads back, filters by article, and
every write changes the generation that replicas follow (real embedded Chroma)."""

from __future__ import annotations

import numpy as np

from retrieval.ingest.store import ChromaStore, collection_base, open_client
from retrieval.ingest.sync import sync_index


def store_of(corpus, tmp_path, hashing) -> ChromaStore:  # type: ignore[no-untyped-def]
    client = open_client(tmp_path / "store", None)
    return ChromaStore(client, collection_base(corpus, hashing.model_name))


def test_what_ingest_writes_reads_back(corpus, tmp_path, hashing):
    store = store_of(corpus, tmp_path, hashing)
    assert store.generation() == "" and store.files() == {}
    sync_index(corpus, store, hashing)
    files = store.files()
    sentences, vectors = store.sentences()
    assert len(files) == 5 and len(sentences) == len(vectors) > 0
    assert {s.source for s in sentences} == set(files)
    assert all(s.content_hash == files[s.source].content_hash for s in sentences)
    text = (corpus / sentences[0].source).read_text(encoding="utf-8")
    assert text[sentences[0].start : sentences[0].end] == sentences[0].quote
    norms = np.linalg.norm(vectors, axis=1)
    assert np.allclose(norms, 1.0, atol=1e-5)  # unit vectors: cosine is a dot product
    assert {c.source for c in store.chunks()} == set(files)


def test_records_filter_by_article(corpus, tmp_path, hashing):
    store = store_of(corpus, tmp_path, hashing)
    sync_index(corpus, store, hashing)
    one, two = sorted(store.files())[:2]
    only, vectors = store.sentences([one])
    assert only and {s.source for s in only} == {one} and len(vectors) == len(only)
    both = {s.source for s in store.sentences([one, two])[0]}
    assert both == {one, two}
    assert {c.source for c in store.chunks([two])} == {two}


def test_every_write_changes_the_generation_and_removal_drops_records(corpus, tmp_path, hashing):
    store = store_of(corpus, tmp_path, hashing)
    sync_index(corpus, store, hashing)
    first = store.generation()
    source = sorted(store.files())[0]
    store.remove_article(source)
    assert store.generation() not in ("", first)
    assert source not in store.files() and not store.sentences([source])[0]
    assert not store.chunks([source])


def test_nearest_chunks_come_with_their_similarity(corpus, tmp_path, hashing):
    store = store_of(corpus, tmp_path, hashing)
    sync_index(corpus, store, hashing)
    chunk = store.chunks()[0]
    hits = store.query_chunks(hashing.encode([chunk.text]), 3)
    assert (
        hits[0][0][0] == chunk.chunk_id and hits[0][0][1] > 0.9
    )  # its vector also embeds the title
    assert store.query_chunks(hashing.encode(["x"]), 0) == [[]]
