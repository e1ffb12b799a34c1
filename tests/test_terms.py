from retrieval.terms import (
    content_terms,
    numbered_positions,
    qualified_terms,
    qualifier_kind,
    spell_out_numerals,
    words,
)


def test_numbers_from_ten_up_written_as_words_become_digits():
    assert spell_out_numerals("the twenty-third session") == "the 23rd session"
    assert spell_out_numerals("its Twentieth meeting") == "its 20th meeting"
    assert spell_out_numerals("eleven key areas, ninety-nine days") == "11 key areas, 99 days"
    assert spell_out_numerals("the twenty-first century") == "the 21st century"
    # Small cardinals are as often not numbers at all; small ordinals are numbers.
    assert spell_out_numerals("the second fair, one country") == "the 2nd fair, one country"
    assert spell_out_numerals("the Twenty-Ninth and the ninth") == "the 29th and the 9th"


def test_question_and_article_share_a_number_however_it_is_written():
    assert set(content_terms("the 23rd symposium")) == set(
        content_terms("the twenty-third symposium")
    )


def test_accents_are_folded_and_lone_letters_dropped():
    assert words("Kraków") == ["krakow"]
    assert content_terms("Möngke") == content_terms("Mongke")
    assert content_terms("R&D spending") == content_terms("spending")
    assert "5" in content_terms("5 areas")  # digits are not lone letters


def test_numbers_and_contractions_keep_their_shape():
    assert words("17,077 firms, US$31.3 billion; it's") == [
        "17,077",
        "firms",
        "us",
        "31.3",
        "billion",
        "it",
    ]


def test_qualifiers_say_which_one_is_meant():
    assert qualified_terms("When will the third Global Digital Trade Fair be held?") == {
        ("3rd", "global")
    }
    assert qualified_terms("second-quarter results") == {("2nd", "quarter")}
    assert qualified_terms("the twenty-third session") == {("23rd", "session")}
    assert qualified_terms("its Phase 2 trial") == {("2", "phase")}
    assert qualified_terms("for the 2023-24 fiscal year") == {("2023-24", "fiscal")}
    assert qualified_terms("In 2019, the plan") == frozenset()


def test_things_numbered_after_their_name_are_positions():
    assert numbered_positions("a shock loss in round one of the Dubai event") == {("1st", "round")}
    assert numbered_positions("its Phase 2 trial") == {("2nd", "phase")}
    assert numbered_positions("prices were up 2.5% on the year") == frozenset()


def test_an_ordinal_is_a_number_wherever_it_stands():
    assert words("the fourth Sichuan-Hong Kong conference")[:2] == ["the", "4th"]
    assert words("the ninth RTS Link meeting") == words("the 9th RTS Link meeting")
    assert words("the ninth meeting")[1] == "9th"


def test_kinds_of_qualifiers():
    assert [qualifier_kind(q) for q in ("3rd", "2023", "2023-24", "2", "11b")] == [
        "ordinal",
        "year",
        "year",
        "number",
        "number",
    ]
