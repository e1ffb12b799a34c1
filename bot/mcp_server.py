"""newsbot as a Model Context Protocol server (official ``mcp`` SDK): tools ``ask_news`` and
``search_articles``, resource ``article://{+source}``.

A thin front end like the others: each tool calls the core and renders what it returns.
``newsbot mcp`` serves it over stdio; ``newsbot serve`` mounts its streamable-HTTP transport
at ``/mcp`` behind the bearer token (``bot.http.app``). The bot comes from ``bot_provider``,
which may block while the index loads: the server answers ``initialize`` at once and a
first tool call waits for the bot instead.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import Annotated

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ToolError
from mcp_types import CallToolResult, TextContent, ToolAnnotations
from pydantic import BaseModel, Field

from bot.render import answer_as_text, publisher_and_date
from prompts import prompt
from retrieval import Citation, Newsbot, NewsbotError, RefusalInfo, Settings

log = logging.getLogger(__name__)

ARTICLE_URI = "article://{+source}"  # "+": a source holds '/' ("business/087.txt")
MAX_K = 20  # most citations one ask_news call may ask for
READ_ONLY = ToolAnnotations(readOnlyHint=True, openWorldHint=False)


class NewsAnswer(BaseModel):
    """ask_news's structured result: the core's answer without its timing."""

    question: str
    answered: bool = Field(description="False: the archive does not say.")
    answer: str = Field(description="The answer text, with [n] markers for its citations.")
    citations: list[Citation]
    refusal: RefusalInfo | None = None


class SearchResults(BaseModel):
    """search_articles's structured result."""

    results: list[Citation]


class BotLoader:
    """Loads the bot on a background thread, so the MCP server starts answering the protocol
    at once; ``get`` waits for it and raises what stopped it from loading."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._bot: Newsbot | None = None
        self._error: NewsbotError | None = None
        self._done = threading.Event()

    def start(self) -> BotLoader:
        threading.Thread(target=self._load, name="newsbot-mcp-load", daemon=True).start()
        return self

    def _load(self) -> None:
        try:
            bot = Newsbot(self._settings)
            bot.sync()
            bot.warm()
            self._bot = bot
        except NewsbotError as err:
            self._error = err
        except Exception:
            log.exception("the bot could not start")
            self._error = NewsbotError("The bot could not start: internal error while loading.")
        finally:
            self._done.set()

    def get(self) -> Newsbot:
        self._done.wait()
        if self._bot is None:
            raise self._error or NewsbotError("The bot could not start.")
        return self._bot


def create_mcp_server(bot_provider: Callable[[], Newsbot]) -> MCPServer:
    """The MCP server over the bot ``bot_provider`` returns (called from worker threads)."""
    server = MCPServer("newsbot", instructions=prompt("mcp_instructions"), version="1")

    @server.tool(description=prompt("mcp_ask_news"), annotations=READ_ONLY)
    def ask_news(
        question: Annotated[str, Field(description="The question, in plain words.")],
        k: Annotated[int | None, Field(ge=1, le=MAX_K, description="Most citations.")] = None,
    ) -> Annotated[CallToolResult, NewsAnswer]:
        try:
            answer = bot_provider().ask(question, k=k)
        except NewsbotError as err:
            raise ToolError(str(err)) from None
        result = NewsAnswer.model_validate(answer.model_dump(exclude={"took_ms"}))
        return CallToolResult(
            content=[TextContent(type="text", text=answer_as_text(answer, show_quotes=True))],
            structured_content=result.model_dump(mode="json"),
        )

    @server.tool(description=prompt("mcp_search_articles"), annotations=READ_ONLY)
    def search_articles(
        query: Annotated[str, Field(description="What to look for, in plain words.")],
        limit: Annotated[int, Field(ge=1, description="Most articles (at most 50).")] = 10,
        since: Annotated[str | None, Field(description="Earliest day, e.g. 2024-03-01.")] = None,
        until: Annotated[str | None, Field(description="Latest day, e.g. 2024-03-31.")] = None,
    ) -> Annotated[CallToolResult, SearchResults]:
        try:
            found = bot_provider().search(query, limit, since, until)
        except NewsbotError as err:
            raise ToolError(str(err)) from None
        lines = [
            f"[{c.id}] {c.source} — {c.title}"
            + (f" ({publisher_and_date(c)})" if publisher_and_date(c) else "")
            + f", characters {c.start}–{c.end}:\n    “{c.text}”"
            for c in found
        ]
        return CallToolResult(
            content=[TextContent(type="text", text="\n".join(lines) or "No article matches.")],
            structured_content=SearchResults(results=found).model_dump(mode="json"),
        )

    @server.resource(
        ARTICLE_URI,
        name="article",
        description=prompt("mcp_article"),
        mime_type="application/json",
    )
    def article(source: str) -> str:
        try:
            found = bot_provider().article(source)
        except NewsbotError as err:
            raise ResourceError(str(err)) from None
        return json.dumps(found.model_dump(mode="json"), ensure_ascii=False)

    return server


def run_stdio(settings: Settings) -> None:
    """Serve MCP on stdin/stdout until the client closes it; the bot loads meanwhile."""
    loader = BotLoader(settings).start()
    create_mcp_server(loader.get).run("stdio")
