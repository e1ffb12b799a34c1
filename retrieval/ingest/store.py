"""The Chroma adapter: where chunks, sentences and the file manifest are kept.

Three collections share one base name: ``<base>`` (chunks, queried densely),
``<base>-sentences`` (sentence vectors for quote scoring) and ``<base>-files`` (one record
per article: its content hash, title and date). Records carry the hash of the file version
they came from, and the manifest record is written last, so a file's new version becomes
visible in one step and an interrupted ingest leaves the previous version in force.
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from retrieval.errors import ConfigurationError, StoreError
from retrieval.ingest.embeddings import DIMENSIONS
from retrieval.ingest.tables import ChunkTable, SentenceTable, StoredChunk, StoredSentence
from retrieval.models import Chunk, Sentence

_PAGE = 5000
_WRITE_BATCH = 1000  # records per Chroma call, well under its maximum batch size
_MANIFEST_VECTOR = [1.0]


@dataclass(frozen=True)
class FileRecord:
    source: str
    content_hash: str
    size: int
    mtime_ns: int
    title: str
    date: str | None
    publisher: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class StoredArticle:
    """One file version ready to write: its records and their vectors."""

    rec: FileRecord
    sentences: list[Sentence]
    sentence_vectors: np.ndarray
    chunks: list[Chunk]
    chunk_vectors: np.ndarray
    replaces: bool


def sentence_id(content_hash: str, source: str, position: int) -> str:
    """A sentence's id in the store: its file version, file and place in it."""
    return f"{content_hash[:16]}|{source}|s{position}"


def parse_sentence_id(record_id: str) -> tuple[str, str, int] | None:
    """(start of the content hash, source, position) of a ``sentence_id``; None for
    anything else."""
    head, sep, rest = record_id.partition("|")
    source, sep2, place = rest.rpartition("|s")
    if not (sep and sep2 and place.isdigit()):
        return None
    return head, source, int(place)


def collection_base(corpus_dir: Path, model_name: str, explicit: str | None = None) -> str:
    """A valid Chroma name per corpus folder and model, so indexes never mix."""
    if explicit:
        return explicit
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", corpus_dir.resolve().name).strip("-._")[:40] or "corpus"
    digest = hashlib.sha1(f"{corpus_dir.resolve()}|{model_name}".encode()).hexdigest()[:10]
    return f"newsbot-{slug}-{digest}"


def open_client(store_dir: Path, chroma_url: str | None) -> Any:
    """An embedded PersistentClient on ``store_dir``, or an HttpClient for ``chroma_url``."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if chroma_url:
        url = urlparse(chroma_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ConfigurationError(
                f"NEWSBOT_CHROMA_URL must look like http://host:port, not {chroma_url!r}."
            )
        try:
            return chromadb.HttpClient(
                host=url.hostname,
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
        except Exception as err:
            raise StoreError(f"Cannot reach the Chroma server at {chroma_url}: {err}") from None
    try:
        store_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise StoreError(f"Cannot create the index folder {store_dir}: {err.strerror}.") from None
    if not os.access(store_dir, os.W_OK | os.X_OK):
        raise StoreError(f"The index folder {store_dir} is not writable; choose another --store.")
    try:
        return chromadb.PersistentClient(path=str(store_dir), settings=chroma_settings)
    except Exception as err:
        raise StoreError(f"Cannot open the index in {store_dir}: {err}") from None


class ChromaStore:
    """Reads and writes one corpus's index in a Chroma client (embedded or server)."""

    def __init__(self, client: Any, base: str) -> None:
        self.base = base
        try:
            space = {"hnsw": {"space": "cosine"}}
            self._chunks = client.get_or_create_collection(base, configuration=space)
            self._sentences = client.get_or_create_collection(
                f"{base}-sentences", configuration=space
            )
            self._files = client.get_or_create_collection(f"{base}-files")
            # One record, changed by every write: replicas sharing a Chroma server poll it
            # to learn that another process changed the index.
            self._state = client.get_or_create_collection(f"{base}-state")
        except Exception as err:
            raise StoreError(f"Cannot open the index collections {base!r}: {err}") from None

    # -- manifest ---------------------------------------------------------------------------

    def files(self) -> dict[str, FileRecord]:
        records = {}
        for _, meta, _ in self._pages(self._files, include=["metadatas"]):
            rec = FileRecord(
                source=str(meta["source"]),
                content_hash=str(meta["hash"]),
                size=int(meta["size"]),
                mtime_ns=int(meta["mtime_ns"]),
                title=str(meta["title"]),
                date=str(meta["date"]) or None,
                publisher=str(meta.get("publisher", "")) or None,
                author=str(meta.get("author", "")) or None,
            )
            records[rec.source] = rec
        return records

    def _put_files(self, recs: list[FileRecord]) -> None:
        for at in range(0, len(recs), _WRITE_BATCH):
            batch = recs[at : at + _WRITE_BATCH]
            self._files.upsert(
                ids=[rec.source for rec in batch],
                embeddings=[_MANIFEST_VECTOR] * len(batch),
                metadatas=[
                    {
                        "source": rec.source,
                        "hash": rec.content_hash,
                        "size": rec.size,
                        "mtime_ns": rec.mtime_ns,
                        "title": rec.title,
                        "date": rec.date or "",
                        "publisher": rec.publisher or "",
                        "author": rec.author or "",
                    }
                    for rec in batch
                ],
            )

    def touch_files(self, recs: list[FileRecord]) -> None:
        """Record new size/mtime for files whose content did not change."""
        self._put_files(recs)

    def generation(self) -> str:
        """An id that changes whenever any process writes to this index ("" before any)."""
        try:
            got = self._state.get(ids=[_GENERATION], include=["metadatas"])
        except Exception as err:
            raise StoreError(f"The index could not be read: {err}") from None
        metas = got.get("metadatas") or []
        return str(metas[0].get("value", "")) if metas and metas[0] else ""

    def _bump_generation(self) -> None:
        self._state.upsert(
            ids=[_GENERATION],
            embeddings=[_MANIFEST_VECTOR],
            metadatas=[{"value": uuid.uuid4().hex}],
        )

    # -- articles ---------------------------------------------------------------------------

    def write_articles(self, articles: list[StoredArticle]) -> None:
        """Add the new versions' records, switch the manifest to them, drop the old ones."""
        sentence_ids, sentence_vectors, sentence_docs, sentence_meta = [], [], [], []
        chunk_ids, chunk_vectors, chunk_docs, chunk_meta = [], [], [], []
        for a in articles:
            h, src = a.rec.content_hash, a.rec.source
            prefix = f"{h[:16]}|{src}"
            for i, s in enumerate(a.sentences):
                sentence_ids.append(sentence_id(h, src, i))
                sentence_docs.append(s.text)
                meta: dict[str, Any] = {
                    "source": src,
                    "hash": h,
                    "position": i,
                    "start": s.start,
                    "end": s.end,
                    "paragraph": s.paragraph,
                }
                if s.quote != s.text:  # HTML: the markup behind the text
                    meta["quote"] = s.quote
                sentence_meta.append(meta)
            sentence_vectors.extend(a.sentence_vectors.tolist())
            for i, c in enumerate(a.chunks):
                chunk_ids.append(f"{prefix}|c{i}")
                chunk_docs.append(c.text)
                chunk_meta.append(
                    {
                        "source": src,
                        "hash": h,
                        "start": c.start,
                        "end": c.end,
                        "first": c.first_sentence,
                        "last": c.last_sentence,
                    }
                )
            chunk_vectors.extend(a.chunk_vectors.tolist())
        self._upsert(self._sentences, sentence_ids, sentence_vectors, sentence_docs, sentence_meta)
        self._upsert(self._chunks, chunk_ids, chunk_vectors, chunk_docs, chunk_meta)
        self._put_files([a.rec for a in articles])  # the commit point
        for a in articles:
            if a.replaces:
                self._drop_records(a.rec.source, keep_hash=a.rec.content_hash)
        self._bump_generation()

    def _upsert(
        self,
        collection: Any,
        ids: list[str],
        vectors: list[list[float]],
        documents: list[str],
        metadatas: list[dict[str, Any]],
    ) -> None:
        for at in range(0, len(ids), _WRITE_BATCH):
            end = at + _WRITE_BATCH
            collection.upsert(
                ids=ids[at:end],
                embeddings=vectors[at:end],
                documents=documents[at:end],
                metadatas=metadatas[at:end],
            )

    def remove_article(self, source: str) -> None:
        self._files.delete(ids=[source])
        self._drop_records(source, keep_hash=None)
        self._bump_generation()

    def _drop_records(self, source: str, keep_hash: str | None) -> None:
        where: dict[str, Any] = {"source": source}
        if keep_hash is not None:
            where = {"$and": [{"source": source}, {"hash": {"$ne": keep_hash}}]}
        self._sentences.delete(where=where)
        self._chunks.delete(where=where)

    def stored_vectors(
        self, sources: list[str]
    ) -> tuple[dict[tuple[str, str], np.ndarray], dict[tuple[str, str], np.ndarray]]:
        """(source, text) -> vector of the sentences and of the chunks already stored for
        ``sources``: a new version of a file (or a new parser) re-embeds only the text that
        changed."""
        found: tuple[dict[tuple[str, str], np.ndarray], dict[tuple[str, str], np.ndarray]] = (
            {},
            {},
        )
        if not sources:
            return found
        where = {"source": {"$in": sources}} if len(sources) > 1 else {"source": sources[0]}
        include = ["metadatas", "documents", "embeddings"]
        for collection, out in ((self._sentences, found[0]), (self._chunks, found[1])):
            for _, meta, extra in self._pages(collection, include=include, where=where):
                out[(str(meta["source"]), str(extra["document"]))] = np.asarray(
                    extra["embedding"], dtype=np.float32
                )
        return found

    # -- reading ----------------------------------------------------------------------------

    def sentences(self, sources: list[str] | None = None) -> tuple[SentenceTable, np.ndarray]:
        """The stored sentences and their vectors: all, or those of ``sources``."""
        rows: list[StoredSentence] = []
        pages: list[np.ndarray] = []
        page_rows: list[np.ndarray] = []
        tables: list[SentenceTable] = []
        for _, meta, extra in self._pages(
            self._sentences,
            include=["metadatas", "documents", "embeddings"],
            where=_of_sources(sources),
        ):
            text = str(extra["document"])
            rows.append(
                StoredSentence(
                    source=str(meta["source"]),
                    content_hash=str(meta["hash"]),
                    position=int(meta["position"]),
                    start=int(meta["start"]),
                    end=int(meta["end"]),
                    paragraph=int(meta["paragraph"]),
                    text=text,
                    quote=str(meta["quote"]) if "quote" in meta else text,
                )
            )
            page_rows.append(extra["embedding"])
            if len(page_rows) == _PAGE:  # one page at a time: no list of a million rows
                pages.append(np.asarray(page_rows, dtype=np.float32))
                tables.append(SentenceTable.of(rows))
                page_rows, rows = [], []
        if page_rows:
            pages.append(np.asarray(page_rows, dtype=np.float32))
            tables.append(SentenceTable.of(rows))
        matrix = np.concatenate(pages) if pages else np.zeros((0, DIMENSIONS), np.float32)
        return SentenceTable.joined(tables), matrix

    def chunks(self, sources: list[str] | None = None) -> ChunkTable:
        """The stored chunks: all, or those of ``sources``."""
        return ChunkTable.of(
            StoredChunk(
                chunk_id=cid,
                source=str(meta["source"]),
                content_hash=str(meta["hash"]),
                first_sentence=int(meta["first"]),
                last_sentence=int(meta["last"]),
                text=str(extra["document"]),
            )
            for cid, meta, extra in self._pages(
                self._chunks, include=["metadatas", "documents"], where=_of_sources(sources)
            )
        )

    def query_chunks(self, vectors: np.ndarray, n: int) -> list[list[tuple[str, float]]]:
        """Nearest chunk ids and cosine similarities for each query vector."""
        return self._nearest(self._chunks, vectors, n)

    def query_sentences(self, vectors: np.ndarray, n: int) -> list[list[tuple[str, float]]]:
        """Nearest sentence ids and cosine similarities for each query vector (Chroma's
        HNSW index: approximate, and not a pass over every sentence)."""
        return self._nearest(self._sentences, vectors, n)

    @staticmethod
    def _nearest(collection: Any, vectors: np.ndarray, n: int) -> list[list[tuple[str, float]]]:
        if n < 1 or not len(vectors):
            return [[] for _ in range(len(vectors))]
        try:
            # Chroma returns fewer than n when it holds fewer; no count() round trip needed.
            res = collection.query(
                query_embeddings=vectors.tolist(), n_results=n, include=["distances"]
            )
        except Exception as err:
            raise StoreError(f"The index could not be searched: {err}") from None
        return [
            [(rid, 1.0 - float(d)) for rid, d in zip(ids, dists)]
            for ids, dists in zip(res["ids"], res["distances"])
        ]

    @staticmethod
    def _pages(
        collection: Any, include: list[str], where: dict[str, Any] | None = None
    ) -> Iterator[tuple[str, dict, dict]]:
        offset = 0
        while True:
            page = collection.get(include=include, limit=_PAGE, offset=offset, where=where)
            ids = page["ids"]
            if not ids:
                return
            for i, cid in enumerate(ids):
                extra = {}
                if page.get("documents") is not None:
                    extra["document"] = page["documents"][i]
                if page.get("embeddings") is not None:
                    extra["embedding"] = page["embeddings"][i]
                yield cid, page["metadatas"][i], extra
            if len(ids) < _PAGE:  # the last page: no second read to find nothing more
                return
            offset += len(ids)


_GENERATION = "generation"


def _of_sources(sources: list[str] | None) -> dict[str, Any] | None:
    """A Chroma filter for the records of ``sources``; None for all of them."""
    if sources is None:
        return None
    return {"source": {"$in": sources}} if len(sources) != 1 else {"source": sources[0]}
