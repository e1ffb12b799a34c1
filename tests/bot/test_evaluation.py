"""`newsbot eval` must agree with the reference scorer on the same answers."""

import json
import subprocess
import sys

import pytest

from bot.evaluation import corpus_reader, load_gold, score_answers
from tests.conftest import DOCS_CORPUS, shared_file


@pytest.mark.integration
def test_scores_match_the_reference_scorer(seed_bot, tmp_path):
    gold = load_gold(shared_file("eval", "seed_questions.jsonl"))
    answers = [seed_bot.ask(g["question"]).model_dump() for g in gold]
    # Spoil a few answers so that every figure is exercised, not only the perfect case.
    answers[0]["citations"][0]["start"] += 1
    answers[1]["answered"] = False
    answers[-1]["answered"] = True
    path = tmp_path / "answers.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in answers))
    reference = subprocess.run(
        [
            sys.executable,
            str(shared_file("eval", "score.py")),
            str(DOCS_CORPUS),
            str(shared_file("eval", "seed_questions.jsonl")),
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    ours = score_answers(gold, answers, corpus_reader(DOCS_CORPUS))
    assert ours == json.loads(reference)
    assert ours["verbatim"] < 100 and ours["false_refusal"] > 0 and ours["refusal"] < 100
