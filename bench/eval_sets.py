"""Score newsbot on every question set that ships with it, one line each.

    python bench/eval_sets.py [--out bench/out/sets]

Sets: the public seed questions (../shared/eval, when present); over docs_corpus,
bench/news_questions.jsonl and bench/docs_questions_blind.jsonl (written by authors who saw
only the articles, never the code); bench/web_pages (HTML, Markdown and scraped text with
site chrome, lists, Windows line endings); bench/regional_news, bench/world_news and
bench/trade_news (scraped news pages like docs_corpus, each with confusable pairs: the 4th
and 6th of a conference, two banks' results). The last five were written blind.
Each is answered by the core `ask` (what `newsbot ask --json -` calls) and scored with
`newsbot eval`'s figures. For SQuAD, run bench/squad_eval.py.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from retrieval.evaluation import corpus_reader, load_gold, score_answers  # noqa: E402
from retrieval.service import Newsbot  # noqa: E402
from retrieval.settings import Settings  # noqa: E402

SETS = {
    "seed": (REPO / "docs_corpus", REPO.parent / "shared/eval/seed_questions.jsonl"),
    "news": (REPO / "docs_corpus", HERE / "news_questions.jsonl"),
    "docs_blind": (REPO / "docs_corpus", HERE / "docs_questions_blind.jsonl"),
    "web_pages": (HERE / "web_pages", HERE / "web_pages_questions.jsonl"),
    "regional_news": (HERE / "regional_news", HERE / "regional_news_questions.jsonl"),
    "world_news": (HERE / "world_news", HERE / "world_news_questions.jsonl"),
    "trade_news": (HERE / "trade_news", HERE / "trade_news_questions.jsonl"),
}
FIGURES = ["doc_recall@1", "facts", "read_chars_p50", "refusal", "false_refusal", "verbatim"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=HERE / "out" / "sets")
    args = parser.parse_args()
    print(f"{'set':14s} {'questions':>9s} " + " ".join(f"{f:>14s}" for f in FIGURES))
    bots: dict[Path, Newsbot] = {}
    for name, (corpus, gold_path) in SETS.items():
        if not gold_path.is_file():
            print(f"{name:14s} (no {gold_path})")
            continue
        if corpus not in bots:
            store = args.out / corpus.name / "store"
            bots[corpus] = Newsbot(Settings(corpus_dir=corpus, store_dir=store))
            bots[corpus].sync()
        gold = load_gold(gold_path)
        answers = [bots[corpus].ask(g["question"]).model_dump() for g in gold]
        figures = score_answers(gold, answers, corpus_reader(corpus))
        (args.out / f"{name}.answers.jsonl").write_text(
            "".join(json.dumps(a) + "\n" for a in answers), encoding="utf-8"
        )
        row = " ".join(f"{figures[f]!s:>14s}" for f in FIGURES)
        print(f"{name:14s} {len(gold):>9d} {row}", flush=True)


if __name__ == "__main__":
    main()
