import pytest

from retrieval.errors import QuestionError
from retrieval.question import analyse, validate


@pytest.mark.parametrize("bad", ["", "   ", "\n\t", "?!"])
def test_empty_questions_are_rejected(bad):
    with pytest.raises(QuestionError):
        validate(bad, 2000)


def test_long_questions_are_rejected_with_the_limit():
    with pytest.raises(QuestionError, match="2,000"):
        validate("why " * 25_000, 2000)


def test_follow_up_leans_on_the_previous_question():
    first = "Which officials attended the Guangdong-Hong Kong meeting?"
    q = analyse("and who were the conveners?", (first,))
    assert q.is_follow_up and q.context == first and q.wants == "person"
    assert q.terms[0] == "conven"  # its own words first: they are its focus
    alone = analyse(
        "Who were the conveners of the Guangdong-Hong Kong task force meeting?", (first,)
    )
    assert not alone.is_follow_up


def test_question_kinds():
    assert analyse("Which officials attended the meeting?").is_list
    assert analyse("Who addressed the opening ceremony?").wants == "person"
    assert analyse("How many companies exhibited?").wants == "number"
    assert analyse("When did the uprising begin?").wants == "date"
    assert not analyse("What was the theme of the symposium?").is_list


def test_names_pick_the_article_and_other_words_pick_the_sentence():
    q = analyse("What did the Guangdong delegation visit after the meeting?")
    assert q.topic_terms == ("guangdong",)
    assert "visit" in q.ask_terms and "deleg" in q.ask_terms


def test_names_joined_by_and_may_span_articles():
    assert analyse("What did Carrie Lam and John Lee say?").joins_names
    assert analyse("What happened at the 23rd and 26th symposiums?").joins_names
    assert not analyse("What and where is Cyberport?").joins_names
    assert not analyse("Which officials attended the Guangdong-Hong Kong meeting?").joins_names


def test_what_someone_said_asks_for_a_statement():
    assert analyse("What did Chen Jining say about the symposium?").wants == "statement"
    assert analyse("How did Lam describe the cooperation?").wants == "statement"
    assert analyse("Who said Hong Kong has unique advantages?").wants == "person"


def test_when_asks_for_a_date_only_as_a_question_word():
    assert analyse("When did the exhibition open?").wants == "date"
    assert analyse("and when was it held?").wants == "date"
    assert analyse("When rich countries trade with poor ones, whose wages rise?").wants is None


def test_the_focus_is_what_follows_the_question_word():
    q = analyse("After the task force meeting, where did they take the delegation?")
    assert q.terms[:3] == ("take", "deleg", "task")
