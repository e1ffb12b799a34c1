"""Hybrid retrieval and sentence-level scoring.

Chunks are ranked by dense similarity (Chroma) and BM25, mixed linearly (each scaled by
its best score); every sentence of the articles holding the best chunks is then scored, because
a quote is a sentence. A sentence's score mixes
- its own similarity to the question (dense);
- how much of what the question *asks* it contains: the question's common words
  ("addressed", "opening ceremony", "theme"), weighted by rarity;
- how much of the question's *topic* its surroundings contain: names and numbers
  ("26th", "Guangdong") usually sit in the title or a nearby sentence, not in the answer;
- the rank of its chunk. (Adding the neighbours' scores was measured and did not help.)

The best sentences corpus-wide join the candidates too. An archive small enough
(``Settings.exact_search_max``) compares the question with every sentence in memory; a
larger one asks the store's HNSW index for the nearest sentences instead, and scores only
its candidates, from a half-precision copy of their vectors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from retrieval.answering.index import SearchIndex
from retrieval.ingest.tables import StoredSentence
from retrieval.reading.answer_kinds import AnswerKind
from retrieval.reading.question import Question


@dataclass(frozen=True)
class Weights:
    """How a sentence's score is mixed. Set by hand on the docs_corpus sets and checked on
    every other set (bench/eval_sets.py); each can be set to 0 to measure what it buys."""

    dense: float = 0.5  # the sentence's cosine similarity to the question
    ask: float = 0.5  # its share of what the question asks (rarity-weighted ask terms)
    topic: float = 0.5  # share of the score that depends on the topic being present nearby
    focus: float = 1.0  # extra weight of the first ask terms, the ones the question is about
    chunk: float = 0.4  # its chunk's fused rank: a sentence inside the best passage wins ties
    # A passage holding the kind of answer asked for (a figure for "how many", a date for
    # "when") gains this much: small, so a figure off the topic does not win.
    answer_type: float = 0.15
    # A statement by the speaker a "what did X say" question names (in the sentence or the
    # one beside it) gains this much: the closest sentence in wording is often the
    # reporter's summary, the answer is the speaker's own words.
    speaker: float = 0.3
    # A sentence holding words the question quotes ("'almost certain'") gains this much:
    # quoted words are someone's own, and the sentence that reports them is the one meant.
    quoted: float = 0.5
    context_radius: int = 2  # sentences either side whose names count as the topic's "nearby"
    article_topic: float = 0.8  # topic found elsewhere in the article counts this much
    keyword_share: float = 0.5  # BM25's share of the chunk score, dense has the rest
    chunks_considered: int = 8  # best chunks whose sentences all become candidates
    chunk_pool: int = 30  # BM25's best chunks mixed with the dense hits
    # Best sentences corpus-wide (by similarity and ask terms) added to the candidates, so a
    # paraphrase reaches the answer when its chunk ranked low.
    sentence_pool: int = 60


DEFAULT_WEIGHTS = Weights()

# An index too large to compare with a question sentence by one (``SearchIndex.exact`` is
# False) takes this many nearest sentences from the store, and this many best by the asked
# words from its own counts, as the pool its ``sentence_pool`` is chosen from.
NEAREST_SENTENCES = 100
ASKED_SENTENCES = 200


@dataclass(frozen=True)
class Hits:
    """What the store found for one question, ids with cosine similarities: the nearest
    chunks, and the nearest sentences when the index is not compared with every sentence."""

    chunks: list[tuple[str, float]] = field(default_factory=list)
    sentences: list[tuple[str, float]] = field(default_factory=list)


@dataclass(frozen=True)
class ScoredSentence:
    """A candidate quote and how it scored; ``sentence`` is the index's own record."""

    row: int  # its row in the SearchIndex: ``index.sentences[row]``, ``index.vectors[row]``
    sentence: StoredSentence
    score: float
    dense: float
    keyword: float  # coverage of the question's ask terms by the sentence itself


def unscored(index: SearchIndex, row: int, like: ScoredSentence | None = None) -> ScoredSentence:
    """Sentence ``row`` as a quote the ranking did not reach (the rest of a quotation, the
    sentence after a quote), or with the scores of ``like`` (the same words in another file)."""
    if like is None:
        return ScoredSentence(row, index.sentences[row], 0.0, 0.0, 0.0)
    return ScoredSentence(row, index.sentences[row], like.score, like.dense, like.keyword)


def fuse_chunks(
    index: SearchIndex, question: Question, dense_hits: list[tuple[str, float]], w: Weights
) -> dict[int, float]:
    """Chunk index -> fused score in [0, 1]: a mix of dense similarity and BM25, each
    scaled by its best value so neither scale dominates."""
    fused: dict[int, float] = {}
    dense = [(index.chunk_index[cid], sim) for cid, sim in dense_hits if cid in index.chunk_index]
    if dense:
        top = max(sim for _, sim in dense)
        for ci, sim in dense:
            fused[ci] = (1.0 - w.keyword_share) * max(sim, 0.0) / top if top > 0 else 0.0
    bm25 = index.keyword_scores(list(question.terms))
    if bm25.size and bm25.max() > 0:
        best = float(bm25.max())
        for ci in np.argsort(-bm25)[: w.chunk_pool].tolist():
            if bm25[ci] > 0:
                fused[ci] = fused.get(ci, 0.0) + w.keyword_share * float(bm25[ci]) / best
    return fused


def term_weights(index: SearchIndex, terms: tuple[str, ...], focus: float) -> dict[str, float]:
    """Rarity weights of the question's terms; with ``focus``, the first terms (right after
    the question word: "what did the delegation *visit*") weigh more."""
    return {t: index.idf(t) * (1.0 + focus / (1 + i)) for i, t in enumerate(terms)}


def score_sentences(
    index: SearchIndex,
    question: Question,
    query_vector: np.ndarray,
    hits: Hits,
    w: Weights = DEFAULT_WEIGHTS,
    within: np.ndarray | None = None,
) -> list[ScoredSentence]:
    """Score candidate sentences, best first.

    Candidates are ``within`` when given, else the sentences of the best chunks plus the
    best sentences corpus-wide by similarity and ask-term coverage (one matrix product
    each), so a paraphrased question still reaches the sentence that answers it when its
    chunk ranked low. Every feature is computed for all candidates at once: this runs for
    every question a server answers.
    """
    if not len(index):
        return []
    fused = fuse_chunks(index, question, hits.chunks, w)
    prior: dict[int, float] = {}
    best_chunks = sorted(fused, key=fused.__getitem__, reverse=True)[: w.chunks_considered]
    top_fused = fused[best_chunks[0]] if best_chunks else 0.0
    if top_fused > 0:  # nothing similar at all leaves every prior at 0
        for ci in best_chunks:
            lo, hi = index.chunk_ranges[ci]
            for g in range(lo, hi + 1):
                prior[g] = max(prior.get(g, 0.0), fused[ci] / top_fused)
    ask_all = index.term_coverage(term_weights(index, question.ask_terms, w.focus))
    dense_all = index.similarity_to_all(query_vector)
    top = _pool(index, query_vector, hits, ask_all, dense_all, w)
    quoting = np.zeros(0, dtype=np.int64)
    if question.quoted and w.quoted:
        quoting = np.concatenate([index.rows_quoting(e) for e in question.quoted])
    if within is not None:  # only these sentences (one outlet's articles, say) compete
        cand = np.unique(within).astype(np.int64)
    else:
        cand = np.fromiter(
            sorted(set(top.tolist()) | set(prior) | set(quoting.tolist())), dtype=np.int64
        )
    if not len(cand):
        return []
    chunk_prior = np.array([prior.get(int(g), 0.0) for g in cand], dtype=np.float32)
    dense = dense_all[cand] if dense_all is not None else index.similarity(query_vector, cand)
    score = w.dense * dense + w.ask * ask_all[cand] + w.chunk * chunk_prior
    if question.wants:
        score += w.answer_type * index.readings.answer_type_flags(question.wants, cand)
    if len(quoting):
        score += w.quoted * np.isin(cand, quoting)
    if question.speaker_terms and w.speaker:
        speaks = index.readings.answer_type_flags(AnswerKind.STATEMENT, cand)
        named, _ = index.topic_coverage(question.speaker_terms, cand, 1)
        score += w.speaker * speaks * named
    if question.topic_terms:
        near, anywhere = index.topic_coverage(question.topic_terms, cand, w.context_radius)
        score *= 1.0 - w.topic + w.topic * np.maximum(near, w.article_topic * anywhere)
    order = np.argsort(-score, kind="stable")
    return [
        ScoredSentence(
            int(cand[i]),
            index.sentences[int(cand[i])],
            float(score[i]),
            float(dense[i]),
            float(ask_all[cand[i]]),
        )
        for i in order
    ]


def _pool(
    index: SearchIndex,
    query_vector: np.ndarray,
    hits: Hits,
    ask_all: np.ndarray,
    dense_all: np.ndarray | None,
    w: Weights,
) -> np.ndarray:
    """The best ``w.sentence_pool`` sentences corpus-wide by similarity and asked words:
    over every sentence when ``dense_all`` holds them all, else over the nearest sentences
    the store found and the best by asked words (a sentence high on either is among them)."""
    if dense_all is not None:
        rows = np.arange(len(ask_all))
        pre = w.dense * dense_all + w.ask * ask_all
    else:
        near, _ = index.rows_of(hits.sentences)
        asked = np.flatnonzero(ask_all)
        if len(asked) > ASKED_SENTENCES:
            asked = asked[np.argpartition(-ask_all[asked], ASKED_SENTENCES - 1)[:ASKED_SENTENCES]]
        rows = np.union1d(near, asked).astype(np.int64)
        pre = w.dense * index.similarity(query_vector, rows) + w.ask * ask_all[rows]
    pool = min(w.sentence_pool, len(pre))
    if pool < len(pre):
        return rows[np.argpartition(-pre, pool - 1)[:pool]]
    return rows
