"""Load test of `newsbot serve`: throughput and latency under concurrent questions.

    python bench/http_load.py [--requests 1000] [--concurrency 16] [--url URL]

Without --url it starts `newsbot serve` over docs_corpus on a free loopback port (temporary
index), waits for /readyz, warms up, then sends --requests POST /v1/ask at --concurrency,
drawn round-robin from 240 distinct questions, so no answer cache could be what is measured.
Prints throughput, latency percentiles and errors. Only loopback addresses are targeted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

import httpx
import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from questions import questions  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(corpus: Path, store: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = dict(os.environ, NEWSBOT_STORE_DIR=str(store), NEWSBOT_CORPUS_DIR=str(corpus))
    env.pop("NEWSBOT_API_TOKEN", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return proc, f"http://127.0.0.1:{port}"


def wait_ready(url: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise SystemExit(f"{url} did not become ready")


class _Connection:
    """A minimal HTTP/1.1 keep-alive client: the load generator shares the server's two
    cores, so it must cost as little CPU as possible (httpx costs more than the server)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post_json(self, path: str, body: bytes) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        self.writer.write(head + body)
        status_line = await self.reader.readline()
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
        await self.reader.readexactly(length)
        return int(status_line.split()[1])

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def load(url: str, qs: list[str], total: int, concurrency: int) -> tuple[list[float], int]:
    parsed = urlparse(url)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or 80
    bodies = [json.dumps({"question": q}).encode() for q in qs]
    latencies: list[float] = []
    errors = 0
    counter = iter(range(total))

    async def worker() -> None:
        nonlocal errors
        conn = _Connection(host, port)
        try:
            for i in counter:
                started = time.perf_counter()
                try:
                    ok = await conn.post_json("/v1/ask", bodies[i % len(bodies)]) == 200
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    conn.close()
                    conn = _Connection(host, port)
                    ok = False
                latencies.append((time.perf_counter() - started) * 1000)
                errors += not ok
        finally:
            conn.close()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server (loopback only); default: start one")
    parser.add_argument("--corpus", type=Path, default=REPO / "docs_corpus")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--warmup", type=int, default=100)
    args = parser.parse_args()
    qs = questions()
    proc = None
    with tempfile.TemporaryDirectory() as store:
        url = args.url
        if url is None:
            proc, url = start_server(args.corpus, Path(store))
        if urlparse(url).hostname not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit("only loopback servers may be load-tested from here")
        try:
            wait_ready(url)
            asyncio.run(load(url, qs, args.warmup, args.concurrency))
            started = time.perf_counter()
            latencies, errors = asyncio.run(load(url, qs, args.requests, args.concurrency))
            elapsed = time.perf_counter() - started
        finally:
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=30)
    p50, p95, p99 = np.percentile(latencies, [50, 95, 99])
    print(
        f"{args.requests} requests, concurrency {args.concurrency}, {len(set(qs))} distinct "
        f"questions: {args.requests / elapsed:.1f} answers/s, latency ms p50 {p50:.1f} "
        f"p95 {p95:.1f} p99 {p99:.1f}, errors {errors}"
    )


if __name__ == "__main__":
    main()
