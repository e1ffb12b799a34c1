"""Score newsbot on the SQuAD 2.0 sample: build the corpus, answer, print the figures.

    python bench/squad_eval.py [--squad ../shared/eval/squad2] [--out bench/out/squad]

Prints `newsbot eval`'s figures and, when shared/eval/score.py is at hand, the reference
scorer's figures on the same answers (they must agree).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from squad_corpus import build  # noqa: E402

from bot.cli import main as newsbot  # noqa: E402


def run() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--squad", type=Path, default=HERE.parent.parent / "shared/eval/squad2")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "squad")
    args = parser.parse_args()
    corpus, gold = build(args.squad, args.out)
    answers = args.out / "answers.jsonl"
    store = args.out / "store"
    print("newsbot eval:", flush=True)
    code = newsbot(
        [
            "eval",
            str(gold),
            "--corpus",
            str(corpus),
            "--store",
            str(store),
            "--answers",
            str(answers),
        ]
    )
    scorer = args.squad.parent / "score.py"
    if code == 0 and scorer.is_file():
        print("reference score.py:")
        ref = subprocess.run(
            [sys.executable, str(scorer), str(corpus), str(gold), str(answers)],
            capture_output=True,
            text=True,
        )
        print(json.dumps(json.loads(ref.stdout), indent=1))
    return code


if __name__ == "__main__":
    raise SystemExit(run())
