"""A live archive under load: questions at concurrency 16 while articles arrive.

Serves a copy of docs_corpus (real model, embedded Chroma, the corpus folder watched) and
measures, first idle and then while ``--articles`` new articles arrive (half written into
the folder, half sent to POST /v1/articles): errors, answer latency p50/p99 in both phases
and their ratio (goal: p99 under arrivals at most 3x the idle p99), and the seconds from an
article saved to the first answer that cites it (p50 and max; goal: at most 10 s).

    python bench/live.py [--articles 200] [--concurrency 16] [--idle-seconds 10] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import uvicorn

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from bot.http import create_app, guarded  # noqa: E402
from retrieval import Newsbot, Settings  # noqa: E402

TOKEN = "live-bench"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
QUESTIONS = [
    "Who addressed the opening ceremony of the 26th symposium?",
    "Which officials attended the Guangdong-Hong Kong meeting?",
    "Who was the Mayor of Beijing who spoke at the 23rd symposium?",
    "What did Wong Chi-kwong say about AI?",
]


def real_sentences() -> list[str]:
    """Sentences of the shipped dev corpora, to fill the synthetic articles."""
    out = []
    for path in sorted(HERE.glob("*_news/*.txt")):
        text = path.read_text(encoding="utf-8")
        for piece in text.split(". "):
            s = piece.strip()
            # Prose only: a scraped page's menus ("About UsAdvertise") would make the
            # synthetic article read as navigation.
            if 40 < len(s) < 300 and "\n" not in s and not re.search(r"[a-z][A-Z]", s):
                out.append(s + ".")
    return out


def article(n: int, filler: list[str]) -> tuple[str, str, str]:
    """Source, text and the question only it answers: a made-up code name."""
    digest = hashlib.sha1(str(n).encode()).digest()
    letters = "".join("bcdfghjklmnpqrstvwxz"[b % 20] + "aeiou"[b // 20 % 5] for b in digest[:4])
    # One word no other article has, far in spelling from every other report's: the
    # question's own name, so only the live index decides whether it is found.
    code = letters.capitalize()
    body = " ".join(random.sample(filler, 6))
    text = f"Field report {n}\n\nThe field report filed as {code} was approved on Monday. {body}\n"
    return f"live/report-{n:04d}.txt", text, f"Which report was filed as {code}?"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--idle-seconds", type=float, default=10.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="newsbot-live-"))
    corpus = work / "corpus"
    shutil.copytree(REPO / "docs_corpus", corpus)
    settings = Settings(
        corpus_dir=corpus,
        store_dir=work / "store",
        api_token=TOKEN,
        watch_debounce_ms=200,
        watch_rescan_seconds=5,
    )

    def build() -> Newsbot:
        bot = Newsbot(settings)
        bot.sync()
        bot.warm()
        return bot

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(guarded(create_app(settings, build)), port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    url = f"http://127.0.0.1:{port}"
    while True:
        try:
            if httpx.get(f"{url}/readyz").status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.2)

    stop = threading.Event()
    latencies: dict[str, list[float]] = {"idle": [], "arriving": []}
    errors: list[str] = []
    phase = ["idle"]

    def load() -> None:
        with httpx.Client(timeout=60) as client:
            while not stop.is_set():
                started = time.perf_counter()
                try:
                    r = client.post(
                        f"{url}/v1/ask", json={"question": random.choice(QUESTIONS)}, headers=AUTH
                    )
                    if r.status_code != 200:
                        errors.append(f"{r.status_code}")
                except httpx.HTTPError as err:
                    errors.append(type(err).__name__)
                latencies[phase[0]].append((time.perf_counter() - started) * 1000)

    clients = [threading.Thread(target=load, daemon=True) for _ in range(args.concurrency)]
    for c in clients:
        c.start()
    time.sleep(args.idle_seconds)
    phase[0] = "arriving"

    filler = real_sentences()
    answerable: list[float] = []

    def arrive(n: int) -> None:
        source, text, question = article(n, filler)
        saved = time.monotonic()
        with httpx.Client(timeout=120) as client:
            if n % 2:  # through the API: answerable once it returns
                r = client.post(
                    f"{url}/v1/articles", json={"source": source, "text": text}, headers=AUTH
                )
                if r.status_code != 201:
                    errors.append(f"articles {r.status_code}")
                    return
            else:  # into the watched folder
                path = corpus / source
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_name(f".{path.name}.tmp")
                tmp.write_text(text, encoding="utf-8")
                tmp.rename(path)
            while time.monotonic() - saved < 120:
                r = client.post(f"{url}/v1/ask", json={"question": question}, headers=AUTH)
                if r.status_code == 200 and any(
                    c["source"] == source for c in r.json()["citations"]
                ):
                    answerable.append(time.monotonic() - saved)
                    return
                time.sleep(0.2)
            errors.append(f"never answerable: {source}")

    with ThreadPoolExecutor(4) as pool:
        for n in range(args.articles):
            pool.submit(arrive, n)
            time.sleep(0.05)
    stop.set()
    for c in clients:
        c.join(60)
    server.should_exit = True

    idle_p99 = percentile(latencies["idle"], 0.99)
    busy_p99 = percentile(latencies["arriving"], 0.99)
    figures = {
        "articles": args.articles,
        "answerable": len(answerable),
        "errors": len(errors),
        "idle_p50_ms": round(percentile(latencies["idle"], 0.5), 1),
        "idle_p99_ms": round(idle_p99, 1),
        "arriving_p50_ms": round(percentile(latencies["arriving"], 0.5), 1),
        "arriving_p99_ms": round(busy_p99, 1),
        "p99_ratio": round(busy_p99 / idle_p99, 2) if idle_p99 else None,
        "saved_to_answer_p50_s": round(statistics.median(answerable), 2) if answerable else None,
        "saved_to_answer_max_s": round(max(answerable), 2) if answerable else None,
    }
    if errors:
        figures["first_errors"] = errors[:5]
    print(
        json.dumps(figures) if args.json else "\n".join(f"{k:>24}  {v}" for k, v in figures.items())
    )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
