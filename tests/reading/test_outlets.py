"""Which outlets and days a question points to; no outlet name is known in advance."""

from retrieval.answering.per_outlet import article_refs, asks_order, day_mentions
from retrieval.reading.outlets import cited_outlets, publisher_keys

PUBLISHERS = ["The Daily Planet", "Gotham Gazette | Metro", "FOX News - Health"]


def test_known_outlets_are_found_by_name_with_or_without_the():
    q = "Does the Daily Planet article say X, while Gotham Gazette reported Y?"
    found = cited_outlets(q, PUBLISHERS)
    assert [m.publisher for m in found] == ["The Daily Planet", "Gotham Gazette | Metro"]
    assert q[found[0].start : found[0].end].lower() == "daily planet"


def test_a_section_is_optional_when_naming_an_outlet():
    assert publisher_keys("FOX News - Health") == ["fox news health", "fox news"]
    assert cited_outlets("What did Fox News report?", PUBLISHERS)[0].publisher == (
        "FOX News - Health"
    )


def test_an_outlet_cited_twice_is_two_mentions():
    q = "Did the Daily Planet report A before another Daily Planet article said B?"
    assert len(cited_outlets(q, PUBLISHERS)) == 2


def test_an_unknown_outlet_is_a_name_where_an_outlet_stands():
    q = "According to an article from Bloomberg and a Reuters report, who won?"
    unknown = [m.text for m in cited_outlets(q, PUBLISHERS) if m.publisher is None]
    assert unknown == ["Bloomberg", "Reuters"]


def test_ordinary_questions_cite_no_outlet():
    for q in ("Who is the CEO of Apple?", "What did Tony Blair say about the plan?"):
        assert cited_outlets(q, PUBLISHERS) == []


def test_days_are_read_in_the_usual_forms():
    days = day_mentions("on October 18th, 1 November 2023 and 2023-12-05")
    assert [(d.month, d.day, d.year) for d in days] == [
        (10, 18, None),
        (11, 1, 2023),
        (12, 5, 2023),
    ]
    assert days[0].matches("2023-10-18") and not days[1].matches("2022-11-01")


def test_a_second_day_after_an_outlet_points_to_another_of_its_articles():
    q = (
        "Did the Daily Planet change its explanation of the tax after November 6, 2023, as "
        "compared to its earlier report on November 1, 2023?"
    )
    refs = article_refs(q, cited_outlets(q, PUBLISHERS))
    assert [(r.publisher, r.day and r.day.day) for r in refs] == [
        ("The Daily Planet", 6),
        ("The Daily Planet", 1),
    ]


def test_a_short_stretch_searches_with_the_whole_question():
    q = (
        "Who founded the rocket company that lost its launch contract, as reported by the "
        "Daily Planet, Gotham Gazette and Fox News?"
    )
    refs = article_refs(q, cited_outlets(q, PUBLISHERS))
    assert len(refs) == 3
    assert refs[0].text != q  # the stretch before the first outlet says enough
    assert refs[1].text == q and refs[2].text == q  # ", " and " and " say nothing


def test_order_words():
    assert asks_order("Did X report it before Y?")
    assert asks_order("Did X report A on May 1, and then report B?")
    assert asks_order("Has it stayed the same as in previous reports from X?")
    assert not asks_order("Who won the race?")
