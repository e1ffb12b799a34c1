"""When the bot says it cannot answer. Unit checks, then the real bot on the shipped articles."""

from dataclasses import replace

import pytest

from retrieval.answering.refusal import (
    CHECKS,
    DEFAULT_POLICY,
    Evidence,
    absent_names_share,
    asked_things,
    counted_terms,
    other_one,
    other_year,
)
from retrieval.answering.search import ScoredSentence
from retrieval.reading.question import analyse
from tests.conftest import make_bot


def test_what_how_many_counts():
    assert counted_terms("How many tons of living plants are there?") == ["ton", "live", "plant"]
    assert counted_terms("How many were killed?") == []
    assert counted_terms("What is the population?") == []


@pytest.mark.integration
def test_figure_questions_are_judged_on_what_they_count(seed_bot):
    assert not seed_bot.ask("How many employees does Cyberport have?").answered
    # "last" is nowhere in the articles, but it is not what the question asks about.
    answer = seed_bot.ask(
        "How long did the Hong Kong International Innovation and Technology Exhibition last?"
    )
    assert answer.answered and "four-day" in answer.answer


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    [
        "What is the GDP of Hangzhou?",  # GDP is given for Beijing; Hangzhou is elsewhere
        "Who is the Mayor of Shenzhen?",  # a mayor of Beijing is named; Shenzhen elsewhere
        "Where was the 21st meeting of the Guangdong-Hong Kong task force held?",
    ],
)
def test_names_the_articles_never_put_together_are_refused(seed_bot, question):
    answer = seed_bot.ask(question)
    assert not answer.answered, answer.answer


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What did Wong Chi-kwnog say about AI?", "Wong Chi-kwong stated"),  # a typo
        ("Where was the 20th meeting of the task force held?", "twentieth meeting"),
        ("What was the theme of the twenty-sixth symposium?", "Win-win Future"),
    ],
)
def test_a_name_or_number_written_differently_is_still_answered(seed_bot, question, expected):
    answer = seed_bot.ask(question)
    assert answer.answered, answer.answer
    assert expected in answer.answer + " ".join(c.quote for c in answer.citations)


def test_what_a_question_asks_about_stands_in_the_place_of_a_thing():
    assert asked_things("What is the population of Shenzhen?") == ["popul", "shenzhen"]
    assert asked_things("What is the name of the Kestrel Bay's captain?") == ["captain"]
    assert "shut" not in asked_things("Why did the Orchard Stage shut down on the Sunday?")


@pytest.mark.integration
def test_a_verb_the_articles_put_differently_is_no_reason_to_refuse(seed_bot):
    # The articles say who is "Chairman"; nobody "chairs" anything in them.
    answer = seed_bot.ask("Who chairs the Hong Kong Trade Development Council?")
    assert answer.answered and "Peter KN Lam" in answer.answer
    assert not seed_bot.ask("What is the annual budget of the Digital Office?").answered


@pytest.mark.integration
def test_another_one_of_the_same_kind_is_refused(seed_bot):
    answer = seed_bot.ask("When will the second Global Digital Trade Fair be held?")
    assert answer.answered and "November" in answer.answer
    assert not seed_bot.ask("When will the third Global Digital Trade Fair be held?").answered


@pytest.mark.integration
def test_what_someone_said_may_be_asked_in_other_words(seed_bot):
    # Nobody in the articles speaks of a "relationship"; Carrie Lam speaks of cooperation.
    answer = seed_bot.ask(
        "How did Carrie Lam describe the relationship between Beijing and Hong Kong?"
    )
    assert answer.answered and "Lam" in answer.answer


def _evidence_over(tmp_path, hashing, articles: dict[str, str], best: str):  # type: ignore[no-untyped-def]
    """A function of a question: its Evidence when the first sentence of ``best`` (one of
    ``articles``, written for the test) is the best passage."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in articles.items():
        (corpus / name).write_text(text, encoding="utf-8")
    bot = make_bot(corpus, tmp_path / "store", hashing)
    row = next(i for i, s in enumerate(bot.index.sentences) if s.source == best)
    ranked = [ScoredSentence(row, bot.index.sentences[row], 1.0, 0.5, 0.5)]

    def evidence(question: str) -> Evidence:
        return Evidence(bot.index, analyse(question), ranked, ranked, DEFAULT_POLICY)

    return evidence


def test_a_year_the_best_article_never_names_is_another_year(tmp_path, hashing):
    evidence = _evidence_over(
        tmp_path,
        hashing,
        {
            "floods.txt": "Flood relief stepped up\n\nDhaka, 21 June 2025 - Flash floods in "
            "Sylhet have affected about 1.2 million people since 16 June, officials said on "
            "Saturday.\n",
            "bank.txt": "Bank results\n\nThe bank said its profit for 2024 rose by nine "
            "percent to a record high, helped by strong lending growth in the region.\n",
        },
        "floods.txt",
    )
    assert other_year(evidence("How many people were affected by the 2024 Sylhet floods?"))
    assert not other_year(evidence("Who was affected by the 2025 floods?"))


def test_the_asked_one_numbered_after_its_name_is_not_another_one(tmp_path, hashing):
    evidence = _evidence_over(
        tmp_path,
        hashing,
        {
            "tennis.txt": "Safin slumps to shock Dubai loss\n\nMarat Safin lost to Nicolas "
            "Kiefer in round one of the Dubai Championships. Feliciano Lopez lined up a second "
            "round clash.\n"
        },
        "tennis.txt",
    )
    assert not other_one(evidence("Who knocked Safin out in the first round?"))
    assert other_one(evidence("Who knocked Safin out in the third round?"))


def test_an_abbreviation_is_in_an_article_that_writes_it_out(tmp_path, hashing):
    from dataclasses import replace

    from retrieval.answering.refusal import holds_name

    assert holds_name("ceo", frozenset({"new", "chief", "execut"}))
    assert not holds_name("ceo", frozenset({"new", "chief", "execut"}), abbreviations=False)
    assert not holds_name("ceo", frozenset({"chief", "financi"}))
    evidence = _evidence_over(
        tmp_path,
        hashing,
        {
            "marsh.txt": "Marsh boss seeks deal\n\nMarsh's new chief executive, Michael "
            "Cherkasky, is trying to negotiate a settlement with Mr Spitzer.\n"
        },
        "marsh.txt",
    )
    absent_names = next(c.test for c in CHECKS if c.code == "absent_names")
    question = "Who is the new CEO at Marsh, the one negotiating with Spitzer?"
    assert not absent_names(evidence(question))
    strict = replace(evidence(question), policy=replace(DEFAULT_POLICY, abbreviations=False))
    assert absent_names(strict)


def test_a_name_guessed_from_lower_case_weighs_less_when_absent(tmp_path, hashing):

    from retrieval.reading.question import with_corpus_names

    evidence = _evidence_over(
        tmp_path,
        hashing,
        {
            "final.txt": "Williams wins in Melbourne\n\nSerena Williams won nine consecutive "
            "points for the set against Lindsay Davenport in the Melbourne final.\n"
        },
        "final.txt",
    )
    typed = "how many points in a row did serena win to nick the set against davenport?"
    e = evidence(typed)
    q = with_corpus_names(e.question, frozenset({"serena", "nick", "davenport"}))
    assert q.guessed_names == {"serena", "nick", "davenport"}

    def share(weight: float) -> float:
        return absent_names_share(e.index, q, e.ranked, 3, guessed_weight=weight)

    # only "nick" (a verb here) is absent, and it weighs half a name's weight
    assert share(1.0) > 0 and share(0.5) == pytest.approx(share(1.0) / 2)
    as_typed = absent_names_share(e.index, e.question, e.ranked, 3)
    assert as_typed == 0  # typed in lower case and not read as names, nothing is absent


# -- each passage check on its own, with the passage chosen by the test ---------------------------

PASSAGES = (
    "Harbour works\n\nThe new pier opened on 3 May 2024 in the old harbour. "
    "The pier cost 12 million euros to build. "
    "The council did not approve the second pier. "
    "Fishermen welcomed the pier and the new cranes.\n"
)


@pytest.fixture
def harbour(tmp_path, hashing):  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "harbour.txt").write_text(PASSAGES, encoding="utf-8")
    return make_bot(corpus, tmp_path / "store", hashing)


def judged(bot, question: str, starts: str) -> str | None:  # type: ignore[no-untyped-def]
    """The refusal code when the sentence opening with ``starts`` is the only quote."""
    from retrieval.answering.refusal import refusal_for

    row = next(i for i, s in enumerate(bot.index.sentences) if s.text.startswith(starts))
    ranked = [ScoredSentence(row, bot.index.sentences[row], 1.0, 0.9, 0.9)]
    found = refusal_for(Evidence(bot.index, analyse(question), ranked, ranked, DEFAULT_POLICY))
    return found.code if found else None


@pytest.mark.parametrize(
    ("question", "quote", "code"),
    [
        ("When did the new pier open?", "The new pier opened", None),
        ("When did fishermen welcome the pier?", "Fishermen welcomed", "no_date"),
        ("How much did the pier cost?", "The pier cost", None),
        ("How much did the pier cost?", "The new pier opened", "no_money"),
        ("How many cranes did the fishermen welcome?", "Fishermen welcomed", "no_figure"),
        ("What did the council not approve?", "The council did not", None),
        ("What did the fishermen not welcome?", "Fishermen welcomed", "no_negation"),
        ("What did the no 12 fishermen welcome?", "Fishermen welcomed", None),  # a number
    ],
)
def test_a_passage_check_refuses_only_the_passage_it_is_about(harbour, question, quote, code):
    assert judged(harbour, question, quote) == code


def test_a_quote_counting_what_is_asked_answers_a_figure_question(harbour):
    """The best passage restates the question; the next quote counts what "how many" asks."""
    from retrieval.answering.refusal import refusal_for

    sentences = harbour.index.sentences
    rows = [
        next(i for i, s in enumerate(sentences) if s.text.startswith(start))
        for start in ("Fishermen", "The pier cost")
    ]
    ranked = [ScoredSentence(g, sentences[g], 1.0, 0.9, 0.9) for g in rows]
    question = analyse("How many euros did the pier cost?")
    policy = replace(DEFAULT_POLICY, disabled=frozenset({"no_money"}))
    assert refusal_for(Evidence(harbour.index, question, ranked, ranked, policy)) is None
    off = replace(policy, counted_gap=0)
    found = refusal_for(Evidence(harbour.index, question, ranked, ranked, off))
    assert found is not None and found.code == "no_figure"


def test_a_check_switched_off_refuses_nothing(harbour):
    from retrieval.answering.refusal import refusal_for

    row = next(i for i, s in enumerate(harbour.index.sentences) if s.text.startswith("Fisher"))
    ranked = [ScoredSentence(row, harbour.index.sentences[row], 1.0, 0.9, 0.9)]
    question = analyse("When did fishermen welcome the pier?")
    off = DEFAULT_POLICY.without(frozenset({"no_date"}))
    assert refusal_for(Evidence(harbour.index, question, ranked, ranked, off)) is None
    with pytest.raises(Exception, match="no_such_check"):
        DEFAULT_POLICY.without(frozenset({"no_such_check"}))
