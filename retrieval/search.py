"""Hybrid retrieval and sentence-level scoring.

Chunks are ranked by dense similarity (Chroma) and BM25, fused by reciprocal rank; every
sentence of the articles holding the best chunks is then scored, because a quote is a
sentence. A sentence's score mixes
- its own similarity to the question (dense);
- how much of what the question *asks* it contains: the question's common words
  ("addressed", "opening ceremony", "theme"), weighted by rarity;
- how much of the question's *topic* its surroundings contain: names and numbers
  ("26th", "Guangdong") usually sit in the title or a nearby sentence, not in the answer;
- the rank of its chunk, and its neighbours' scores: the sentence naming a meeting's
  conveners says little on its own, next to the one that names the meeting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from retrieval.index import SearchIndex
from retrieval.question import Question


@dataclass(frozen=True)
class Weights:
    dense: float = 0.5
    ask: float = 0.5
    topic: float = 0.5  # share of the score that depends on the topic being present nearby
    focus: float = 1.0  # extra weight of the first ask terms, the ones the question is about
    chunk: float = 0.4
    neighbour: float = 0.1
    answer_type: float = 0.08
    context_radius: int = 2
    keyword_share: float = 0.5  # BM25's share of the chunk score, dense has the rest
    chunks_considered: int = 8
    chunk_pool: int = 30


DEFAULT_WEIGHTS = Weights()

_NUMBER = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                     r"hundred|thousand|million|billion|dozen|half)\b", re.I)  # fmt: skip
_DATE = re.compile(
    r"\b(1[0-9]{3}|20[0-9]{2})s?\b|\b(January|February|March|April|May|June|July|August|"
    r"September|October|November|December|century|decade)\b"
)
_ROLE = re.compile(
    r"\b(Commissioner|Director|Minister|Secretary|Mayor|Chairman|Chairwoman|Chair|President|"
    r"Governor|Officer|Chief|Deputy|Vice|Head|Ambassador|Envoy|Spokesperson|Spokesman|Convener|"
    r"Senator|Premier|Chancellor|Dr|Mr|Ms|Mrs|Prof|Professor|CEO|Founder|Executive|King|Queen|"
    r"Emperor|Pope|General|Captain)\b|\b(said|says|told|stated|according to)\b"
)
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-zA-Z-]+)+\b")


@dataclass(frozen=True)
class ScoredSentence:
    index: int  # global sentence index in the SearchIndex
    score: float
    dense: float
    keyword: float  # coverage of the question's ask terms by the sentence itself


def names_people(text: str) -> bool:
    """A sentence that names someone: a capitalised name next to a title or a speech verb."""
    return bool(_ROLE.search(text) and _NAME.search(text))


def answer_type_match(text: str, wants: str | None) -> bool:
    if wants == "number":
        return bool(_NUMBER.search(text))
    if wants == "date":
        return bool(_DATE.search(text))
    if wants == "person":
        return names_people(text)
    return False


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


def coverage(
    index: SearchIndex, terms: tuple[str, ...], have: frozenset[str], focus: float = 0.0
) -> float:
    """Share of ``terms``, weighted by rarity, found in ``have``; with ``focus``, the first
    terms (right after the question word: "what did the delegation *visit*") weigh more."""
    if not terms:
        return 0.0
    weights = [index.idf(t) * (1.0 + focus / (1 + i)) for i, t in enumerate(terms)]
    total = sum(weights)
    return sum(wt for wt, t in zip(weights, terms) if t in have) / total


def score_sentences(
    index: SearchIndex,
    question: Question,
    query_vector: np.ndarray,
    dense_hits: list[tuple[str, float]],
    w: Weights = DEFAULT_WEIGHTS,
) -> list[ScoredSentence]:
    """Sentences of the articles holding the best chunks, best first."""
    fused = fuse_chunks(index, question, dense_hits, w)
    if not fused:
        return []
    best_chunks = sorted(fused, key=fused.__getitem__, reverse=True)[: w.chunks_considered]
    top_fused = fused[best_chunks[0]]
    prior: dict[int, float] = {}
    for ci in best_chunks:
        info = index.articles[index.chunks[ci].source]
        for g in range(info.first, info.last + 1):
            prior.setdefault(g, 0.0)
        lo, hi = index.chunk_ranges[ci]
        for g in range(lo, hi + 1):
            prior[g] = max(prior[g], fused[ci] / top_fused)
    candidates = np.fromiter(sorted(prior), dtype=np.int64)
    dense = index.vectors[candidates] @ query_vector
    base: dict[int, float] = {}
    parts: dict[int, tuple[float, float]] = {}
    topic = question.topic_terms
    for g, d in zip(candidates.tolist(), dense.tolist()):
        ask = coverage(index, question.ask_terms, index.sentence_terms[g], w.focus)
        b = w.dense * d + w.ask * ask + w.chunk * prior[g]
        if question.wants and answer_type_match(index.sentences[g].text, question.wants):
            b += w.answer_type
        if topic:
            found = coverage(index, topic, index.context_terms(g, w.context_radius))
            b *= 1.0 - w.topic + w.topic * found
        base[g] = b
        parts[g] = (d, ask)
    scored = []
    for g, b in base.items():
        src = index.sentences[g].source
        neighbours = [
            base[n] for n in (g - 1, g + 1) if n in base and index.sentences[n].source == src
        ]
        s = b + w.neighbour * (max(neighbours) if neighbours else 0.0)
        scored.append(ScoredSentence(g, s, parts[g][0], parts[g][1]))
    scored.sort(key=lambda s: s.score, reverse=True)
    return scored
