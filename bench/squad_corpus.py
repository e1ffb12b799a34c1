"""Turn the SQuAD 2.0 sample (shared/eval/squad2) into a corpus folder and a gold file.

Each distinct paragraph becomes one article file; each question becomes a gold line in the
format of shared/eval/seed_questions.jsonl: the paragraph's file as the doc, the SQuAD
answers as the alternatives of one must_include group, unanswerable ones marked as such.

    python bench/squad_corpus.py SQUAD_DIR OUT_DIR   ->  OUT_DIR/corpus/, OUT_DIR/gold.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path


def build(squad_dir: Path, out_dir: Path) -> tuple[Path, Path]:
    queries = json.loads((squad_dir / "queries.json").read_text(encoding="utf-8"))["queries"]
    truth = json.loads((squad_dir / "ground_truth.json").read_text(encoding="utf-8"))
    corpus = out_dir / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    files: dict[str, str] = {}
    gold_lines = []
    for q in queries:
        context = q["context"]
        if context not in files:
            digest = hashlib.sha1(context.encode()).hexdigest()[:12]
            files[context] = f"{len(files):03d}_{digest}.txt"
            (corpus / files[context]).write_text(context + "\n", encoding="utf-8")
        t = truth[q["id"]]
        answerable = not t["is_impossible"]
        answers = list(dict.fromkeys(a for a in t["answers"] if a.strip()))
        gold_lines.append(
            {
                "id": q["id"],
                "question": q["question"],
                "answerable": answerable,
                "docs": [files[context]] if answerable else [],
                "must_include": [answers] if answerable and answers else [],
            }
        )
    gold = out_dir / "gold.jsonl"
    gold.write_text("".join(json.dumps(g) + "\n" for g in gold_lines), encoding="utf-8")
    return corpus, gold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("squad_dir", type=Path)
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args()
    corpus, gold = build(args.squad_dir, args.out_dir)
    print(f"{len(list(corpus.iterdir()))} articles in {corpus}; questions in {gold}")


if __name__ == "__main__":
    main()
