"""Articles written into the corpus folder (by the HTTP API) and removed from it.

A source name comes from a caller, so it is checked before any file is touched: relative,
'/'-separated, each part a plain name (letters, digits, ``._-`` and spaces), no part hidden
or ``..``, an article suffix, and no folder on the way that is a symbolic link. A file is
written whole to a temporary name beside it and renamed into place, so ingest never reads
half an article. What the caller states about the article (title, date, outlet, address)
is written the way a page states it, so the one ingest reads it as it reads any file.
"""

from __future__ import annotations

import html
import os
import re
import tempfile
from pathlib import Path

from retrieval.errors import ArticleError
from retrieval.ingest.corpus import HTML_SUFFIXES, SUFFIXES

MAX_SOURCE_CHARS = 200  # a path longer than this is no article name a person chose
_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._ -]{0,99}$")


def checked_path(corpus_dir: Path, source: str) -> Path:
    """Where ``source`` lives in ``corpus_dir``, or an ``ArticleError`` saying what is wrong
    with the name. Never a path outside the folder."""
    if not source or len(source) > MAX_SOURCE_CHARS:
        raise ArticleError(f"An article name has 1 to {MAX_SOURCE_CHARS} characters.")
    if "\\" in source or source.startswith("/") or re.match(r"^[A-Za-z]:", source):
        raise ArticleError("An article name is a relative path with '/' between its folders.")
    parts = source.split("/")
    for part in parts:
        if part in ("", ".", "..") or not _PART.fullmatch(part) or part.endswith((" ", ".")):
            raise ArticleError(
                f"{part!r} is not a plain name: use letters, digits, '.', '_', '-' and spaces, "
                "starting with a letter or digit."
            )
    if Path(parts[-1]).suffix.lower() not in SUFFIXES:
        raise ArticleError(f"An article name ends in one of {', '.join(sorted(SUFFIXES))}.")
    root = corpus_dir.resolve()
    here = root
    for part in parts[:-1]:
        here = here / part
        if here.is_symlink() or (here.exists() and not here.is_dir()):
            raise ArticleError(f"{source!r} goes through {part!r}, which is not a folder.")
    path = root.joinpath(*parts)
    if path.is_symlink() or not path.resolve().is_relative_to(root):
        raise ArticleError(f"{source!r} is a link; articles are written as plain files.")
    return path


def page_text(
    source: str,
    body: str,
    title: str | None = None,
    date: str | None = None,
    publisher: str | None = None,
    url: str | None = None,
) -> str:
    """The file's text: ``body`` with what the caller states written as pages state it. In
    HTML, a title, ``<meta>`` tags and a canonical link before the page; in text, a "Title:"
    line and an "Outlet, 2023-10-06" line above the story (or the date alone)."""
    if Path(source).suffix.lower() in HTML_SUFFIXES:
        head = []
        if title:
            head.append(f"<title>{html.escape(title)}</title>")
        if publisher:
            head.append(f'<meta property="og:site_name" content="{html.escape(publisher)}">')
        if date:
            head.append(f'<meta property="article:published_time" content="{html.escape(date)}">')
        if url:
            head.append(f'<link rel="canonical" href="{html.escape(url)}">')
        return "\n".join([*head, body]) if head else body
    lines = [f"Title: {title.strip()}"] if title else []
    stated = ", ".join(x.strip() for x in (publisher, date) if x)
    if stated and (date or not publisher):
        lines.append(stated)
    if url:
        lines.append(url.strip())
    return "\n\n".join([*lines, body.strip()]) + "\n"


def write_article(path: Path, text: str | bytes) -> None:
    """``text`` as the file at ``path``, whole or not at all (written beside it, renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-", suffix=".tmp")
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def delete_article(path: Path) -> bool:
    """Remove the article at ``path``; False when there was none."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True
