"""Sentence scoring on its own: each weight moves the ranking the way its docstring says
(real embedded Chroma, hashing embeddings, articles written for the test)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from retrieval.answering.search import (
    DEFAULT_WEIGHTS,
    Hits,
    fuse_chunks,
    score_sentences,
    term_weights,
)
from retrieval.reading.question import analyse
from tests.conftest import make_bot

ARTICLES = {
    "bridge.txt": "Millbrook bridge reopens\n\nThe Millbrook bridge reopened on Monday after "
    "repairs. Engineers replaced the deck and the railings. About 4,000 cars cross it daily.\n",
    "ferry.txt": "Harbour ferry returns\n\nThe harbour ferry returned to service on Friday. "
    "Engineers replaced the engines over the winter. The ferry carries 300 passengers.\n",
}


@pytest.fixture
def bot(tmp_path, hashing):  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return make_bot(corpus, tmp_path / "store", hashing)


def ranked(bot, question: str, weights=DEFAULT_WEIGHTS, within=None):  # type: ignore[no-untyped-def]
    q = analyse(question)
    vector = bot.encoder.encode([question])[0]
    hits = bot.store.query_chunks(vector[None, :], weights.chunk_pool)[0]
    return score_sentences(bot.index, q, vector, Hits(hits), weights, within)


def test_the_sentence_holding_what_is_asked_comes_first(bot):
    best = ranked(bot, "What did engineers replace on the Millbrook bridge?")[0]
    assert best.sentence.text == "Engineers replaced the deck and the railings."
    assert best.sentence == bot.index.sentences[best.row]


def test_the_topics_article_wins_over_the_same_words_elsewhere(bot):
    top = ranked(bot, "What did engineers replace on the harbour ferry?")[0]
    assert top.sentence.source == "ferry.txt"
    no_topic = replace(DEFAULT_WEIGHTS, topic=0.0, dense=0.0, chunk=0.0)
    scores = {
        s.sentence.text: s.score for s in ranked(bot, "What did engineers replace?", no_topic)
    }
    assert scores["Engineers replaced the deck and the railings."] == pytest.approx(
        scores["Engineers replaced the engines over the winter."]
    )


def test_a_how_many_question_favours_a_figure(bot):
    with_kind = ranked(bot, "How many cars cross the Millbrook bridge?")
    assert "4,000" in with_kind[0].sentence.text
    gain = {s.row: s.score for s in with_kind}
    without = {
        s.row: s.score
        for s in ranked(
            bot,
            "How many cars cross the Millbrook bridge?",
            replace(DEFAULT_WEIGHTS, answer_type=0),
        )
    }
    figure_row = with_kind[0].row
    assert gain[figure_row] > without[figure_row]


def test_a_sentence_holding_the_quoted_words_gains(bot):
    question = "Which crossing was 'replaced the engines' said about?"
    rows = bot.index.rows_quoting("replaced the engines")
    assert [bot.index.sentences[g].text for g in rows] == [
        "Engineers replaced the engines over the winter."
    ]
    assert len(bot.index.rows_quoting("the engines replaced")) == 0  # word order counts
    quoted = {s.row: s.score for s in ranked(bot, question)}
    plain = {s.row: s.score for s in ranked(bot, question, replace(DEFAULT_WEIGHTS, quoted=0))}
    (row,) = rows
    assert quoted[row] > plain[row]
    assert all(quoted[g] == pytest.approx(plain[g]) for g in plain if g != row)


def test_within_limits_the_candidates(bot):
    ferry = bot.index.sentences_of(["ferry.txt"])
    found = ranked(bot, "What did engineers replace on the Millbrook bridge?", within=ferry)
    assert found and {s.sentence.source for s in found} == {"ferry.txt"}


def test_the_first_ask_terms_weigh_more():
    class Flat:
        @staticmethod
        def idf(term: str) -> float:
            return 1.0

    weights = term_weights(Flat(), ("replace", "deck", "railing"), focus=1.0)  # type: ignore[arg-type]
    assert weights["replace"] > weights["deck"] > weights["railing"]
    assert term_weights(Flat(), ("a", "b"), focus=0.0) == {"a": 1.0, "b": 1.0}  # type: ignore[arg-type]


def test_fused_chunk_scores_mix_dense_and_keyword(bot):
    q = analyse("harbour ferry engines")
    vector = bot.encoder.encode([q.text])[0]
    hits = bot.store.query_chunks(vector[None, :], 10)[0]
    fused = fuse_chunks(bot.index, q, hits, DEFAULT_WEIGHTS)
    assert max(fused.values()) <= 1.0 + 1e-6
    best = max(fused, key=fused.__getitem__)
    assert bot.index.chunks[best].source == "ferry.txt"
    dense_only = fuse_chunks(bot.index, q, hits, replace(DEFAULT_WEIGHTS, keyword_share=0.0))
    assert np.isclose(max(dense_only.values()), 1.0)


def test_a_large_index_asks_the_store_for_the_nearest_sentences(bot):
    """Over ``exact_max`` sentences the index keeps half-precision vectors and the pool
    comes from the store's nearest sentences and the best by asked words: the ranking
    and the similarities match comparing every sentence."""
    from retrieval.answering.index import SearchIndex
    from retrieval.answering.search import NEAREST_SENTENCES

    large = SearchIndex.load(bot.store, exact_max=0)
    assert not large.exact and large.vectors.dtype == np.float16
    assert large.similarity_to_all(np.ones(384, np.float32)) is None
    assert bot.index.exact and bot.index.vectors.dtype == np.float32
    for question in (
        "What did engineers replace on the Millbrook bridge?",
        "When did the harbour ferry return to service?",
    ):
        q = analyse(question)
        vector = bot.encoder.encode([question])[0]
        chunks = bot.store.query_chunks(vector[None, :], DEFAULT_WEIGHTS.chunk_pool)[0]
        nearest = bot.store.query_sentences(vector[None, :], NEAREST_SENTENCES)[0]
        exact = score_sentences(bot.index, q, vector, Hits(chunks))
        approximate = score_sentences(large, q, vector, Hits(chunks, nearest))
        assert approximate[0].sentence == exact[0].sentence, question
        by_row = {s.row: s for s in exact}
        for s in approximate:
            assert abs(s.dense - by_row[s.row].dense) < 2e-3


def test_store_hits_map_to_rows_of_the_same_article_version(bot):
    from retrieval.ingest.store import sentence_id

    index = bot.index
    a = index.articles["ferry.txt"]
    current = index.files["ferry.txt"].content_hash
    hits = [
        (sentence_id(current, "ferry.txt", 1), 0.9),
        (sentence_id("p0-" + "0" * 64, "ferry.txt", 1), 0.8),  # another version: not a row
        (sentence_id(current, "ferry.txt", 99), 0.7),  # past the article's end
        ("not an id", 0.6),
    ]
    rows, sims = index.rows_of(hits)
    assert rows.tolist() == [a.first + 1] and np.allclose(sims, [0.9])
