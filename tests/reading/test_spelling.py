from retrieval.reading.question import analyse
from retrieval.reading.spelling import Abbreviations, Speller, correct_spelling

SPELLER = Speller({"zeira": 3, "galor": 2, "xiaoji": 1, "kalven": 1, "monk": 9, "irak": 1})


def test_a_name_one_edit_away_takes_the_corpus_spelling():
    assert SPELLER.correct("zeria") == "zeira"  # swapped letters
    assert SPELLER.correct("kelven") == "kalven"  # one changed letter
    assert SPELLER.correct("gallor") == "galor"  # one extra letter


def test_known_short_numeric_and_distant_terms_stay_as_they_are():
    assert SPELLER.correct("zeira") == "zeira"
    assert SPELLER.correct("iran") == "iran"  # too short to guess: Iran is not Iraq
    assert SPELLER.correct("2019x") == "2019x"
    assert SPELLER.correct("zebras") == "zebras"
    assert SPELLER.correct("yeira") == "yeira"  # another first letter is another name


def test_the_most_frequent_of_several_spellings_wins():
    speller = Speller({"hansen": 1, "hanson": 5})
    assert speller.correct("hanssn") in {"hansen", "hanson"}
    assert speller.correct("hansan") == "hanson"


def test_only_names_are_corrected():
    q = correct_spelling(analyse("When did Galor and Zeria strive for it?"), SPELLER)
    assert "zeira" in q.terms and "zeira" in q.topic_terms and "zeria" not in q.terms
    assert "strive" in q.terms  # an ordinary word the corpus lacks is not a typo


def test_a_question_without_unknown_names_is_returned_unchanged():
    q = analyse("What did Galor say?")
    assert correct_spelling(q, SPELLER) is q


def test_abbreviations_stand_for_the_words_whose_initials_they_are():
    found = Abbreviations(
        [
            "The Hong Kong Trade Development Council met in Hong Kong.",
            "Officials of the Office of the Digital Policy spoke.",
            "They agreed on cooperation in exchange-traded funds, in the end.",
        ]
    )
    assert found.expand("hk") == ("hong", "kong")
    assert found.expand("hktdc") == ("hong", "kong", "trade", "develop", "council")
    assert found.expand("odp") == ("offic", "digit", "polici")
    assert found.expand("etf") == ("exchang", "trade", "fund")
    assert found.expand("it") is None  # "in the" carries no meaning
    assert found.expand("xyz") is None


def test_an_unknown_abbreviation_is_read_as_what_it_stands_for():
    texts = ["Hong Kong launched talent programmes."]
    speller = Speller({"hong": 9, "kong": 9, "hk": 1}, Abbreviations(texts))
    assert speller.expand("HK") == ("hk",)  # the articles use it themselves
    speller = Speller({"hong": 9, "kong": 9}, Abbreviations(texts))
    q = correct_spelling(
        analyse("Which talent programmes has the HK government launched?"), speller
    )
    assert "hk" not in q.terms and {"hong", "kong"} <= set(q.topic_terms)
    assert "hong" not in q.ask_terms and "talent" in q.ask_terms


def test_a_plural_abbreviation_is_read_as_its_singular_only_when_it_must():
    texts = ["Cooperation in exchange-traded funds grew in the Special Administrative Region."]
    speller = Speller({"fund": 1}, Abbreviations(texts))
    assert speller.expand("ETFs") == ("exchang", "trade", "fund")
    assert speller.expand("SARS") == ("sar",)  # not the Special Administrative Region


def test_an_abbreviation_prefers_the_name_written_in_capitals():
    found = Abbreviations(
        [
            "It rose in the UK chart last week.",
            "It entered the UK chart last month.",
            "Research at University College London found it.",
        ]
    )
    assert found.expand("ucl") == ("universiti", "colleg", "london")


def test_every_kind_of_single_edit_is_found_with_the_corpus_letters():
    speller = Speller({"zeira": 3, "müller": 2, "kahveci": 1, "rothschild": 4, "roths": 1})
    assert speller.correct("zeria") == "zeira"  # neighbours swapped
    assert speller.correct("muller") == "müller"  # a letter only the corpus uses
    assert speller.correct("kahvecci") == "kahveci"  # one too many
    assert speller.correct("rothchild") == "rothschild"  # one missing
    assert speller.correct("rothscild") == "rothschild"
    assert speller.correct("pothschild") == "pothschild"  # the first letter is kept
    assert speller.correct("rothschlid") == "rothschild"
    assert speller.correct("rotschlid") == "rotschlid"  # two edits: left alone
