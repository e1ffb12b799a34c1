"""Warm answer latency of the core `ask` over docs_corpus (what the REPL and a server see).

    python bench/latency.py [--corpus docs_corpus] [--rounds 20]

Loads the model and index once, answers 20 questions `--rounds` times (`--batch N` at a
time, as the HTTP server batches concurrent questions), and prints p50/p95/p99 of the time
per answer and where that time goes (embedding, Chroma query, scoring and assembly).
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

from retrieval.reading.question import validate  # noqa: E402
from retrieval.service import Newsbot  # noqa: E402
from retrieval.settings import Settings  # noqa: E402

QUESTIONS = BASE_QUESTIONS[:20]


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path("docs_corpus"))
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--batch", type=int, default=1, help="questions per model call")
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
            for at in range(0, len(QUESTIONS), args.batch):
                batch = QUESTIONS[at : at + args.batch]
                a = time.perf_counter()
                texts = [validate(q, 2000) for q in batch]
                index = bot.index
                parts = [bot._analyse(index, text, ()) for text in texts]
                questions = [q for p in parts for q in p]
                vectors = bot.query_vectors(questions)
                b = time.perf_counter()
                hits = bot._store_hits(index, vectors)
                c = time.perf_counter()
                found = iter(zip(questions, vectors, hits))
                for text, p in zip(texts, parts):
                    bot._answer(index, text, [next(found) for _ in p], None, a)
                d = time.perf_counter()
                n = len(batch)
                total.append((d - a) * 1000 / n)
                embed.append((b - a) * 1000 / n)
                query.append((c - b) * 1000 / n)
                rest.append((d - c) * 1000 / n)
        how = "one at a time" if args.batch == 1 else f"in batches of {args.batch}, per answer"
        print(f"{len(QUESTIONS) * args.rounds} answers, warm, {how}")
        print(
            f"latency ms: p50 {pct(total, 50):.1f}  p95 {pct(total, 95):.1f}  "
            f"p99 {pct(total, 99):.1f}  mean {statistics.mean(total):.1f}"
        )
        print(
            f"median ms: question embedding {pct(embed, 50):.2f}, Chroma query "
            f"{pct(query, 50):.2f}, scoring + answer assembly {pct(rest, 50):.2f}"
        )


if __name__ == "__main__":
    main()
