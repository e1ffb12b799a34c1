import pytest

from retrieval.reading.compound import question_parts
from tests.conftest import assert_quotes_verbatim


def test_two_questions_joined_by_a_comma_and_a_wh_word_are_two_parts():
    assert question_parts(
        "Which departments took part in the meeting, and what did Wong say about AI?"
    ) == ["Which departments took part in the meeting?", "What did Wong say about AI?"]
    assert question_parts("Who were the conveners and what did they report?") == [
        "Who were the conveners?",
        "What did they report?",
    ]


def test_a_question_mark_inside_the_text_ends_a_question():
    assert question_parts(
        "passport ban: where was mubanga first detained? and in the stop and search row, "
        "how many were convicted?"
    ) == [
        "Passport ban: where was mubanga first detained?",
        "In the stop and search row, how many were convicted?",
    ]
    # A topic asked as a question before the real one stays one question
    topic = "fox doing an american eastenders?? which city would it be set in"
    assert question_parts(topic) == [topic]


@pytest.mark.parametrize(
    "question",
    [
        "Which officials attended the Guangdong-Hong Kong meeting?",
        "How and why did the symposium move online?",  # too short to be a question of its own
        "Along with drought, what is one other factor pushing the forest to a tipping point?",
        "When rich countries trade with poor countries, whose wages increase?",
        "What did Cui Xulong say about investment and about companies listing in Hong Kong?",
    ],
)
def test_one_question_stays_whole(question):
    assert question_parts(question) == [question]


@pytest.mark.integration
def test_each_part_of_a_compound_question_is_answered(seed_bot):
    answer = seed_bot.ask(
        "Which officials attended the Guangdong-Hong Kong meeting, and what did Wong "
        "Chi-kwong say about artificial intelligence?"
    )
    assert answer.answered
    shown = answer.answer + " ".join(c.quote for c in answer.citations)
    assert "Hong Kong Customs" in shown and "Wong Chi-kwong stated" in shown
    assert_quotes_verbatim(answer)


@pytest.mark.integration
def test_a_part_the_articles_do_not_answer_is_named(seed_bot):
    answer = seed_bot.ask(
        "Who were the conveners of the Guangdong-Hong Kong task force meeting, "
        "and what is the population of Shenzhen?"
    )
    assert answer.answered and "Qu Xiaojie" in answer.answer
    assert "Not found in the articles: “What is the population of Shenzhen?”" in answer.answer
    assert_quotes_verbatim(answer)


def test_where_and_when_questions_can_be_parts_but_fronted_clauses_are_not():
    assert question_parts("Where was the ship sailing from, and where was it headed?") == [
        "Where was the ship sailing from?",
        "Where was it headed?",
    ]
    q = "When rich countries trade with poor countries, whose wages increase?"
    assert question_parts(q) == [q]


def test_a_topic_before_the_questions_heads_every_part():
    assert question_parts(
        "Stephen Fry - where did he come in the comedy list, and what is his part in the film?"
    ) == [
        "Stephen Fry - where did he come in the comedy list?",
        "Stephen Fry - what is his part in the film?",
    ]
    assert question_parts(
        "At the Dubai Championships, who knocked Safin out in the first round, and who did "
        "Federer beat in the final?"
    ) == [
        "At the Dubai Championships, who knocked Safin out in the first round?",
        "At the Dubai Championships, who did Federer beat in the final?",
    ]


def test_a_fronted_phrase_of_one_question_is_no_topic():
    assert question_parts("When rich countries trade, whose wages rise?") == [
        "When rich countries trade, whose wages rise?"
    ]


def test_a_preposition_may_stand_before_the_question_word_of_a_part():
    assert question_parts(
        "The new visa rules: by which year must every visitor give fingerprints, and how "
        "many officers will check them?"
    ) == [
        "The new visa rules: by which year must every visitor give fingerprints?",
        "The new visa rules: how many officers will check them?",
    ]


def test_parts_that_share_a_topic_say_so():
    from retrieval.reading.compound import shared_topic

    parts = question_parts("The bridge - when did it open, and who designed it?")
    assert shared_topic(parts) == "The bridge"
    assert shared_topic(["When did it open?", "Who designed it?"]) is None
