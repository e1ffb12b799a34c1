"""Questions that cite outlets and days, answered article by article, with the real model
and real Chroma over a small archive of dated articles from two outlets."""

from pathlib import Path

import pytest

from retrieval.answering.refusal import DEFAULT_POLICY
from retrieval.service import Tuning
from tests.conftest import assert_quotes_verbatim, make_bot

pytestmark = pytest.mark.integration

ARTICLES = {
    "planet_rocket.txt": (
        "Orbital startup loses launch contract\n"
        "The Daily Planet | Business, 2023-10-05\n\n"
        "Skyward Dynamics lost its government launch contract on Wednesday after two failed "
        "test flights. The company said it would cut 200 jobs at its Nevada plant. Founder "
        "Mara Quell told investors the rocket would fly again next spring.\n"
    ),
    "planet_bakery.txt": (
        "City bakery wins national prize\n"
        "The Daily Planet | Metro, 2023-11-20\n\n"
        "Crumb and Co, a bakery on Fifth Street, won the national sourdough prize. Its owner "
        "said the recipe came from her grandmother. The prize carries a cash award of 5,000 "
        "dollars.\n"
    ),
    "gazette_rocket.txt": (
        "Rocket maker to rehire staff\n"
        "Gotham Gazette, 2023-10-09\n\n"
        "Skyward Dynamics will rehire 150 of the workers it laid off, the company announced. "
        "The rehiring follows a new commercial contract with a satellite operator. Analysts "
        "said the deal would keep the Nevada plant open.\n"
    ),
    "gazette_transit.html": (
        '<html><head><meta property="og:site_name" content="Gotham Gazette">'
        '<meta name="author" content="Ina Park">'
        '<meta property="article:published_time" content="2023-12-01T08:00:00Z">'
        "<title>Subway fares rise</title></head><body><article><h1>Subway fares rise</h1>"
        "<p>Subway fares will rise by ten cents in January, the transit authority said. "
        "The increase will fund new signals on the oldest lines.</p></article></body></html>"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory, minilm):
    corpus = tmp_path_factory.mktemp("outlets")
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return make_bot(corpus, tmp_path_factory.mktemp("outlets-store"), minilm)


def test_citations_carry_publisher_author_and_date(bot):
    answer = bot.ask("How much will subway fares rise?")
    assert answer.answered
    top = answer.citations[0]
    assert (top.source, top.publisher, top.author, top.date) == (
        "gazette_transit.html",
        "Gotham Gazette",
        "Ina Park",
        "2023-12-01",
    )
    assert_quotes_verbatim(answer, Path(bot.settings.corpus_dir))


def test_a_comparison_cites_each_outlets_article_grouped_by_article(bot):
    answer = bot.ask(
        "Does the Daily Planet article say Skyward Dynamics would cut jobs, while the Gotham "
        "Gazette article says the company will rehire workers?"
    )
    assert answer.answered
    sources = [c.source for c in answer.citations]
    assert {"planet_rocket.txt", "gazette_rocket.txt"} <= set(sources[:4])
    assert sources[0] in ("planet_rocket.txt", "gazette_rocket.txt")  # best passage first
    # Quotes of one article stand together, each article led by its outlet and date.
    assert sources == sorted(sources, key=sources.index)
    assert "The Daily Planet, 2023-10-05: " in answer.answer
    assert "Gotham Gazette, 2023-10-09: " in answer.answer
    assert_quotes_verbatim(answer, Path(bot.settings.corpus_dir))


def test_a_temporal_question_states_the_order_computed_from_dates(bot):
    answer = bot.ask(
        "Did the Gotham Gazette report that Skyward Dynamics would rehire workers before the "
        "Daily Planet reported that it lost its launch contract?"
    )
    assert answer.answered
    first_line = answer.answer.splitlines()[0]
    assert first_line.startswith("By publication date: The Daily Planet (5 October 2023)")
    assert "before Gotham Gazette (9 October 2023)" in first_line


def test_a_day_named_in_the_question_picks_that_days_article(bot):
    answer = bot.ask("What did the Daily Planet report on November 20, 2023 about a prize?")
    assert answer.answered
    assert answer.citations[0].source == "planet_bakery.txt"


def test_an_outlet_the_archive_has_nothing_from_is_refused_with_its_code(bot):
    answer = bot.ask(
        "According to an article from the Metropolis Chronicle, how many jobs did Skyward "
        "Dynamics cut?"
    )
    assert not answer.answered
    assert answer.refusal is not None and answer.refusal.code == "unknown_outlet"
    assert "no article from an outlet" in answer.answer


def test_a_refusal_check_switched_off_no_longer_refuses(bot):
    question = (
        "According to an article from the Metropolis Chronicle, how many jobs did Skyward "
        "Dynamics cut?"
    )
    tuning = bot.tuning
    try:
        bot.tuning = Tuning(
            refusal=DEFAULT_POLICY.without(
                frozenset({"unknown_outlet", "unknown_names", "absent_names"})
            )
        )
        answer = bot.ask(question)
    finally:
        bot.tuning = tuning
    assert answer.answered and "200 jobs" in answer.answer


def test_unknown_check_codes_are_rejected():
    with pytest.raises(ValueError, match="unknown refusal check"):
        DEFAULT_POLICY.without(frozenset({"no_such_check"}))


def test_a_cost_question_without_money_in_the_passages_is_refused(bot):
    answer = bot.ask("How much did Skyward Dynamics pay for its Nevada plant?")
    assert not answer.answered
    assert answer.refusal is not None and answer.refusal.code == "no_money"
    priced = bot.ask("How much money does the national sourdough prize carry?")
    assert priced.answered and "5,000 dollars" in priced.answer
