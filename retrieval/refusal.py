"""Decide whether the best passages answer the question or the bot should say it cannot.

Signals, each checked against long answerable questions as well as short unanswerable ones:
- the best sentence is neither close in meaning to the question nor holds what it asks;
- what the question asks about (its common words: "population", "budget"; for a figure
  question, what "how many" counts: "employees") appears nowhere in the corpus;
- a large share of its names ("Macau", "FIFA") appears nowhere in the corpus. One unknown
  name among many is a spelling variant; the only place named being unknown is the question;
- a name it leans on is missing from the article of the best quote: "the GDP of Hangzhou"
  answered from an article that gives only Beijing's GDP;
- it asks for a figure and the best passage gives none besides those in the question (and
  its dates), or it asks when and the best passage names no time;
- it asks about one of several ("the third fair", "Phase 2") and the best passage's article
  speaks only of others ("the second fair", "Phase 3"), or names a year the article neither
  mentions nor is dated in;
- it asks what did *not* happen and no passage speaks of anything not happening.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.answer_kinds import gives_figure, has_date
from retrieval.index import SearchIndex
from retrieval.question import Question
from retrieval.search import ScoredSentence
from retrieval.terms import YEAR, is_content, qualified_terms, qualifier_kind, stem, words

_COUNTED = re.compile(r"\bhow many\s+(.*)", re.I)
_YEAR = re.compile(YEAR)
_THING = re.compile(
    r"(?:\b(?:the|a|an|its|his|her|their|our|your|what|which|whose|of)\s+|['’]s\s+)"
    r"([^\W\d_][\w-]*)",
    re.I,
)
_NEGATION = re.compile(
    r"\b(not|never|no|none|nobody|nothing|neither|nor|cannot|without|fail(ed|s)? to)\b|n't\b",
    re.I,
)


@dataclass(frozen=True)
class RefusalPolicy:
    min_dense: float = 0.3  # cosine similarity of the best-ranked sentence to the question
    min_keyword: float = 0.75  # ... unless it holds this much of what the question asks
    max_unknown_ask: float = 0.99
    max_unknown_topic: float = 0.34
    max_absent_names: float = 0.1  # share of the question's names missing from the top articles
    articles_checked: int = 3
    max_unquoted_names: float = 0.2  # share of its weight in names the best quote's article lacks


DEFAULT_POLICY = RefusalPolicy()


def unknown_share(index: SearchIndex, terms: tuple[str, ...]) -> float:
    """Rarity-weighted share of ``terms`` that no sentence of the corpus contains."""
    total = sum(index.idf(t) for t in terms)
    if not total:
        return 0.0
    return sum(index.idf(t) for t in terms if not index.knows(t)) / total


def absent_names_share(
    index: SearchIndex, question: Question, ranked: list[ScoredSentence], articles: int
) -> float:
    """Rarity-weighted share of the question's terms that are names or numbers found in none
    of the best ``articles`` articles: the question is about another person, place or year."""
    sources: list[str] = []
    for s in ranked:
        src = index.sentences[s.index].source
        if src not in sources:
            sources.append(src)
            if len(sources) == articles:
                break
    have = frozenset().union(*(index.article_terms(src) for src in sources))
    total = sum(index.idf(t) for t in question.terms)
    absent = sum(index.idf(t) for t in question.name_terms if len(t) > 2 and t not in have)
    return absent / total if total else 0.0


def unquoted_names_share(
    index: SearchIndex, question: Question, quotes: list[ScoredSentence]
) -> float:
    """Rarity-weighted share of the question's terms that are names the corpus knows but the
    article of the best quote does not contain (any quoted article, when the question joins
    names with "and": "the 23rd and 26th symposiums" may be answered from two articles).

    Short excerpts often leave their subject to a title they lost, so one name among many may
    be missing from a right answer; a name that carries a fifth of the question may not.
    """
    quoted = quotes if question.joins_names else quotes[:1]
    have = frozenset().union(
        *(index.article_terms(index.sentences[q.index].source) for q in quoted)
    )
    total = sum(index.idf(t) for t in question.terms)
    # A follow-up may move on ("and what did Cui Xulong say?"): the earlier question's names
    # point the search, they need not be in the answer.
    own_names = (t for t in question.name_terms if t not in question.context_terms)
    missing = sum(
        index.idf(t) for t in own_names if len(t) > 2 and t not in have and index.knows(t)
    )
    return missing / total if total else 0.0


def other_one(index: SearchIndex, question: Question, ranked: list[ScoredSentence]) -> bool:
    """Whether the question asks about one of several ("the third fair", "the first
    quarter", "Phase 2") and the article of the best passage speaks only of others of them
    ("the second fair", "second-quarter results", "Phase 3"). Only qualifiers of one kind
    clash: "the 2023 forum" may well be "the 3rd forum"."""
    asked = qualified_terms(question.text)
    if not asked:
        return False
    have = index.article_qualifiers(index.sentences[ranked[0].index].source)
    for qualifier, term in asked:
        kind = qualifier_kind(qualifier)
        if (qualifier, term) not in have and any(
            t == term and qualifier_kind(q) == kind for q, t in have
        ):
            return True
    return False


def other_year(index: SearchIndex, question: Question, ranked: list[ScoredSentence]) -> bool:
    """Whether the question names a year that the article of the best passage neither
    mentions nor is dated in: "the 2024 floods" answered from a report of June 2025."""
    have = index.article_terms(index.sentences[ranked[0].index].source)
    return any(_YEAR.fullmatch(t) and t not in have for t in question.name_terms)


def asked_things(question: str) -> list[str]:
    """Terms in the place of a thing: after "the", "a", "its", "what", "of" or a possessive
    ("the *population* of", "what *budget*", "the ship's *captain*"). A word the articles
    never use there is a thing they never mention; elsewhere it is more often a verb they
    put differently ("why did the stage *shut* down?", "where was the ship *sailing* from?")."""
    return [stem(w) for w in words(" ".join(_THING.findall(question))) if is_content(w)]


def counted_terms(question: str) -> list[str]:
    """What "how many" counts: the words after it up to the verb ("how many tons of living
    plants are..." counts tons, living, plants; "how many were killed" names nothing)."""
    m = _COUNTED.search(question)
    if not m:
        return []
    out: list[str] = []
    for word in words(m.group(1)):
        if word == "of":
            continue
        if not is_content(word) or len(out) == 3:
            break
        out.append(stem(word))
    return out


def refusal_reason(
    index: SearchIndex,
    question: Question,
    quotes: list[ScoredSentence],
    ranked: list[ScoredSentence],
    policy: RefusalPolicy = DEFAULT_POLICY,
) -> str | None:
    """Why the bot should not answer, or None when the quotes answer the question."""
    if not quotes:
        return "nothing in the articles matches the question"
    if ranked[0].dense < policy.min_dense and ranked[0].keyword < policy.min_keyword:
        return "the closest passages are only loosely related to it"
    # A figure question names what it asks about after "how many" ("employees"); its other
    # words may be verbs the articles do not use ("how long did it last?"), and the figure
    # check below judges those. What someone said is found by who said it; its subject is
    # often put in other words ("how did Ho describe the relationship?": "partners").
    counted = counted_terms(question.text)
    if counted and not any(index.knows(t) for t in counted):
        return "what it asks about is not mentioned in them"
    if (
        question.wants not in ("number", "duration", "statement")
        and question.ask_terms != question.terms
        and unknown_share(index, question.ask_terms) >= policy.max_unknown_ask
        and any(not index.knows(t) for t in asked_things(question.text))
    ):
        return "what it asks about is not mentioned in them"
    if unknown_share(index, question.name_terms) > policy.max_unknown_topic:
        return "the names in the question do not appear in them"
    if (
        absent_names_share(index, question, ranked, policy.articles_checked)
        > policy.max_absent_names
    ):
        return "the articles closest to it are about other names or dates"
    if unquoted_names_share(index, question, quotes) > policy.max_unquoted_names:
        return "the passages that come closest are about other names or dates"
    if other_one(index, question, ranked):
        return "the passages closest to it are about another one"
    if other_year(index, question, ranked):
        return "the passages closest to it are about another year"
    if _NEGATION.search(question.text) and not any(
        _NEGATION.search(index.sentences[q.index].text) for q in quotes
    ):
        return "it asks about something not happening, and no passage says so"
    best = index.sentences[ranked[0].index].text
    if question.wants in ("number", "duration") and not gives_figure(
        best, question.text, dates_count=question.wants == "duration"
    ):
        return "the passage closest to it gives no figure"
    if question.wants == "date" and not has_date(best):
        return "the passage closest to it gives no date"
    return None
