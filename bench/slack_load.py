"""Slack under load: ack latency of signed mentions and time until the answer is posted.

    python bench/slack_load.py [--mentions 200] [--concurrency 8]

Starts a local fake Slack Web API and `newsbot serve` (Events API mounted at /slack/events,
Web API pointed at the fake) over docs_corpus, then sends --mentions signed app_mention
events and prints ack latency p50/p99 (Slack wants an ack within 3 s) and the time from
sending a mention to its answer being posted with chat.postMessage. Loopback only.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from http_load import wait_ready  # noqa: E402
from questions import questions  # noqa: E402

from bot.slack.app import APOLOGY  # noqa: E402
from tests.fake_slack import BOT_USER, FakeSlack, event_body, signed_headers  # noqa: E402
from tests.servers import free_port  # noqa: E402

SECRET = "bench-signing-secret"
WARM_UP = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mentions", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    slack = FakeSlack()
    qs = questions()
    with tempfile.TemporaryDirectory() as store:
        port = free_port()
        env = dict(
            os.environ,
            NEWSBOT_STORE_DIR=store,
            NEWSBOT_CORPUS_DIR=str(REPO / "docs_corpus"),
            SLACK_BOT_TOKEN="xoxb-bench",
            SLACK_SIGNING_SECRET=SECRET,
            NEWSBOT_SLACK_API_URL=slack.url,
        )
        server = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        sent: dict[str, float] = {}
        try:
            wait_ready(url)
            client = httpx.Client(timeout=10)

            def mention(i: int) -> tuple[float, int]:
                ts = f"1800000000.{i:06d}"
                event = {
                    "type": "app_mention",
                    "user": "U1",
                    "channel": "CBENCH",
                    "ts": ts,
                    "event_ts": ts,
                    "text": f"<@{BOT_USER}> {qs[i % len(qs)]}",
                }
                body = event_body(event, f"EvBench{i}")
                headers = signed_headers(SECRET, body, "application/json")
                started = time.perf_counter()
                sent[ts] = started
                r = client.post(f"{url}/slack/events", content=body, headers=headers)
                return (time.perf_counter() - started) * 1000, r.status_code

            warm = range(args.mentions, args.mentions + WARM_UP)
            with ThreadPoolExecutor(args.concurrency) as pool:
                list(pool.map(mention, warm))  # first requests pay for lazy set-up
                time.sleep(2)
                results = list(pool.map(mention, range(args.mentions)))
            posted: dict[str, float] = {}
            apologies: set[str] = set()
            deadline = time.monotonic() + 120
            while len(posted) + len(apologies) < args.mentions and time.monotonic() < deadline:
                for p in slack.posts():
                    ts = p.get("thread_ts")
                    measured = ts in sent and ts < f"1800000000.{args.mentions:06d}"
                    if not measured or ts in posted or ts in apologies:
                        continue
                    if p.get("text") == APOLOGY:  # turned away: not an answer
                        apologies.add(ts)
                    else:
                        posted[ts] = time.perf_counter()
                time.sleep(0.01)
        finally:
            server.terminate()
            server.wait(timeout=30)
            slack.close()
    acks = [ms for ms, _ in results]
    errors = sum(status != 200 for _, status in results)
    answer_ms = [(posted[ts] - sent[ts]) * 1000 for ts in posted]
    assert len(results) == args.mentions
    a50, a99 = np.percentile(acks, [50, 99])
    print(
        f"{args.mentions} signed mentions at concurrency {args.concurrency}: ack ms p50 {a50:.1f} "
        f"p99 {a99:.1f}, non-200 acks {errors}; answers posted {len(posted)}/{args.mentions} "
        f"(apologies {len(apologies)}), "
        f"time to posted answer ms p50 {np.percentile(answer_ms, 50):.0f} "
        f"p95 {np.percentile(answer_ms, 95):.0f}"
    )


if __name__ == "__main__":
    main()
