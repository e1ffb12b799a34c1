"""MCP latency: `newsbot mcp` started by the official SDK's client over stdio, as an assistant
starts it, over an existing index.

Prints the seconds from spawning the process to the protocol handshake and to the first
answer of ``ask_news``, then the per-call latency (p50/p95 ms) of ``ask_news`` and
``search_articles`` over ``--calls`` questions. As in bench/coldstart.py, the cold figures
are also given as a ratio to ``import torch, sentence_transformers`` measured in the same
run, since machines differ in speed.

    python bench/mcp_latency.py [--corpus DIR] [--store DIR] [--calls 40] [--json]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

from mcp import Client
from mcp.client.stdio import StdioServerParameters

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from coldstart import cold_parser, indexed, print_figures, seconds  # noqa: E402
from questions import questions  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def measure(where: list[str], calls: int) -> dict[str, float]:
    params = StdioServerParameters(command=sys.executable, args=["-m", "bot", "mcp", *where])
    asked = questions()[:calls]
    started = time.perf_counter()
    async with Client(params, read_timeout_seconds=600) as client:
        handshake = time.perf_counter() - started
        first = await client.call_tool("ask_news", {"question": asked[0]})
        assert not first.is_error, first.content
        first_answer = time.perf_counter() - started
        ask_ms, search_ms = [], []
        for q in asked:
            t = time.perf_counter()
            await client.call_tool("ask_news", {"question": q})
            ask_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            await client.call_tool("search_articles", {"query": q, "limit": 5})
            search_ms.append((time.perf_counter() - t) * 1000)
    return {
        "handshake_s": round(handshake, 2),
        "first_answer_s": round(first_answer, 2),
        "ask_p50_ms": round(statistics.median(ask_ms), 1),
        "ask_p95_ms": round(percentile(ask_ms, 0.95), 1),
        "search_p50_ms": round(statistics.median(search_ms), 1),
        "search_p95_ms": round(percentile(search_ms, 0.95), 1),
    }


def main() -> None:
    parser = cold_parser(__doc__)
    parser.add_argument("--calls", type=int, default=40)
    args = parser.parse_args()
    where = indexed(args)
    torch_s = seconds("-c", "import torch, sentence_transformers")
    figures = asyncio.run(measure(where, args.calls))
    figures["import_torch_s"] = round(torch_s, 2)
    figures["first_answer_ratio"] = round(figures["first_answer_s"] / torch_s, 2)
    print_figures(figures, args.json)


if __name__ == "__main__":
    main()
