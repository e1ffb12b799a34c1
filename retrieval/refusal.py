"""Decide whether the best passages answer the question or the bot should say it cannot.

Signals, each checked against long answerable questions as well as short unanswerable ones:
- nothing retrieved is close, by meaning or by words;
- what the question asks about (its common words: "population", "budget") appears nowhere
  in the corpus;
- a large share of its names ("Macau", "FIFA") appears nowhere in the corpus. One unknown
  name among many is a spelling variant; the only place named being unknown is the question;
- it asks for a figure and the passages give none.
"""

from __future__ import annotations

from dataclasses import dataclass

from retrieval.index import SearchIndex
from retrieval.question import Question
from retrieval.search import ScoredSentence, answer_type_match


@dataclass(frozen=True)
class RefusalPolicy:
    min_dense: float = 0.25
    min_keyword: float = 0.25
    max_unknown_ask: float = 0.99
    max_unknown_topic: float = 0.34


DEFAULT_POLICY = RefusalPolicy()


def unknown_share(index: SearchIndex, terms: tuple[str, ...]) -> float:
    """Rarity-weighted share of ``terms`` that no sentence of the corpus contains."""
    total = sum(index.idf(t) for t in terms)
    if not total:
        return 0.0
    return sum(index.idf(t) for t in terms if not index.knows(t)) / total


def refusal_reason(
    index: SearchIndex,
    question: Question,
    quotes: list[ScoredSentence],
    policy: RefusalPolicy = DEFAULT_POLICY,
) -> str | None:
    """Why the bot should not answer, or None when the quotes answer the question."""
    if not quotes:
        return "nothing in the articles matches the question"
    best = max(quotes, key=lambda q: q.score)
    if best.dense < policy.min_dense and best.keyword < policy.min_keyword:
        return "the closest passages share neither meaning nor words with the question"
    if question.ask_terms != question.terms and (
        unknown_share(index, question.ask_terms) >= policy.max_unknown_ask
    ):
        return "what it asks about is not mentioned in them"
    if unknown_share(index, question.topic_terms) > policy.max_unknown_topic:
        return "the names in the question do not appear in them"
    if question.wants == "number" and not any(
        answer_type_match(index.sentences[q.index].text, "number") for q in quotes
    ):
        return "the passages found give no figure"
    return None
