import io

import pytest
from rich.console import Console

from bot.repl import run_repl
from retrieval.errors import QuestionError
from retrieval.models import Answer, Citation


def scripted(lines):
    it = iter(lines)

    def read(prompt):
        try:
            return next(it)
        except StopIteration:
            raise EOFError from None

    return read


def fake_answer(question):
    c = Citation(
        id=1,
        source="a.txt",
        title="T",
        date=None,
        quote="The full quote.",
        text="The full quote.",
        start=0,
        end=15,
        score=1.0,
    )
    return Answer(
        question=question, answered=True, answer="The full quote. [1]", citations=[c], took_ms=1.0
    )


def test_repl_passes_history_and_shows_sources():
    calls = []

    def ask(q, history):
        calls.append((q, tuple(history)))
        if not q.strip("?"):
            raise QuestionError("The question is empty.")
        return fake_answer(q)

    out = io.StringIO()
    code = run_repl(
        ask,
        Console(file=out, width=100),
        scripted(
            [
                "first question?",
                "and the second?",
                ":sources",
                ":history",
                ":bogus",
                ":quit",
                "never",
            ]
        ),
    )
    text = out.getvalue()
    assert code == 0
    assert calls == [("first question?", ()), ("and the second?", ("first question?",))]
    assert "“The full quote.”" in text  # :sources shows quotes in full
    assert "1. first question?" in text and "Unknown command" in text


def test_repl_reports_errors_and_goes_on():
    def ask(q, history):
        raise QuestionError("The question is 100,000 characters long; the limit is 2,000.")

    out = io.StringIO()
    assert run_repl(ask, Console(file=out), scripted(["x" * 100_000, ":q"])) == 0
    assert "limit is 2,000" in out.getvalue()


@pytest.mark.integration
def test_repl_follow_up_with_the_real_bot(seed_bot):
    out = io.StringIO()
    run_repl(
        seed_bot.ask,
        Console(file=out, width=200),
        scripted(
            [
                "Which officials attended the Guangdong-Hong Kong meeting?",
                "and who were the conveners?",
            ]
        ),
    )
    assert out.getvalue().count("Qu Xiaojie") >= 2
