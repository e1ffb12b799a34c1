from retrieval.answering.answer import _quotation_balance, select_quotes
from retrieval.answering.search import ScoredSentence
from retrieval.reading.question import analyse
from tests.conftest import cite, make_bot


def test_quotation_balance():
    assert _quotation_balance("“Staffing is the biggest challenge.") == 1
    assert _quotation_balance("It stays in Sabah,” she told reporters.") == -1
    assert _quotation_balance("“It is,” she said.") == 0
    assert _quotation_balance('"We are not against services.') == 1
    assert _quotation_balance('It is what we owe," Cuenco said.') == -1
    assert _quotation_balance("No quotation here.") == 0


def test_a_quote_brings_the_rest_of_its_quotation_and_who_said_it(tmp_path, hashing):
    quoted = quotes_from(
        tmp_path,
        hashing,
        "Hospital opens\n\nThe new tower opened on Monday in the state capital of Sabah.\n\n"
        "“Staffing is the biggest challenge. We can build a beautiful building, but not "
        "without nurses. The hostel is one way to keep them,” she told reporters. Work on "
        "the hostel starts next year.\n",
        "What did she say about staffing?",
        opens="“Staffing",
    )
    assert quoted[0] == "“Staffing is the biggest challenge." and len(quoted) == 3
    assert "she told reporters" in quoted[-1]


def test_the_order_in_time_is_computed_from_the_articles_dates():
    from retrieval.answering.answer import order_in_time

    cites = [
        cite(1, "b.txt", "Q.", publisher="The Roar", date="2023-10-03"),
        cite(2, "a.txt", "Q.", publisher="Sporting News", date="2023-10-01"),
    ]
    assert order_in_time(cites, ["b.txt", "a.txt"]) == (
        "By publication date: Sporting News (1 October 2023) [2] was published before "
        "The Roar (3 October 2023) [1]."
    )
    same = [
        cite(1, "a.txt", "Q.", publisher="X", date="2023-10-01"),
        cite(2, "b.txt", "Q.", publisher="Y", date="2023-10-01"),
    ]
    assert "both published on 1 October 2023" in (order_in_time(same, ["a.txt", "b.txt"]) or "")


def test_an_undated_article_makes_the_order_unknown_never_guessed():
    from retrieval.answering.answer import order_in_time

    cites = [
        cite(1, "a.txt", "Q.", publisher="X", date="2023-10-01"),
        cite(2, "b.txt", "Q.", publisher=None, date="November 20"),
    ]
    sentence = order_in_time(cites, ["a.txt", "b.txt"]) or ""
    assert "not stated" in sentence and "before" not in sentence
    assert order_in_time(cites[:1], ["a.txt"]) is None  # one article has no order


def test_an_answer_from_several_articles_leads_each_with_outlet_and_date():
    from retrieval.answering.answer import answer_text

    cites = [
        cite(1, "a.txt", "Q.", publisher="TechCrunch", date="2023-10-05"),
        cite(2, "b.txt", "R."),
    ]
    assert answer_text(cites) == "TechCrunch, 2023-10-05: Q. [1]\nR. [2]"
    assert answer_text(cites[:1]) == "Q. [1]"  # one article: no label


def test_a_story_filed_twice_is_cited_in_both_files_read_once(tmp_path, hashing):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    story = (
        "Harbour bridge reopens\n\nThe harbour bridge reopened on Monday after repairs that "
        "cost the city 12 million dollars, officials said.\n"
    )
    (corpus / "a.txt").write_text(story, encoding="utf-8")
    (corpus / "b.txt").write_text(story, encoding="utf-8")
    (corpus / "c.txt").write_text(
        "Library hours\n\nThe central library will open on Sundays from next month.\n",
        encoding="utf-8",
    )
    bot = make_bot(corpus, tmp_path / "store", hashing)
    answer = bot.ask("When did the harbour bridge reopen?")
    sources = [c.source for c in answer.citations]
    assert {"a.txt", "b.txt"} <= set(sources)
    first = answer.citations[0].text
    assert answer.answer.count(first) == 1  # the words once, a marker for each file
    assert f"{first} [1] [2]" in answer.answer


def test_an_unpaired_straight_quote_opens_or_closes_by_where_it_stands():
    assert _quotation_balance('The coach told reporters: "We were not good enough.') == 1
    assert _quotation_balance('We have to do better next week."') == -1
    assert _quotation_balance('"We will be back," he said.') == 0


def test_a_quotation_continues_into_a_paragraph_that_reopens_it(tmp_path, hashing):
    quoted = quotes_from(
        tmp_path,
        hashing,
        "Club fines striker\n\nThe club has fined its striker two weeks' wages.\n\n"
        'The chairman told the local paper: "It is not about money. It is about a player '
        "who thinks he is bigger than the club.\n\n"
        '"Nobody is bigger than the club."\n\nThe striker trained alone on Tuesday.\n',
        "What did the chairman say about the striker?",
        opens="The chairman",
    )
    assert quoted[-1] == '"Nobody is bigger than the club."'
    assert "The striker trained alone on Tuesday." not in quoted


def quotes_from(tmp_path, hashing, article: str, question: str, opens: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The quotes chosen when the sentence starting with ``opens`` ranks first alone."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(article, encoding="utf-8")
    bot = make_bot(corpus, tmp_path / "store", hashing)
    texts = [s.text for s in bot.index.sentences]
    first = next(i for i, t in enumerate(texts) if t.startswith(opens))
    ranked = [ScoredSentence(first, bot.index.sentences[first], 1.0, 0.5, 0.5)]
    return [texts[q.row] for q in select_quotes(bot.index, analyse(question), ranked, 1)]


def test_a_plain_question_also_quotes_the_sentence_with_the_answer_beside_its_words(
    tmp_path, hashing
):
    from dataclasses import replace

    from retrieval.answering.answer import DEFAULT_QUOTES

    article = (
        "Ebbers trial opens\n\nFormer WorldCom boss Bernie Ebbers went on trial in New York.\n\n"
        "Prosecutors say he led an $11bn fraud.\n\nThe trial is expected to last weeks.\n\n"
        "Witnesses include former finance chief Scott Sullivan.\n\n"
        "Judge Barbara Jones heard the opening arguments.\n\n"
        "On Monday, defence lawyer Reid Weingarten tried to distance his client.\n"
    )
    texts, quoted = _quoting(
        tmp_path, hashing, article, "Who is Bernie Ebbers' defence lawyer at the WorldCom trial?"
    )
    lawyer = next(t for t in texts if "Reid Weingarten" in t)
    assert lawyer in quoted(DEFAULT_QUOTES)
    assert lawyer not in quoted(replace(DEFAULT_QUOTES, beside_extra=0))
    assert len(quoted(DEFAULT_QUOTES)) <= len(quoted(replace(DEFAULT_QUOTES, beside_extra=0))) + 1


def test_the_sentence_filling_the_questions_slot_is_quoted(tmp_path, hashing):
    from dataclasses import replace

    from retrieval.answering.answer import DEFAULT_QUOTES

    article = (
        "Johnson backs Livingstone\n\nKen Livingstone should stick to his guns over the row, "
        "Tory MP Boris Johnson has insisted.\n\nMr Johnson also criticised Tony Blair.\n\n"
        "London mayor Mr Livingstone says he is standing by his remarks.\n\n"
        "The Prime Minister says it is time to say sorry.\n\n"
        "Mr Johnson, MP for Henley-on-Thames, said the row was a distraction.\n"
    )
    texts, quoted = _quoting(
        tmp_path,
        hashing,
        article,
        "Boris Johnson backed Livingstone - which seat is Boris the MP for?",
    )
    seat = next(t for t in texts if "Henley" in t)
    assert seat in quoted(DEFAULT_QUOTES)
    assert seat not in quoted(replace(DEFAULT_QUOTES, slot_gap=0))


def _quoting(tmp_path, hashing, article: str, question: str):  # type: ignore[no-untyped-def]
    """The article's sentences, and the quotes ``select_quotes`` picks for ``question``
    under a given ``QuotePolicy`` when they are ranked in order."""
    bot, texts, ranked = _ranked_article(tmp_path, hashing, article)
    q = analyse(question)

    def quoted(policy) -> list[str]:  # type: ignore[no-untyped-def]
        return [texts[s.row] for s in select_quotes(bot.index, q, ranked, 12, policy)]

    return texts, quoted


def _ranked_article(tmp_path, hashing, article: str):  # type: ignore[no-untyped-def]
    """One article indexed, its sentences ranked in order (the first best)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(article, encoding="utf-8")
    bot = make_bot(corpus, tmp_path / "store", hashing)
    texts = [s.text for s in bot.index.sentences]
    ranked = [
        ScoredSentence(i, bot.index.sentences[i], 1.0 - 0.05 * n, 0.5, 0.5)
        for n, i in enumerate(range(1, len(texts)))
    ]
    return bot, texts, ranked


_FILM = (
    "Douglas to star in India film\n\n"
    "Actor Michael Douglas is to star in an adventure film about a diamond robbery "
    "set in India.\n\n"
    "The new picture is expected to be similar to his action films of the 1980s.\n\n"
    "The rest of the cast will be local actors, the producers said on Monday.\n\n"
    "The stunts will be filmed on a moving train.\n\n"
    "He hoped to start shooting Racing The Monsoon next year.\n"
)


def test_fill_adds_the_articles_sentences_with_a_new_answer_of_the_asked_kind_first(
    tmp_path, hashing
):
    from dataclasses import replace

    from retrieval.answering.answer import DEFAULT_QUOTES, fill_quotes

    bot, texts, ranked = _ranked_article(tmp_path, hashing, _FILM)
    q = analyse("Michael Douglas is making a diamond robbery film in India. What's it called?")
    shown = ranked[:1]
    budget = len(shown[0].sentence.text) + 70  # room for one short sentence only
    extra = fill_quotes(q, shown, ranked, replace(DEFAULT_QUOTES, fill_chars=budget))
    assert [texts[s.row] for s in extra] == [
        "He hoped to start shooting Racing The Monsoon next year."
    ]
    by_rank = fill_quotes(
        q, shown, ranked, replace(DEFAULT_QUOTES, fill_chars=budget, fill_kind_first=False)
    )
    assert [texts[s.row] for s in by_rank] == ["The stunts will be filmed on a moving train."]


def test_fill_stays_within_its_budget_in_the_best_quotes_article_and_can_be_switched_off(
    tmp_path, hashing
):
    from dataclasses import replace

    from retrieval.answering.answer import DEFAULT_QUOTES, fill_quotes

    bot, texts, ranked = _ranked_article(tmp_path, hashing, _FILM)
    q = analyse("What is the Douglas film about?")
    shown = ranked[:2]
    for budget in (0, 150, 300, 10_000):
        policy = replace(DEFAULT_QUOTES, fill_chars=budget)
        extra = fill_quotes(q, shown, ranked, policy)
        total = sum(len(s.sentence.text) for s in [*shown, *extra])
        assert not extra or total <= budget
        assert not {s.row for s in extra} & {s.row for s in shown}
        assert all(s.sentence.source == "a.txt" for s in extra)
    assert fill_quotes(q, shown, ranked, replace(DEFAULT_QUOTES, fill_chars=0)) == []
    everything = fill_quotes(q, shown, ranked, replace(DEFAULT_QUOTES, fill_chars=10_000))
    assert len(everything) == len(ranked) - 2
