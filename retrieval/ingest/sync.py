"""Bring the index in line with the corpus folder: add new, replace changed, drop deleted.

Unchanged files are recognised by size and modification time first, then by content hash,
so a re-run over an unchanged corpus reads almost nothing.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from retrieval.errors import CorpusError
from retrieval.ingest.corpus import (
    ParsedArticle,
    UnreadableFile,
    file_hash,
    find_files,
    is_article_source,
    parse_file,
    parsed_by_this_version,
    source_name,
)
from retrieval.ingest.embeddings import DIMENSIONS, Encoder
from retrieval.ingest.store import ChromaStore, FileRecord, StoredArticle

log = logging.getLogger(__name__)

# (files done, files in all, current file name); called after every file.
Progress = Callable[[int, int, str], None]


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)  # one warning sentence per skipped file
    # The store's manifest and generation as this sync left them, read under the ingest
    # lock (so no other writer came between): an index update can start from them instead
    # of reading the manifest back. None when no lock was held.
    manifest: dict[str, FileRecord] | None = field(default=None, repr=False)
    generation: str | None = None

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.removed)} removed, "
            f"{self.unchanged} unchanged, {len(self.skipped)} skipped"
        )


@contextlib.contextmanager
def ingest_lock(store_dir: Path | None) -> Iterator[None]:
    """One ingest at a time per embedded store; other processes wait their turn."""
    if store_dir is None:
        yield
        return
    with open(store_dir / ".ingest.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@dataclass(frozen=True)
class _Pending:
    """A parsed new or changed file waiting for its batch to be embedded and written."""

    rec: FileRecord
    parsed: ParsedArticle
    replaces: bool  # an older version of the file is in the index
    old_title: str | None = None  # the older version's title: chunk vectors embed it


# Files are embedded and written in batches: fuller model batches and fewer store calls.
BATCH_SENTENCES = 2000
BATCH_FILES = 200


def sync_index(
    corpus_dir: Path,
    store: ChromaStore,
    encoder: Encoder,
    progress: Progress | None = None,
    lock_dir: Path | None = None,
    known: tuple[str, dict[str, FileRecord]] | None = None,
    only: Collection[str] | None = None,
) -> IngestReport:
    """Make ``store`` hold exactly the readable articles of ``corpus_dir``. ``known``: a
    generation and the manifest the store held at it (an earlier report's), used instead
    of reading the manifest when no one has written since (checked under the lock).
    ``only``: the source names that changed (a watcher's events); only they are looked
    at, so the cost is theirs, not the folder's."""
    if only is None:
        paths = find_files(corpus_dir)
        if not paths:
            raise CorpusError(
                f"The corpus folder {corpus_dir} holds no articles (.txt, .md or .html files)."
            )
    else:
        paths = [corpus_dir / s for s in sorted(set(only)) if is_article_source(corpus_dir, s)]
    report = IngestReport()
    done = 0

    def advance(source: str, files: int = 1) -> None:
        nonlocal done
        done += files
        if progress:
            progress(done, len(paths), source)

    with ingest_lock(lock_dir):
        if known is not None and lock_dir is not None and store.generation() == known[0]:
            manifest = known[1]  # no write since: one small read instead of every record
        else:
            manifest = store.files()
        after = dict(manifest)  # the manifest as this sync leaves it
        on_disk = {source_name(corpus_dir, p) for p in paths}
        gone = set(manifest) - on_disk if only is None else set(only) & set(manifest) - on_disk
        for source in sorted(gone):
            store.remove_article(source)
            report.removed.append(source)
            del after[source]
        pending: list[_Pending] = []
        for path in paths:
            source = source_name(corpus_dir, path)
            try:
                item = _prepare(path, source, manifest.get(source), store, report, after)
            except UnreadableFile as err:
                log.warning("%s", err)
                report.skipped.append(str(err))
                if source in manifest:
                    store.remove_article(source)
                    report.removed.append(source)
                    del after[source]
                item = None
            except OSError as err:
                message = f"Skipped {path}: {err.strerror or err}."
                log.warning("%s", message)
                report.skipped.append(message)
                item = None
            if item is None:
                advance(source)
                continue
            pending.append(item)
            if (
                sum(len(p.parsed.sentences) for p in pending) >= BATCH_SENTENCES
                or len(pending) >= BATCH_FILES
            ):
                _write(pending, store, encoder, report, after)
                advance(source, len(pending))
                pending = []
        if pending:
            _write(pending, store, encoder, report, after)
            advance(pending[-1].rec.source, len(pending))
        if lock_dir is not None:
            report.manifest, report.generation = after, store.generation()
    if only is None and len(report.skipped) == len(paths):
        raise CorpusError(f"None of the {len(paths)} files in {corpus_dir} could be read.")
    return report


def _prepare(
    path: Path,
    source: str,
    known: FileRecord | None,
    store: ChromaStore,
    report: IngestReport,
    after: dict[str, FileRecord],
) -> _Pending | None:
    """Parse a new or changed file; None (and the report and ``after`` updated) when it
    is unchanged."""
    stat = path.stat()
    if known and not parsed_by_this_version(known.content_hash):
        known = replace(known, size=-1)  # parsed by an earlier version: read it again
    if known and known.size == stat.st_size and known.mtime_ns == stat.st_mtime_ns:
        report.unchanged += 1
        return None
    data = path.read_bytes()
    digest = file_hash(data)
    if known and known.content_hash == digest:
        touched = replace(known, size=stat.st_size, mtime_ns=stat.st_mtime_ns)
        store.touch_files([touched])
        after[source] = touched
        report.unchanged += 1
        return None
    parsed = parse_file(source, path, data, digest)
    rec = FileRecord(
        source=source,
        content_hash=digest,
        size=stat.st_size,
        mtime_ns=stat.st_mtime_ns,
        title=parsed.article.title,
        date=parsed.article.date,
        publisher=parsed.article.publisher,
        author=parsed.article.author,
    )
    return _Pending(
        rec, parsed, replaces=known is not None, old_title=known.title if known else None
    )


def _write(
    batch: list[_Pending],
    store: ChromaStore,
    encoder: Encoder,
    report: IngestReport,
    after: dict[str, FileRecord],
) -> None:
    """Embed a batch of articles in one go and write them to the store. Text an older
    version of the same file already holds keeps its vector (a parser change or a small
    edit re-embeds only what changed)."""
    old_sentences, old_chunks = store.stored_vectors([p.rec.source for p in batch if p.replaces])
    sentence_vectors = _embed(
        encoder, [(p.rec.source, s.text) for p in batch for s in p.parsed.sentences], old_sentences
    )
    same_title = {p.rec.source for p in batch if p.old_title == p.parsed.article.title}
    chunk_vectors = _embed(
        encoder,
        [(p.rec.source, c.text) for p in batch for c in p.parsed.chunks],
        {key: v for key, v in old_chunks.items() if key[0] in same_title},
        prefix={p.rec.source: f"{p.parsed.article.title}\n" for p in batch},
    )
    articles = []
    s_at = c_at = 0
    for p in batch:
        n_s, n_c = len(p.parsed.sentences), len(p.parsed.chunks)
        articles.append(
            StoredArticle(
                rec=p.rec,
                sentences=p.parsed.sentences,
                sentence_vectors=sentence_vectors[s_at : s_at + n_s],
                chunks=p.parsed.chunks,
                chunk_vectors=chunk_vectors[c_at : c_at + n_c],
                replaces=p.replaces,
            )
        )
        s_at, c_at = s_at + n_s, c_at + n_c
    store.write_articles(articles)
    for p in batch:
        (report.updated if p.replaces else report.added).append(p.rec.source)
        after[p.rec.source] = p.rec


def _embed(
    encoder: Encoder,
    keyed: list[tuple[str, str]],
    known: dict[tuple[str, str], np.ndarray],
    prefix: dict[str, str] | None = None,
) -> np.ndarray:
    """Vectors for (source, text) pairs: those in ``known`` as stored, the rest embedded in
    one call (with the source's ``prefix``, the title that chunk vectors embed)."""
    missing = [i for i, key in enumerate(keyed) if key not in known]
    texts = [(prefix or {}).get(keyed[i][0], "") + keyed[i][1] for i in missing]
    fresh = encoder.encode(texts) if texts else np.zeros((0, DIMENSIONS), dtype=np.float32)
    out = np.zeros((len(keyed), DIMENSIONS), dtype=np.float32)
    for i, key in enumerate(keyed):
        if key in known:
            out[i] = known[key]
    if missing:
        out[missing] = fresh
    return out
