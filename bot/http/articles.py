"""The article endpoints: add, replace, remove and list the corpus's articles over HTTP.

They always need the bearer token, even on loopback: they write to the corpus folder. An
article is stored whole in the folder (the core checks its name, so nothing lands outside
it) and ingested before the answer returns, so its record means questions can cite it.
Ingest is slow work: it runs on a thread, never on the event loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Annotated

from fastapi import FastAPI, Query, Response
from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.http import auth
from bot.http.errors import BadBody
from bot.http.schemas import ERROR_RESPONSES
from retrieval import ARTICLE_SUFFIXES, HTML_SUFFIXES, ArticleRecord, Newsbot, Settings

ARTICLES_PATH = "/v1/articles"
MAX_PAGE = 500  # articles one listing returns at most


class ArticleBody(BaseModel):
    """An article to store: its name in the corpus folder and its text or HTML."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(description="Path in the corpus folder, '/'-separated: 'world/a.html'.")
    text: str | None = Field(None, description="The article as plain text (or Markdown).")
    html: str | None = Field(None, description="The article as an HTML page.")
    title: str | None = Field(None, max_length=500)
    date: str | None = Field(None, max_length=40, description="ISO, e.g. 2024-03-01.")
    publisher: str | None = Field(None, max_length=200)
    url: str | None = Field(None, max_length=2000)

    @model_validator(mode="after")
    def _one_body(self) -> ArticleBody:
        if (self.text is None) == (self.html is None):
            raise ValueError("send the article as either `text` or `html`")
        suffix = PurePosixPath(self.source).suffix.lower()
        if suffix in ARTICLE_SUFFIXES and (self.html is not None) != (suffix in HTML_SUFFIXES):
            raise ValueError("`html` goes in a .html/.htm file, `text` in a .txt/.md one")
        return self


class ArticlePage(BaseModel):
    articles: list[ArticleRecord]
    total: int
    offset: int
    limit: int


def add_article_routes(app: FastAPI, settings: Settings, bot: Callable[[], Newsbot]) -> None:
    """Mount the article endpoints; ``bot`` is the warm bot (NotReady until it is)."""
    guard = auth.bearer_always(settings)
    responses = ERROR_RESPONSES | {
        404: ERROR_RESPONSES[422] | {"description": "No such article"},
        413: ERROR_RESPONSES[413]
        | {"description": f"Body over {settings.max_article_bytes // 1024} KiB"},
    }

    @app.post(
        ARTICLES_PATH,
        response_model=ArticleRecord,
        status_code=201,
        responses=responses,
        dependencies=guard,
        tags=["articles"],
    )
    async def add_article(body: ArticleBody) -> ArticleRecord:
        """Store an article (or replace the one of that name) and ingest it; answers once
        questions can cite it. Always needs the bearer token."""
        content = body.html if body.html is not None else body.text
        if content is None:  # the validator guarantees one; kept for the type checker
            raise BadBody("send the article as either `text` or `html`")
        return await asyncio.to_thread(
            bot().add_article,
            body.source,
            content,
            title=body.title,
            date=body.date,
            publisher=body.publisher,
            url=body.url,
        )

    @app.delete(
        ARTICLES_PATH + "/{source:path}",
        status_code=204,
        responses=responses,
        dependencies=guard,
        tags=["articles"],
    )
    async def remove_article(source: str) -> Response:
        """Delete an article from the corpus folder and the index."""
        await asyncio.to_thread(bot().remove_article, source)
        return Response(status_code=204)

    @app.get(
        ARTICLES_PATH,
        response_model=ArticlePage,
        responses=responses,
        dependencies=guard,
        tags=["articles"],
    )
    async def list_articles(
        offset: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    ) -> ArticlePage:
        """The index's articles by source name, a page at a time: source, title, date,
        publisher and how many sentences each has."""
        records, total = bot().articles(offset, limit)
        return ArticlePage(articles=records, total=total, offset=offset, limit=limit)
