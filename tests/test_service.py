"""The core ``ask`` end to end: real MiniLM, real embedded Chroma, the shipped articles."""

import json
import time

import pytest

from retrieval.errors import QuestionError
from tests.conftest import REPO, assert_quotes_verbatim, make_bot, shared_file

pytestmark = pytest.mark.integration


def test_list_question_names_every_official(seed_bot):
    answer = seed_bot.ask("Which officials attended the Guangdong-Hong Kong meeting?")
    assert answer.answered
    assert answer.citations[0].source == "001_3fdcb3a3f62ccc84.txt"
    shown = answer.answer + " ".join(c.quote for c in answer.citations)
    for name in [
        "Office of the Digital Policy",
        "Communications Authority",
        "Hong Kong Customs",
        "Innovation and Technology Commission",
        "Wong Chi-kwong",
        "Qu Xiaojie",
        "Guangdong Provincial Department of Industry and Information Technology",
    ]:
        assert name in shown, name
    assert_quotes_verbatim(answer)


def test_a_similar_meeting_the_articles_do_not_cover_is_refused(seed_bot):
    answer = seed_bot.ask("Which officials attended the Guangdong-Macau cooperation meeting?")
    assert not answer.answered
    assert "could not find" in answer.answer
    assert answer.citations, "the closest passages are still shown"
    assert_quotes_verbatim(answer)


def test_follow_up_uses_the_previous_question(seed_bot):
    first = "Which officials attended the Guangdong-Hong Kong meeting?"
    answer = seed_bot.ask("and who were the conveners?", history=[first])
    assert answer.answered
    assert any("Wong Chi-kwong" in c.quote and "Qu Xiaojie" in c.quote for c in answer.citations)


def test_quote_that_opens_with_a_pronoun_brings_its_antecedent(seed_bot):
    answer = seed_bot.ask("Which company's drone supported the Turkey earthquake rescue?")
    assert "Jikeqiao" in answer.answer


@pytest.mark.parametrize("k", [1, 2, 3])
@pytest.mark.parametrize(
    "question",
    [
        "Which officials attended the Guangdong-Hong Kong meeting?",  # a list question
        "Which departments took part in the meeting, and what did Wong Chi-kwong say about AI?",
        "Who delivered the opening address at the 26th symposium?",
    ],
)
def test_k_is_the_most_citations_an_answer_carries(seed_bot, question, k):
    answer = seed_bot.ask(question, k=k)
    assert answer.answered and 1 <= len(answer.citations) <= k
    assert all(f"[{c.id}]" in answer.answer for c in answer.citations)


def test_a_refusal_shows_at_most_k_closest_passages(seed_bot):
    answer = seed_bot.ask("What is the population of Atlantis?", k=1)
    assert not answer.answered and len(answer.citations) <= 1


def test_bad_questions_raise_question_error(seed_bot):
    for bad in ["", "   ", "x" * 100_000]:
        with pytest.raises(QuestionError):
            seed_bot.ask(bad)


def test_every_seed_question_keeps_the_quote_invariant(seed_bot):
    gold = [
        json.loads(line)
        for line in shared_file("eval", "seed_questions.jsonl").read_text().splitlines()
    ]
    for g in gold:
        answer = seed_bot.ask(g["question"])
        assert answer.answered == g["answerable"], g["id"]
        assert_quotes_verbatim(answer)
        if g["answerable"]:
            assert answer.citations[0].source in g["docs"], g["id"]


def test_questions_unlike_anything_in_the_corpus_are_refused_not_crashed(seed_bot):
    # Found by the schema fuzzer: no word the index knows, no similar chunk at all.
    for odd in ["\u009a\u00c5\u00d0", "ÅÐ ÆØ", "12345", "Ögedei Khan?"]:
        answer = seed_bot.ask(odd, k=2)
        assert not answer.answered, odd


def test_what_people_said_is_quoted_from_their_statements(seed_bot):
    answer = seed_bot.ask(
        "What did Hong Kong leaders such as Carrie Lam and John Lee say about Hong Kong's "
        "role in its cooperation with Beijing?"
    )
    assert answer.answered and "Mr Lee said" in answer.answer


def test_a_follow_up_may_move_on_to_other_names(seed_bot):
    first = "Which officials attended the Guangdong-Hong Kong meeting?"
    answer = seed_bot.ask("and what did Cui Xulong say?", history=[first])
    assert answer.answered and "Cui Xulong" in answer.answer
    assert not seed_bot.ask("and what about Macau?", history=[first]).answered


def test_every_quote_over_html_markdown_and_scraped_pages_is_an_exact_slice(tmp_path, minilm):
    pages = REPO / "bench" / "web_pages"
    bot = make_bot(pages, tmp_path / "store", minilm)
    questions = (REPO / "bench" / "web_pages_questions.jsonl").read_text(encoding="utf-8")
    html_quotes = 0
    for line in questions.splitlines():
        answer = bot.ask(json.loads(line)["question"])
        assert_quotes_verbatim(answer, pages)
        for c in answer.citations:
            assert "<" not in c.text and "&rsquo;" not in c.text
            assert c.text in answer.answer or not answer.answered
            html_quotes += c.quote != c.text  # markup behind the text: entities, inline tags
    assert html_quotes > 0


def test_search_lists_one_best_sentence_per_article_best_first(seed_bot):
    found = seed_bot.search("information technology cooperation task force", limit=3)
    assert 1 <= len(found) <= 3
    assert found[0].source == "001_3fdcb3a3f62ccc84.txt"
    assert len({c.source for c in found}) == len(found)
    assert [c.id for c in found] == list(range(1, len(found) + 1))
    for c in found:
        text = (REPO / "docs_corpus" / c.source).read_text(encoding="utf-8")
        assert text[c.start : c.end] == c.quote


def test_search_keeps_to_the_dated_window(seed_bot):
    # Only one shipped article states a full date (2023-04-13); "November 20" is not one.
    inside = seed_bot.search("cooperation", limit=5, since="2023-04-01", until="2023-04-30")
    assert [c.date for c in inside] == ["2023-04-13"]
    assert seed_bot.search("cooperation", since="2023-04-14") == []
    assert seed_bot.search("cooperation", until="2023-04-13")[0].date == "2023-04-13"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"since": "2023-13-01"},
        {"until": "April 2023"},
        {"since": "2023-05-01", "until": "2023-04-01"},
        {"limit": 0},
        {"limit": 51},
    ],
)
def test_bad_search_arguments_raise_question_error(seed_bot, kwargs):
    with pytest.raises(QuestionError):
        seed_bot.search("cooperation", **kwargs)


def test_an_article_comes_with_its_text_and_record(seed_bot):
    from retrieval import UnknownArticle

    article = seed_bot.article("002_d00921c321516bf1.txt")
    assert article.date == "2023-04-13" and article.sentences > 5
    path = REPO / "docs_corpus" / "002_d00921c321516bf1.txt"
    assert article.text == path.read_text(encoding="utf-8")
    with pytest.raises(UnknownArticle):
        seed_bot.article("nope.txt")


def test_filling_shows_more_of_the_best_article_and_never_changes_a_refusal(seed_bot):
    """``QuotePolicy.fill_chars`` adds sentences only after the refusal checks have judged
    the quotes: the same questions are answered or refused, with the same first citation,
    and an answered question keeps every quote it had without the fill."""
    from dataclasses import replace

    from retrieval.answering.answer import DEFAULT_QUOTES
    from retrieval.service import Newsbot, Tuning

    assert DEFAULT_QUOTES.fill_chars > 0
    unfilled = Newsbot(
        seed_bot.settings,
        encoder=seed_bot.encoder,
        tuning=Tuning(quotes=replace(DEFAULT_QUOTES, fill_chars=0)),
    )
    questions = [
        json.loads(line)["question"]
        for line in shared_file("eval", "seed_questions.jsonl").read_text().splitlines()
    ]
    grew = 0
    for question in questions:
        filled, plain = seed_bot.ask(question), unfilled.ask(question)
        assert filled.answered == plain.answered, question
        assert filled.refusal == plain.refusal, question
        assert filled.citations[0].quote == plain.citations[0].quote, question
        if filled.answered:
            assert {c.quote for c in plain.citations} <= {c.quote for c in filled.citations}
            shown = sum(len(c.text) for c in filled.citations)
            assert shown <= max(
                DEFAULT_QUOTES.fill_chars, sum(len(c.text) for c in plain.citations)
            )
            grew += len(filled.citations) > len(plain.citations)
        assert_quotes_verbatim(filled)
    assert grew > 0


def test_an_archive_past_the_exact_search_limit_answers_as_before(seed_bot, minilm, tmp_path):
    """With every index treated as too large to compare sentence by sentence (the store's
    HNSW index finds the nearest sentences; half-precision vectors score the candidates),
    the seed questions get the same answers: same refusals, same cited spans."""
    import shutil

    from bot.evaluation import load_gold
    from retrieval.service import Newsbot
    from retrieval.settings import Settings
    from tests.conftest import shared_file

    store = tmp_path / "store"
    shutil.copytree(seed_bot.settings.store_dir, store)
    large = Newsbot(
        Settings(corpus_dir=seed_bot.settings.corpus_dir, store_dir=store, exact_search_max=0),
        encoder=minilm,
    )
    assert not large.index.exact and seed_bot.index.exact
    for gold in load_gold(shared_file("eval", "seed_questions.jsonl")):
        exact, approximate = seed_bot.ask(gold["question"]), large.ask(gold["question"])
        assert approximate.answered == exact.answered, gold["question"]
        spans = [(c.source, c.start, c.end) for c in exact.citations]
        assert [(c.source, c.start, c.end) for c in approximate.citations] == spans


def test_syncs_asked_for_meanwhile_are_taken_in_as_one(tmp_path, hashing):
    """While one sync runs, the files others ask for wait and are then taken in by one
    sync (a burst of saved articles is one update); the callers whose files it took in
    get an empty report, and every file is answerable when each call returns."""
    import threading

    from tests.conftest import make_bot

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "base.txt").write_text(
        "Base story\n\nThe town hall opened in May after two years of building work.\n", "utf-8"
    )
    bot = make_bot(corpus, tmp_path / "store", hashing)
    gate, embedding = threading.Event(), threading.Event()

    class Gated:
        model_name = hashing.model_name

        def encode(self, texts):  # type: ignore[no-untyped-def]
            embedding.set()
            gate.wait(30)
            return hashing.encode(texts)

    bot.encoder = Gated()
    reports: dict[str, object] = {}

    def add(name: str) -> None:
        (corpus / name).write_text(
            f"Story {name}\n\nThe new bridge over the river opened to traffic on Monday, "
            f"the council said of file {name}.\n",
            "utf-8",
        )
        reports[name] = bot.sync(only=[name])

    first = threading.Thread(target=add, args=("a.txt",))
    first.start()
    assert embedding.wait(30)  # the first sync is embedding a.txt, holding the lock
    waiting = [threading.Thread(target=add, args=(n,)) for n in ("b.txt", "c.txt")]
    for t in waiting:
        t.start()
    time.sleep(0.5)  # both are waiting for the lock
    gate.set()
    for t in (first, *waiting):
        t.join(60)
    added = sorted(tuple(sorted(r.added)) for r in reports.values() if r.changed)  # type: ignore[attr-defined]
    assert added == [("a.txt",), ("b.txt", "c.txt")]
    assert {"a.txt", "b.txt", "c.txt"} <= set(bot.index.articles)
