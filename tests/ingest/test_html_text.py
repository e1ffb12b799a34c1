import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.ingest.corpus import parse_article
from retrieval.ingest.html_text import html_to_text

WORDS = ["Port", "deal", "signed", "Ramírez", "council", "€48m", "O'Brien", "5.6%", "and"]
ENTITIES = ["&amp;", "&rsquo;", "&nbsp;", "&ldquo;", "&#8217;", "&#x2014;", "&pound;"]
INLINE = ["<b>", "</b>", "<a href='/x?a=1&amp;b=2'>", "</a>", "<em>", "</em>", "<br>"]


@st.composite
def pages(draw):  # type: ignore[no-untyped-def]
    """Pages of prose-like paragraphs whose words are joined by spaces, line breaks,
    entities and inline tags, with chrome that must never reach the text."""
    separators = st.one_of(
        st.sampled_from([" ", " ", " ", "  ", "\n", ", "]),
        st.sampled_from(ENTITIES).map(lambda e: f" {e} "),
        st.sampled_from(INLINE).map(lambda t: f" {t}"),
    )
    paragraphs = []
    for _ in range(draw(st.integers(1, 4))):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=8, max_size=30))
        seps = draw(st.lists(separators, min_size=len(words), max_size=len(words)))
        body = "".join(w + sep for w, sep in zip(words, seps))
        paragraphs.append(f"<p>{body.strip()}.</p>")
    chrome = "<nav><ul><li>Home</li></ul></nav><script>var a = '<p>x</p>';</script>"
    return f"<html><head><title>T</title></head><body>{chrome}{''.join(paragraphs)}</body></html>"


@settings(max_examples=200, deadline=None)
@given(pages())
def test_every_character_maps_back_to_the_markup_it_came_from(markup):
    page = html_to_text(markup)
    for i, ch in enumerate(page.text):
        start, end = page.starts[i], page.ends[i]
        if ch.isspace():
            continue
        piece = markup[start:end]
        assert html.unescape(piece) == ch or piece == ch


@settings(max_examples=200, deadline=None)
@given(pages())
def test_sentences_of_a_page_are_exact_slices_without_markup_in_their_text(markup):
    parsed = parse_article("p.html", markup, "h", is_html=True)
    for s in parsed.sentences:
        assert markup[s.start : s.end] == s.quote
        assert "<" not in s.text and not re.search(r"&[#\w]+;", s.text)
        visible = " ".join(html.unescape(re.sub(r"<[^>]*>", " ", s.quote)).split())
        assert " ".join(s.text.split()).replace(" ", "") == visible.replace(" ", "")
