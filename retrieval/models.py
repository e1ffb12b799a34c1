"""Data shapes shared by ingest, search and the front ends.

Every span (``start``, ``end``) indexes the article's raw text exactly as
``open(path, encoding="utf-8").read()`` returns it, so a reader can check any quote.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Span(BaseModel):
    """A half-open character range ``[start, end)`` of an article's raw text."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Article(BaseModel):
    """One corpus file after loading and cleaning; ``text`` is the file's text, untouched."""

    source: str = Field(description="Path relative to the corpus folder, '/'-separated.")
    text: str
    title: str
    date: str | None = None
    publisher: str | None = Field(default=None, description="Outlet, as the page states it.")
    author: str | None = None
    content_hash: str
    body: list[Span] = Field(description="Paragraph spans that hold article prose, in order.")


class Sentence(BaseModel):
    """A quotable sentence of an article's body."""

    model_config = ConfigDict(frozen=True)

    source: str
    start: int
    end: int
    text: str = Field(description="The sentence as a reader sees it; what is scored.")
    quote: str = Field(
        description="The file's characters at [start, end): the text itself for plain text, "
        "the markup that reads as it for HTML (entities, inline tags)."
    )
    paragraph: int = Field(description="Index of the body paragraph holding the sentence.")


class Chunk(BaseModel):
    """Consecutive sentences of one article, the unit of dense and keyword retrieval."""

    model_config = ConfigDict(frozen=True)

    chunk_id: str
    source: str
    start: int
    end: int
    text: str
    first_sentence: int = Field(description="Index of its first sentence in the article.")
    last_sentence: int


class ArticleRecord(BaseModel):
    """One article of the index as a listing shows it."""

    source: str
    title: str
    date: str | None
    publisher: str | None
    author: str | None
    sentences: int = Field(description="Quotable sentences taken from it.")


class ArticleText(ArticleRecord):
    """An article of the index with its whole text, as ``open(path, encoding="utf-8")``
    reads it: every citation's ``start``/``end`` index this text."""

    text: str


class Citation(BaseModel):
    """A verbatim quote and where to find it: ``file_text[start:end] == quote`` always."""

    id: int
    source: str
    title: str
    date: str | None
    publisher: str | None = None
    author: str | None = None
    quote: str = Field(description="Exactly the source file's characters at [start, end).")
    text: str = Field(
        description="The quote as a reader sees it: the same as quote, except that in an HTML "
        "file entities are decoded and inline tags dropped."
    )
    start: int
    end: int
    score: float


class RefusalInfo(BaseModel):
    """Why a question was not answered: the refusal check's code and its sentence."""

    code: str
    message: str


class Answer(BaseModel):
    """What every front end renders: answer text with ``[n]`` markers and its citations."""

    question: str
    answered: bool
    answer: str
    citations: list[Citation]
    refusal: RefusalInfo | None = None
    took_ms: float
