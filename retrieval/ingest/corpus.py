"""Find and read the articles of a corpus folder.

Reading matches how a reader checks a quote, ``open(path, encoding="utf-8").read()``
(universal newlines), so offsets computed here are offsets in what they read.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from retrieval.errors import CorpusError
from retrieval.ingest.chunking import chunk_sentences
from retrieval.ingest.cleaning import clean
from retrieval.ingest.html_text import HtmlText, html_to_text
from retrieval.ingest.metadata import article_metadata
from retrieval.ingest.sentences import split_sentences
from retrieval.models import Article, Chunk, Sentence, Span

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
_TITLE_FALLBACK_CHARS = 100


class UnreadableFile(CorpusError):
    """One file cannot be used (binary, not UTF-8); ingest skips it and says so."""


@dataclass(frozen=True)
class ParsedArticle:
    article: Article
    sentences: list[Sentence]
    chunks: list[Chunk]


def find_files(corpus_dir: Path) -> list[Path]:
    """Article files under ``corpus_dir``, sorted; hidden files and folders are ignored
    (a hidden folder is not entered: a watched archive is walked on every change)."""
    if not corpus_dir.exists():
        raise CorpusError(f"The corpus folder {corpus_dir} does not exist.")
    if not corpus_dir.is_dir():
        raise CorpusError(f"The corpus path {corpus_dir} is not a folder.")
    files = []
    for root, folders, names in os.walk(corpus_dir):
        folders[:] = [f for f in folders if not f.startswith(".")]
        for name in names:
            path = os.path.join(root, name)
            if _article_name(name) and os.path.isfile(path):
                files.append(path)
    # Sorted as paths sort (folder by folder), on the strings: comparing Path objects
    # parses them again on every comparison, seconds for a large archive on each sync.
    return [Path(f) for f in sorted(files, key=lambda f: f.split(os.sep))]


def _article_name(name: str) -> bool:
    return not name.startswith(".") and os.path.splitext(name)[1].lower() in SUFFIXES


def is_article_source(corpus_dir: Path, source: str) -> bool:
    """Whether ``find_files`` lists the file of this source name ("tech/001.txt"): an
    article file inside the folder, not hidden and in no hidden folder."""
    parts = source.split("/")
    return (
        _article_name(parts[-1])
        and not any(p.startswith(".") or not p for p in parts)
        and os.path.isfile(os.path.join(corpus_dir, *parts))
    )


def source_name(corpus_dir: Path, path: Path) -> str:
    """The file's name inside the corpus folder, with forward slashes ("tech/001.txt")."""
    folder, full = str(corpus_dir), str(path)
    if full.startswith(folder + os.sep):  # the usual case, without pathlib's parsing
        return full[len(folder) + 1 :].replace(os.sep, "/")
    return path.relative_to(corpus_dir).as_posix()


# Bumped whenever parsing (cleaning, splitting, offsets) changes what a file yields, so an
# index built by an earlier version re-reads every file instead of serving stale spans.
PARSER_VERSION = 11


_VERSION_PREFIX = f"p{PARSER_VERSION}-"


def file_hash(data: bytes) -> str:
    """The version key of a file's records: its content as this parser version reads it."""
    return _VERSION_PREFIX + hashlib.sha256(data).hexdigest()


def parsed_by_this_version(content_hash: str) -> bool:
    return content_hash.startswith(_VERSION_PREFIX)


def read_text(path: Path, data: bytes) -> str:
    """The file's text as a UTF-8 reader sees it, or ``UnreadableFile`` naming the file."""
    if b"\x00" in data[:8192]:
        raise UnreadableFile(f"Skipped {path}: it looks like a binary file, not an article.")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise UnreadableFile(
            f"Skipped {path}: it is not UTF-8 (bad byte at offset {err.start}); "
            "convert it, e.g. with `iconv -t utf-8`."
        ) from None
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def _fallback_title(sentences: list[Sentence], source: str) -> str:
    if not sentences:
        return Path(source).stem
    first = sentences[0].text
    if len(first) <= _TITLE_FALLBACK_CHARS:
        return first
    return first[:_TITLE_FALLBACK_CHARS].rsplit(" ", 1)[0] + "…"


def parse_article(source: str, raw_text: str, content_hash: str, is_html: bool) -> ParsedArticle:
    """Clean, split and chunk one article's text (pure: no I/O). Every span of the result
    indexes ``raw_text``; an HTML page is read as its text and mapped back to its markup."""
    page = html_to_text(raw_text) if is_html else None
    text = page.text if page else raw_text
    cleaned = clean(text, page.list_starts) if page else clean(text)
    sentences = split_sentences(source, text, cleaned.body)
    chunks = chunk_sentences(source, text, sentences)
    body = cleaned.body
    if page:
        sentences, chunks, body = _in_markup(page, raw_text, sentences, chunks, body)
    title = (page and page.title) or cleaned.title or _fallback_title(sentences, source)
    meta = article_metadata(text, raw_text if page else None)
    article = Article(
        source=source,
        text=raw_text,
        title=title,
        date=meta.date or cleaned.date,
        publisher=meta.publisher,
        author=meta.author,
        content_hash=content_hash,
        body=body,
    )
    return ParsedArticle(article, sentences, chunks)


def _in_markup(
    page: HtmlText,
    markup: str,
    sentences: list[Sentence],
    chunks: list[Chunk],
    body: list[Span],
) -> tuple[list[Sentence], list[Chunk], list[Span]]:
    """Spans of a page's text moved to the markup that reads as them; a sentence's quote
    becomes those exact characters of the file, its text stays what a reader sees."""
    in_file = []
    for s in sentences:
        start, end = page.file_span(s.start, s.end)
        in_file.append(
            s.model_copy(update={"start": start, "end": end, "quote": markup[start:end]})
        )
    moved_chunks = []
    for c in chunks:
        start, end = page.file_span(c.start, c.end)
        moved_chunks.append(c.model_copy(update={"start": start, "end": end}))
    moved_body = [Span(start=a, end=b) for a, b in (page.file_span(p.start, p.end) for p in body)]
    return in_file, moved_chunks, moved_body


def parse_file(source: str, path: Path, data: bytes, content_hash: str) -> ParsedArticle:
    """Decode (or reject, naming the file) and parse a file's bytes already read."""
    is_html = path.suffix.lower() in HTML_SUFFIXES
    return parse_article(source, read_text(path, data), content_hash, is_html=is_html)


def load_article(corpus_dir: Path, path: Path) -> ParsedArticle:
    data = path.read_bytes()
    return parse_file(source_name(corpus_dir, path), path, data, file_hash(data))
