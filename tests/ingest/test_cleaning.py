from retrieval.ingest.cleaning import clean, extract_date, is_prose
from tests.conftest import DOCS_CORPUS

BOILERPLATE = [
    "[ad_1]",
    "Login / Register",
    "Read more →",
    "Add Job Alert",
    "Already have an account? Login here",
    "China to complete extensive screening of outfalls by end of 2025",
    "Subscribe free e-newsletter",
    "Learn about latest market updates and insights to empower your business.",
    "HKTDC.comAbout HKTDCMy HKTDC",
]


def body_text(text: str) -> str:
    return "\n".join(text[s.start : s.end] for s in clean(text).body)


def test_shipped_articles_keep_no_boilerplate_in_body():
    bodies = "\n".join(body_text(p.read_text(encoding="utf-8")) for p in DOCS_CORPUS.iterdir())
    for junk in BOILERPLATE:
        assert junk not in bodies, junk
    assert "(End up)" not in bodies and "EndItem" not in bodies


def test_teasers_after_the_story_are_dropped():
    text = (DOCS_CORPUS / "003_35ed6e79b8d343f5.txt").read_text(encoding="utf-8")
    body = body_text(text)
    assert body.rstrip().endswith("total Beijing output.")
    assert "detection outputs in seven river basins" not in body


def test_body_keeps_the_story():
    text = (DOCS_CORPUS / "004_b68c95931e86ce5e.txt").read_text(encoding="utf-8")
    body = body_text(text)
    assert "The opening ceremony was addressed by Dr Peter KN Lam" in body
    assert "11 key areas" in body


def test_titles_and_dates():
    def meta(name):
        c = clean((DOCS_CORPUS / name).read_text(encoding="utf-8"))
        return c.title, c.date

    assert meta("004_b68c95931e86ce5e.txt") == ("Hong Kong, Beijing seek win-win future", None)
    title, date = meta("002_d00921c321516bf1.txt")
    assert title.startswith("Zhejiang and Hong Kong join hands") and date == "2023-04-13"
    title, date = meta("000_efb95fe7aa67d07d.txt")
    assert title.startswith("Beijing-Hong Kong “cloud” business") and date == "November 20"


def test_title_line_is_not_body():
    text = (
        "A short headline about a port deal\n\nThe port signed a deal on Monday with two lenders.\n"
    )
    c = clean(text)
    assert c.title == "A short headline about a port deal"
    assert [text[s.start : s.end] for s in c.body] == [
        "The port signed a deal on Monday with two lenders."
    ]


def test_hard_wrapped_paragraph_becomes_one_span():
    text = (
        "The council met on Tuesday to discuss the new harbour\n"
        "bridge, which engineers say will carry forty thousand\n"
        "cars a day once it opens in the spring of next year.\n"
    )
    body = clean(text).body
    assert len(body) == 1
    assert text[body[0].start : body[0].end].endswith("next year.")


def test_dates_in_several_forms():
    assert extract_date("Published 12 March 2024 by staff") == "2024-03-12"
    assert extract_date("March 12, 2024 — Paris") == "2024-03-12"
    assert extract_date("no date here") is None


def test_prose_classifier():
    assert is_prose("The minister said the budget would rise by ten percent next year.")
    assert not is_prose("Events")
    assert not is_prose("Rate and Comment")
    assert not is_prose("[ad_1]")


def test_a_list_inside_the_story_is_body_but_menus_and_related_links_are_not():
    text = (
        "* Home\n* World news today\n* Sport and leisure\n\n"
        "The council adopted a $287 million budget on Monday night by a 5-4 vote after hours.\n\n"
        "Among the main items in the adopted budget:\n\n"
        "* $5.6 million to replace lead service lines\n"
        "* Hiring 12 firefighters to reopen Station 4\n\n"
        "The library change drew the sharpest criticism from the public gallery that night.\n\n"
        "Related stories:\n"
        "- Neighbouring town raises water rates again\n"
        "- Mayor launches campaign for second term\n"
    )
    body = body_text(text)
    assert "* Hiring 12 firefighters to reopen Station 4" in body
    assert "$5.6 million to replace lead service lines" in body
    for junk in ("World news today", "Sport and leisure", "Neighbouring town", "second term"):
        assert junk not in body, junk


def test_a_markdown_headline_loses_its_marks():
    text = "# Reserve Bank trims rate in split decision\n\nThe bank cut its rate on Wednesday.\n"
    assert clean(text).title == "Reserve Bank trims rate in split decision"


def test_a_menu_is_not_the_headline_even_when_it_is_the_longest_line():
    text = (
        "Home | News | Local | Sport | Business | Opinion | Obituaries | Login / Register\n\n"
        "LOCAL NEWS\n\n"
        "Millbrook council passes $412 million budget, first tax increase in years\n\n"
        "The council voted 6-3 shortly after midnight to approve the operating budget.\n"
    )
    assert clean(text).title == (
        "Millbrook council passes $412 million budget, first tax increase in years"
    )


def test_a_byline_right_above_a_one_line_paragraph_is_not_part_of_it():
    lead = (
        "JOHOR BAHRU, Sept 18 — The Rapid Transit System Link is now 92 per cent complete and "
        "remains on schedule to begin passenger service by December next year, officials said."
    )
    text = f"RTS Link on track\n\nBy Nurul Aina Rosli\nThursday, 18 Sep 2025 7:42 PM MYT\n{lead}\n"
    assert body_text(text) == lead
    wrapped = (
        "The council approved the harbour bridge on Tuesday after a long\n"
        "debate that ran past midnight, and engineers say work will begin\n"
        "in May.\n"
    )
    assert body_text(wrapped) == wrapped.strip()
