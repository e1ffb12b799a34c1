"""Bring the index in line with the corpus folder: add new, replace changed, drop deleted.

Unchanged files are recognised by size and modification time first, then by content hash,
so a re-run over an unchanged corpus reads almost nothing.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from retrieval.corpus import (
    HTML_SUFFIXES,
    UnreadableFile,
    file_hash,
    find_files,
    parse_article,
    read_text,
    source_name,
)
from retrieval.embeddings import Encoder
from retrieval.errors import CorpusError
from retrieval.store import ChromaStore, FileRecord

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


def sync_index(
    corpus_dir: Path,
    store: ChromaStore,
    encoder: Encoder,
    progress: Progress | None = None,
    lock_dir: Path | None = None,
) -> IngestReport:
    """Make ``store`` hold exactly the readable articles of ``corpus_dir``."""
    paths = find_files(corpus_dir)
    if not paths:
        raise CorpusError(
            f"The corpus folder {corpus_dir} holds no articles (.txt, .md or .html files)."
        )
    report = IngestReport()
    with ingest_lock(lock_dir):
        manifest = store.files()
        on_disk = {source_name(corpus_dir, p) for p in paths}
        for source in sorted(set(manifest) - on_disk):
            store.remove_article(source)
            report.removed.append(source)
        for done, path in enumerate(paths, start=1):
            source = source_name(corpus_dir, path)
            try:
                _sync_file(path, source, manifest.get(source), store, encoder, report)
            except UnreadableFile as err:
                log.warning("%s", err)
                report.skipped.append(str(err))
                if source in manifest:
                    store.remove_article(source)
                    report.removed.append(source)
            except OSError as err:
                message = f"Skipped {path}: {err.strerror or err}."
                log.warning("%s", message)
                report.skipped.append(message)
            if progress:
                progress(done, len(paths), source)
    if len(report.skipped) == len(paths):
        raise CorpusError(f"None of the {len(paths)} files in {corpus_dir} could be read.")
    return report


def _sync_file(
    path: Path,
    source: str,
    known: FileRecord | None,
    store: ChromaStore,
    encoder: Encoder,
    report: IngestReport,
) -> None:
    stat = path.stat()
    if known and known.size == stat.st_size and known.mtime_ns == stat.st_mtime_ns:
        report.unchanged += 1
        return
    data = path.read_bytes()
    digest = file_hash(data)
    if known and known.content_hash == digest:
        store.touch_file(_record(known, stat.st_size, stat.st_mtime_ns))
        report.unchanged += 1
        return
    text = read_text(path, data)
    parsed = parse_article(source, text, digest, is_html=path.suffix.lower() in HTML_SUFFIXES)
    article = parsed.article
    sentence_vectors = encoder.encode([s.text for s in parsed.sentences])
    chunk_vectors = encoder.encode([f"{article.title}\n{c.text}" for c in parsed.chunks])
    rec = FileRecord(
        source=source,
        content_hash=digest,
        size=stat.st_size,
        mtime_ns=stat.st_mtime_ns,
        title=article.title,
        date=article.date,
    )
    store.write_article(rec, parsed.sentences, sentence_vectors, parsed.chunks, chunk_vectors)
    (report.updated if known else report.added).append(source)


def _record(known: FileRecord, size: int, mtime_ns: int) -> FileRecord:
    return FileRecord(
        source=known.source,
        content_hash=known.content_hash,
        size=size,
        mtime_ns=mtime_ns,
        title=known.title,
        date=known.date,
    )
