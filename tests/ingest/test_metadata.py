"""Publisher, author and date as pages state them: bylines, datelines, <meta>, JSON-LD."""

from retrieval.ingest.metadata import ArticleMeta, article_metadata, html_metadata, text_metadata


def test_an_aggregators_outlet_line_gives_outlet_and_date():
    text = "Amazon sellers sound off\nCnbc | World Business News Leader, 2023-10-06\n\nBody."
    assert text_metadata(text) == ArticleMeta("Cnbc", None, "2023-10-06")
    assert text_metadata("Title\nThe Verge, 2023-10-10\n\nBody.").publisher == "The Verge"


def test_a_byline_gives_the_authors_and_an_outlet_after_them():
    meta = text_metadata("Headline\nBy Jane Doe and John Roe, Reuters\n\nThe story begins.")
    assert meta.author == "Jane Doe and John Roe"
    assert meta.publisher == "Reuters"


def test_prose_that_opens_with_by_is_no_byline():
    assert text_metadata("Headline\nby the way, this is prose that goes on.\n").author is None


def test_wire_and_dateline_forms_name_the_service():
    assert text_metadata("LONDON (Reuters) - Shares fell on Monday.").publisher == "Reuters"
    assert text_metadata("Beijing, November 19 (Xinhua) - The symposium opened.").publisher == (
        "Xinhua"
    )
    meta = text_metadata(
        "China News Service, Beijing, November 20 (Reporter Du Yan) The 23rd seminar was held."
    )
    assert (meta.publisher, meta.author) == ("China News Service", "Du Yan")


def test_an_abbreviation_in_brackets_inside_prose_is_no_wire_service():
    prose = "Operators offer HSDPA (High Speed Downlink Packet Access) - a faster network."
    assert text_metadata(prose).publisher is None
    assert text_metadata("Packet Access (HSDPA) - sometimes called Super 3G.").publisher is None


def test_html_meta_tags_and_json_ld_are_read():
    page = (
        '<html><head><meta property="og:site_name" content="The Daily Planet">'
        '<meta name="author" content="Lois Lane">'
        '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", '
        '"datePublished": "2023-10-06T09:00:00Z", "author": [{"name": "Clark Kent"}]}]}'
        "</script></head><body><p>Text.</p></body></html>"
    )
    meta = html_metadata(page)
    assert meta == ArticleMeta("The Daily Planet", "Clark Kent", "2023-10-06")


def test_broken_json_ld_is_ignored_and_the_byline_fills_gaps():
    page = '<script type="application/ld+json">{not json</script>'
    assert html_metadata(page) == ArticleMeta()
    meta = article_metadata("Headline\nBy Jane Doe\n\nBody text.", page)
    assert meta.author == "Jane Doe"


def test_nothing_stated_is_nothing_known():
    assert text_metadata("Claxton hunting first major medal\n\nBritish hurdler Sarah Claxton.") == (
        ArticleMeta()
    )
