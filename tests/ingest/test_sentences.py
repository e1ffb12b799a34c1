from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.ingest.cleaning import clean
from retrieval.ingest.sentences import split_paragraph, split_sentences
from retrieval.models import Span


def texts(spans, text):
    return [text[s.start : s.end] for s in spans]


def test_abbreviations_and_numbers_do_not_split():
    text = (
        "The ceremony was addressed by Dr Peter KN Lam. Moxin (Huzhou) Technology Co., Ltd. "
        "has brought an app. Funding reached CNY223.4 billion (US$31.3 billion) in 2019. "
        "Mr. Lee agreed."
    )
    got = texts(split_paragraph(text, Span(start=0, end=len(text))), text)
    assert got == [
        "The ceremony was addressed by Dr Peter KN Lam.",
        "Moxin (Huzhou) Technology Co., Ltd. has brought an app.",
        "Funding reached CNY223.4 billion (US$31.3 billion) in 2019.",
        "Mr. Lee agreed.",
    ]


def test_stray_punctuation_is_trimmed():
    text = "It invests the most abroad. . Hong Kong has become a platform."
    got = texts(split_paragraph(text, Span(start=0, end=len(text))), text)
    assert got == ["It invests the most abroad.", "Hong Kong has become a platform."]


words = st.sampled_from(
    [
        "The",
        "minister",
        "said",
        "Dr",
        "Co.,",
        "Ltd.",
        "3.5",
        "U.S.",
        "“quoted”",
        "rise.",
        "Why?",
        "[ad_1]",
        "Login",
        "/",
        "Register",
        "ok!",
        "  ",
        "\n",
        "\n\n",
        "é",
        "17,077",
        "—",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(words, min_size=0, max_size=120))
def test_every_sentence_is_an_exact_substring(tokens):
    text = " ".join(tokens)
    cleaned = clean(text)
    sentences = split_sentences("a.txt", text, cleaned.body)
    last_end = 0
    for s in sentences:
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.start >= last_end
        last_end = s.end
        para = cleaned.body[s.paragraph]
        assert para.start <= s.start < s.end <= para.end


def test_no_is_an_abbreviation_only_before_a_number():
    text = "Four members voted no. Ruiz objected to the pace. It ranked No. 5 in the league."
    spans = split_paragraph(text, Span(start=0, end=len(text)))
    assert [text[s.start : s.end] for s in spans] == [
        "Four members voted no.",
        "Ruiz objected to the pace.",
        "It ranked No. 5 in the league.",
    ]
