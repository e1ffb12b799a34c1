"""Article names from callers never reach outside the corpus folder; writes are whole."""

from __future__ import annotations

import os

import pytest

from retrieval.errors import ArticleError
from retrieval.ingest.article_files import checked_path, page_text, write_article
from retrieval.ingest.corpus import load_article


@pytest.mark.parametrize(
    "source",
    [
        "../outside.txt",
        "a/../../outside.txt",
        "/etc/outside.txt",
        "C:/outside.txt",
        "a\\b.txt",
        ".hidden.txt",
        "a/.git/x.txt",
        "name.exe",
        "name",
        "",
        "a//b.txt",
        "a/./b.txt",
        "x" * 300 + ".txt",
        "new\nline.txt",
        "world\n/a.txt",
    ],
)
def test_unsafe_names_are_refused(tmp_path, source):
    with pytest.raises(ArticleError):
        checked_path(tmp_path, source)


def test_a_folder_that_is_a_link_is_refused(tmp_path):
    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    corpus.mkdir()
    outside.mkdir()
    os.symlink(outside, corpus / "linked")
    with pytest.raises(ArticleError, match="not a folder"):
        checked_path(corpus, "linked/a.txt")
    os.symlink(outside / "b.txt", corpus / "b.txt")
    with pytest.raises(ArticleError, match="link"):
        checked_path(corpus, "b.txt")


def test_a_plain_name_lands_inside(tmp_path):
    path = checked_path(tmp_path, "world/2024 March/harbour-reopens_1.html")
    assert path == tmp_path.resolve() / "world" / "2024 March" / "harbour-reopens_1.html"


def test_a_written_article_is_read_back_with_what_the_caller_stated(tmp_path):
    body = "The harbour reopened on Tuesday after the storms. Repairs cost 4 million euros."
    for source, content in [
        ("a.txt", body),
        ("b.html", f"<html><body><p>{body}</p></body></html>"),
    ]:
        path = checked_path(tmp_path, source)
        text = page_text(source, content, "Harbour reopens", "2024-03-01", "Coast News")
        write_article(path, text)
        article = load_article(tmp_path, path).article
        assert (article.title, article.date, article.publisher) == (
            "Harbour reopens",
            "2024-03-01",
            "Coast News",
        )
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no leftovers
