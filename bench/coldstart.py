"""Cold start: a fresh `newsbot ask` over an existing index, against importing torch.

Machines differ in speed, so the figure is a ratio measured in the same run: the seconds a
fresh `newsbot ask` takes to answer, over the seconds `python -c "import torch,
sentence_transformers"` takes (the goal: at most 0.4). Each is the median of ``--runs``
fresh processes. The index (and the ONNX export beside it) is built first if need be.

    python bench/coldstart.py [--corpus DIR] [--store DIR] [--runs 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
QUESTION = "Who was the Mayor of Beijing who spoke at the 23rd symposium?"


def seconds(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, *args], check=True, capture_output=True, cwd=REPO)
    return time.perf_counter() - started


def cold_parser(doc: str) -> argparse.ArgumentParser:
    """The options every cold-start benchmark takes: the corpus, its index, --json."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "docs_corpus")
    parser.add_argument("--store", type=Path, default=HERE / "out" / "coldstart")
    parser.add_argument("--json", action="store_true")
    return parser


def indexed(args: argparse.Namespace) -> list[str]:
    """The command-line options naming the corpus and its index, once the index (and the
    ONNX export beside it) is built: cold starts are measured over an existing index."""
    where = ["--corpus", str(args.corpus), "--store", str(args.store)]
    seconds("-m", "bot", "ingest", *where)
    return where


def main() -> None:
    parser = cold_parser(__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    where = indexed(args)
    torch_s = statistics.median(
        seconds("-c", "import torch, sentence_transformers") for _ in range(args.runs)
    )
    ask_s = statistics.median(
        seconds("-m", "bot", "ask", QUESTION, *where) for _ in range(args.runs)
    )
    figures = {
        "import_torch_s": round(torch_s, 2),
        "cold_ask_s": round(ask_s, 2),
        "ratio": round(ask_s / torch_s, 2),
        "goal": 0.4,
    }
    print_figures(figures, args.json)


def print_figures(figures: dict[str, float], as_json: bool) -> None:
    """One JSON object, or one aligned ``name  value`` line per figure."""
    if as_json:
        print(json.dumps(figures))
        return
    width = max(map(len, figures))
    for key, value in figures.items():
        print(f"{key:>{width}}  {value}")


if __name__ == "__main__":
    main()
