"""newsbot over MCP as an assistant reaches it: the official SDK's client starts `newsbot mcp`
as a subprocess over stdio, and talks streamable HTTP to `/mcp` of a real server. Real
model, real Chroma."""

import asyncio
import json
import sys
from pathlib import Path

import httpx
import httpx2
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError
from pydantic import SecretStr

from retrieval import Settings
from tests.conftest import DOCS_CORPUS, REPO, make_bot
from tests.servers import running

pytestmark = pytest.mark.integration

MEETING = "Which officials attended the Guangdong-Hong Kong meeting?"
OFF_CORPUS = "Who won the 2022 FIFA World Cup?"
TOKEN = "mcp-test-token"


async def _exercise(client: Client) -> None:
    """What every transport must do: the tools, their answers, refusals, errors, articles."""
    tools = {t.name: t for t in (await client.list_tools()).tools}
    assert set(tools) == {"ask_news", "search_articles"}
    assert "verbatim" in (tools["ask_news"].description or "")
    assert "does not say" in (tools["ask_news"].description or "")
    assert tools["ask_news"].output_schema is not None

    result = await client.call_tool("ask_news", {"question": MEETING, "k": 4})
    assert not result.is_error
    answer = result.structured_content
    assert answer is not None and answer["answered"]
    assert 1 <= len(answer["citations"]) <= 4
    for c in answer["citations"]:
        text = (DOCS_CORPUS / c["source"]).read_text(encoding="utf-8")
        assert text[c["start"] : c["end"]] == c["quote"]
    assert "Sources" in result.content[0].text and "[1]" in result.content[0].text

    refused = await client.call_tool("ask_news", {"question": OFF_CORPUS})
    assert not refused.is_error
    assert refused.structured_content is not None
    assert refused.structured_content["answered"] is False
    assert refused.structured_content["refusal"]["code"]

    for bad in ({"question": MEETING, "k": 0}, {"question": "   "}, {"k": 2}):
        failed = await client.call_tool("ask_news", bad)
        assert failed.is_error, bad
    empty = await client.call_tool("ask_news", {"question": "   "})
    assert "empty" in empty.content[0].text

    found = await client.call_tool(
        "search_articles", {"query": "cooperation", "limit": 3, "since": "2023-04-01"}
    )
    assert not found.is_error and found.structured_content is not None
    assert [r["date"] for r in found.structured_content["results"]] == ["2023-04-13"]
    bad_day = await client.call_tool("search_articles", {"query": "x", "since": "2023-13-01"})
    assert bad_day.is_error and "2024-03-01" in bad_day.content[0].text

    source = answer["citations"][0]["source"]
    read = await client.read_resource(f"article://{source}")
    article = json.loads(read.contents[0].text)
    assert article["source"] == source
    assert article["text"] == (DOCS_CORPUS / source).read_text(encoding="utf-8")
    first = answer["citations"][0]
    assert article["text"][first["start"] : first["end"]] == first["quote"]
    with pytest.raises(MCPError, match="no article"):
        await client.read_resource("article://world/nope.txt")
    with pytest.raises(MCPError):
        await client.read_resource("article://../etc/passwd.txt")


def test_newsbot_mcp_over_stdio(tmp_path: Path):
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "bot", "mcp", "--corpus", str(DOCS_CORPUS), "--store", str(tmp_path / "s")],
        cwd=str(REPO),
    )

    async def run() -> None:
        async with Client(params, read_timeout_seconds=300) as client:
            await _exercise(client)

    asyncio.run(run())


def test_mcp_over_http_needs_the_bearer_token(tmp_path: Path, minilm):
    settings = Settings(
        corpus_dir=DOCS_CORPUS, store_dir=tmp_path / "s", api_token=SecretStr(TOKEN)
    )
    with running(settings, lambda: make_bot(DOCS_CORPUS, tmp_path / "s", minilm)) as url:
        ping = {"jsonrpc": "2.0", "id": 1, "method": "ping"}
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
            refused = httpx.post(f"{url}/mcp", json=ping, headers=headers)
            assert refused.status_code == 401
            assert refused.json()["error"]["code"] == "unauthorized"

        async def run() -> None:
            headers = {"Authorization": f"Bearer {TOKEN}"}
            http = httpx2.AsyncClient(headers=headers, timeout=300)
            async with http, Client(streamable_http_client(f"{url}/mcp", http_client=http)) as c:
                await _exercise(c)

        asyncio.run(run())
