"""Warm answer latency of the core `ask` over docs_corpus (what the REPL and a server see).

    python bench/latency.py [--corpus docs_corpus] [--rounds 20]

Loads the model and index once, answers every question of the seed set plus reworded and
follow-up variants `--rounds` times, and prints p50/p95/p99 of the time per answer and where
that time goes (embedding, Chroma query, scoring and assembly).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from questions import BASE_QUESTIONS  # noqa: E402

from retrieval.question import analyse, validate  # noqa: E402
from retrieval.service import Newsbot  # noqa: E402
from retrieval.settings import Settings  # noqa: E402

QUESTIONS = BASE_QUESTIONS[:20]


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path("docs_corpus"))
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as store:
        t0 = time.perf_counter()
        bot = Newsbot(Settings(corpus_dir=args.corpus, store_dir=Path(store)))
        t1 = time.perf_counter()
        bot.sync()
        t2 = time.perf_counter()
        print(f"model load {t1 - t0:.2f} s, first ingest {t2 - t1:.2f} s")
        for q in QUESTIONS:  # warm-up
            bot.ask(q)
        total, embed, query, rest = [], [], [], []
        for _ in range(args.rounds):
            for q in QUESTIONS:
                a = time.perf_counter()
                text = validate(q, 2000)
                question = analyse(text)
                vector = bot.query_vectors([question])[0]
                b = time.perf_counter()
                hits = bot.store.query_chunks(vector[None, :], bot.tuning.weights.chunk_pool)[0]
                c = time.perf_counter()
                bot._answer(question, vector, hits, None, a)
                d = time.perf_counter()
                total.append((d - a) * 1000)
                embed.append((b - a) * 1000)
                query.append((c - b) * 1000)
                rest.append((d - c) * 1000)
        print(f"{len(total)} answers, warm, one at a time")
        print(
            f"latency ms: p50 {pct(total, 50):.1f}  p95 {pct(total, 95):.1f}  "
            f"p99 {pct(total, 99):.1f}  mean {statistics.mean(total):.1f}"
        )
        print(
            f"median ms: question embedding {pct(embed, 50):.1f}, Chroma query "
            f"{pct(query, 50):.1f}, scoring + answer assembly {pct(rest, 50):.1f}"
        )


if __name__ == "__main__":
    main()
