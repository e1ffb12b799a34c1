import pytest

from retrieval.errors import QuestionError
from retrieval.reading.question import analyse, quoted_expressions, validate


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
    assert analyse("Stephen Fry: where did he speak?").wants == "place"
    assert analyse("Which label did they sign with?").wants == "name"
    assert not analyse("What was the theme of the symposium?").is_list


def test_names_pick_the_article_and_other_words_pick_the_sentence():
    q = analyse("What did the Guangdong delegation visit after the meeting?")
    assert q.topic_terms == ("guangdong",)
    assert "visit" in q.ask_terms and "deleg" in q.ask_terms


def test_brands_capitalised_inside_are_names():
    q = analyse("Which countries saw lawsuits against eDonkey servers?")
    assert "edonkey" in q.topic_terms and "server" in q.ask_terms


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


def test_questions_typed_without_apostrophes_keep_their_kind():
    assert analyse("whos the new chairman of the bank?").wants == "person"
    assert analyse("whats the budget of the new stadium?").asks_money


def test_a_name_may_open_the_question():
    q = analyse("Maria Lopez - which club did she join?")
    assert {"maria", "lopez"} <= q.proper_terms
    assert not analyse("Which club did she join?").proper_terms


def test_a_name_ending_in_s_is_no_plural():
    assert not analyse("which constituency is Boris the MP for?").is_list
    assert analyse("which constituencies did the party win?").is_list


def test_a_statement_question_knows_who_is_speaking():
    q = analyse("what did the bank's chief economist say about interest rates?")
    assert q.wants == "statement" and q.speaker_terms == ("bank", "chief", "economist")
    assert analyse("What does the director make of the rival festivals?").wants == "statement"


def test_lower_case_questions_read_the_corpus_names_as_names():
    from retrieval.reading.question import with_corpus_names

    names = frozenset({"glasgow", "ferdinand", "march"})
    q = with_corpus_names(analyse("which label did the glasgow band ferdinand sign with?"), names)
    assert {"glasgow", "ferdinand"} <= set(q.topic_terms)
    assert q.ask_terms[0] == "label"  # what is asked stays asked
    cased = analyse("Which label did the Glasgow band ferdinand sign with?")
    assert with_corpus_names(cased, names) == cased  # capitals are taken as typed
    month = with_corpus_names(analyse("what happened in march?"), names)
    assert "march" not in month.topic_terms  # months are capitalised, not names


def test_quoted_words_are_read_but_not_quoted_names_or_possessives():
    assert analyse(
        "The sprinters' lawyer who said he was 'almost certain' the charges would be dropped?"
    ).quoted == ("almost certain",)
    assert quoted_expressions('Which bodies made the "most useless quangos" list?') == (
        "most useless quangos",
    )
    assert quoted_expressions("Did 'Sporting News' report on 'Game 3 of the World Series'?") == ()
    assert quoted_expressions("What is 'lite' about it?") == ()  # one word is a keyword


def test_where_the_answer_stands_is_read_from_the_questions_grammar():
    from retrieval.reading.question import answer_slots

    assert analyse("Johnson backed Livingstone - which seat is Boris the MP for?").slots == (
        ("mp", "for"),
    )
    assert analyse("which label did they sign with?").slots == (("sign", "with"),)
    assert answer_slots("who recorded it first?") == (("record", "by"),)
    assert answer_slots("Who is the mayor?") == ()  # "who is" asks who, not by whom
    assert answer_slots("What did the minister say about it?") == ()  # "about it": no slot
    assert answer_slots("Which city is it in?") == ()  # "is in": no word names the slot
