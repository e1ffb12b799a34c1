"""Decide whether the best passages answer the question or the bot should say it cannot.

Each reason to refuse is a named check (``CHECKS``) with a code that the JSON answer
carries, and each can be switched off (``RefusalPolicy.without``) to measure what it buys:
``bench/eval_sets.py --refusal-table`` counts, per check and set, the answerable and the
unanswerable questions it refused. A check that refused as many answerable questions as
unanswerable ones over all sets is to be fixed or removed. The checks:
- the best sentence is neither close in meaning to the question nor holds what it asks;
- what the question asks about (its common words: "population", "budget"; for a figure
  question, what "how many" counts: "employees") appears nowhere in the corpus;
- it cites an outlet the archive holds no article from ("an article from Bloomberg");
- a large share of its names ("Macau", "FIFA") appears nowhere in the corpus. One unknown
  name among many is a spelling variant; the only place named being unknown is the question;
- its names are absent from the closest articles, or a name it leans on is missing from the
  article of the best quote: "the GDP of Hangzhou" answered from Beijing's GDP;
- it asks about one of several ("the third fair", "Phase 2") and the best passage's article
  speaks only of others ("the second fair", "Phase 3"), or names a year a dated article
  neither mentions nor is dated in;
- it asks when and the best passage names no time; it asks for an amount of money and no
  quote states one; it asks what did *not* happen and no quote speaks of anything not
  happening; it asks for a figure and the best passage gives none besides the question's,
  nor does a quote of its article count what "how many" asks ("about 3,000 Caribs").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from prompts import prompt
from retrieval.answering.index import SearchIndex
from retrieval.answering.search import ScoredSentence
from retrieval.lexicon import ABBREVIATIONS, YEAR
from retrieval.models import RefusalInfo
from retrieval.reading.answer_kinds import (
    AnswerKind,
    amounts_of_money,
    counts_asked,
    gives_figure,
    has_date,
)
from retrieval.reading.outlets import OutletMention
from retrieval.reading.question import Question
from retrieval.terms import (
    content_terms,
    is_content,
    qualified_terms,
    qualifier_kind,
    stem,
    words,
)

_COUNTED = re.compile(r"\bhow many\s+(.*)", re.I)
_YEAR = re.compile(YEAR)
# "No 1", "no. 10" number something; they deny nothing.
_NEGATION = re.compile(
    r"\b(not|never|no(?!\.?\s*\d)|none|nobody|nothing|neither|nor|cannot|without|"
    r"fail(ed|s)? to)\b|n't\b",
    re.I,
)
_ASIDE = re.compile(r"\([^)]*\)")
_THING = re.compile(
    r"(?:\b(?:the|a|an|its|his|her|their|our|your|what|which|whose|of)\s+|['’]s\s+)"
    r"([^\W\d_][\w-]*)",
    re.I,
)


@dataclass(frozen=True)
class RefusalPolicy:
    """The thresholds of the refusal checks (``CHECKS``); each check can be switched off by
    its code to measure what it buys (``bench/eval_sets.py --without CODE``)."""

    # loosely_related: a best sentence this far from the question in meaning ...
    min_dense: float = 0.3  # cosine similarity of the best-ranked sentence to the question
    min_keyword: float = 0.75  # ... unless it holds this much of what the question asks
    # unknown_subject: only when all of what it asks about is unknown (a share, so rounding
    # of one term in a hundred does not count).
    max_unknown_ask: float = 0.99
    # unknown_names: over a third of its names (by rarity) unknown; one odd spelling among
    # three names is not enough.
    max_unknown_topic: float = 0.34
    max_absent_names: float = 0.1  # share of the question's names missing from the top articles
    articles_checked: int = 3  # absent_names: how many of the closest articles are looked in
    max_unquoted_names: float = 0.2  # share of its weight in names the best quote's article lacks
    # absent_names, unquoted_names: an abbreviation the question uses ("the new CEO") is in
    # an article that writes its words out ("chief executive"); False switches it off.
    abbreviations: bool = True
    # absent_names, unquoted_names: a word typed in lower case that the corpus writes as a
    # name ("to *nick* the second set", "corrie") may be an ordinary word or a nickname, so
    # its absence weighs this share of a name's (1 weighs it as one).
    guessed_name_weight: float = 0.5
    # no_figure: the best passage often restates the question ("plans to portray the
    # Caribs ...") and a quote of its article counts what "how many" asks ("about 3,000
    # Caribs"): a new figure followed within this many words by what is counted answers
    # it. 0 switches it off.
    counted_gap: int = 2
    disabled: frozenset[str] = frozenset()  # check codes switched off (to measure them)

    def without(self, codes: frozenset[str]) -> RefusalPolicy:
        """This policy with the checks named by ``codes`` switched off."""
        unknown = codes - {c.code for c in CHECKS}
        if unknown:
            known = ", ".join(c.code for c in CHECKS)
            raise ValueError(f"unknown refusal check {', '.join(sorted(unknown))}; use {known}")
        return replace(self, disabled=self.disabled | codes)


DEFAULT_POLICY = RefusalPolicy()


def unknown_share(
    index: SearchIndex, terms: tuple[str, ...], known: frozenset[str] = frozenset()
) -> float:
    """Rarity-weighted share of ``terms`` that no sentence of the corpus contains (besides
    ``known`` ones)."""
    total = sum(index.idf(t) for t in terms)
    if not total:
        return 0.0
    return sum(index.idf(t) for t in terms if not index.knows(t) and t not in known) / total


def closest_sources(index: SearchIndex, ranked: list[ScoredSentence], n: int) -> list[str]:
    """The first ``n`` distinct articles of ``ranked``."""
    sources: list[str] = []
    for s in ranked:
        src = s.sentence.source
        if src not in sources:
            sources.append(src)
            if len(sources) == n:
                break
    return sources


_ABBREVIATED = {
    stem(short.lower()): tuple(content_terms(long)) for short, long in ABBREVIATIONS.items()
}


def holds_name(term: str, have: frozenset[str], abbreviations: bool = True) -> bool:
    """Whether an article whose terms are ``have`` holds the question's name ``term``:
    written as asked, or, with ``abbreviations``, an abbreviation's words written out
    ("CEO": "chief executive")."""
    if term in have:
        return True
    long = _ABBREVIATED.get(term) if abbreviations else None
    return bool(long) and all(t in have for t in long or ())


def _name_weight(index: SearchIndex, question: Question, term: str, guessed: float) -> float:
    """A name's rarity, times ``guessed`` when it was read as a name only because the
    corpus writes it so (``Question.guessed_names``)."""
    return index.idf(term) * (guessed if term in question.guessed_names else 1.0)


def absent_names_share(
    index: SearchIndex,
    question: Question,
    ranked: list[ScoredSentence],
    articles: int,
    abbreviations: bool = True,
    guessed_weight: float = 1.0,
) -> float:
    """Rarity-weighted share of the question's terms that are names or numbers found in none
    of the best ``articles`` articles: the question is about another person, place or year."""
    sources = closest_sources(index, ranked, articles)
    have = frozenset().union(*(index.article_terms(src) for src in sources))
    total = sum(index.idf(t) for t in question.terms)
    absent = sum(
        _name_weight(index, question, t, guessed_weight)
        for t in question.name_terms
        if len(t) > 2 and not holds_name(t, have, abbreviations)
    )
    return absent / total if total else 0.0


def unquoted_names_share(
    index: SearchIndex,
    question: Question,
    quotes: list[ScoredSentence],
    spans: bool = False,
    present: frozenset[str] = frozenset(),
    abbreviations: bool = True,
    guessed_weight: float = 1.0,
) -> float:
    """Rarity-weighted share of the question's terms that are names the corpus knows but the
    article of the best quote does not contain (any quoted article, when the question joins
    names with "and": "the 23rd and 26th symposiums" may be answered from two articles).

    Short excerpts often leave their subject to a title they lost, so one name among many may
    be missing from a right answer; a name that carries a fifth of the question may not.
    """
    quoted = quotes if question.joins_names or spans else quotes[:1]
    have = present.union(*(index.article_terms(q.sentence.source) for q in quoted))
    total = sum(index.idf(t) for t in question.terms)
    # A follow-up may move on ("and what did Cui Xulong say?"): the earlier question's names
    # point the search, they need not be in the answer.
    own_names = (t for t in question.name_terms if t not in question.context_terms)
    missing = sum(
        _name_weight(index, question, t, guessed_weight)
        for t in own_names
        if len(t) > 2 and not holds_name(t, have, abbreviations) and index.knows(t)
    )
    return missing / total if total else 0.0


def other_one(e: Evidence) -> bool:
    """Whether the question asks about one of several ("the third fair", "the first
    quarter", "Phase 2") and the article of the best passage speaks only of others of them
    ("the second fair", "second-quarter results", "Phase 3"). Only qualifiers of one kind
    clash: "the 2023 forum" may well be "the 3rd forum". An article that numbers the asked
    one after its name ("round one" for "the first round") speaks of it."""
    asked = qualified_terms(e.question.text)
    if not asked:
        return False
    source = e.ranked[0].sentence.source
    have = e.index.readings.article_qualifiers(source)
    numbered = e.index.readings.article_positions(source)
    for qualifier, term in asked:
        kind = qualifier_kind(qualifier)
        if (qualifier, term) in numbered:
            continue  # "the first round" asked, "round one" written
        if (qualifier, term) not in have and any(
            t == term and qualifier_kind(q) == kind for q, t in have
        ):
            return True
    return False


def other_year(e: Evidence) -> bool:
    """Whether the question names a year that the article of the best passage neither
    mentions nor is dated in: "the 2024 floods" answered from a report of June 2025. An
    undated article that names no year at all cannot tell."""
    source = e.ranked[0].sentence.source
    have = e.index.article_terms(source)
    if not e.index.articles[source].date and not any(_YEAR.fullmatch(t) for t in have):
        return False  # "last year" in an article that names no year may be any year
    return any(_YEAR.fullmatch(t) and t not in have for t in e.question.name_terms)


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


@dataclass(frozen=True)
class Evidence:
    """What a refusal check looks at: the question, the quotes chosen and every ranked
    sentence."""

    index: SearchIndex
    question: Question
    quotes: list[ScoredSentence]
    ranked: list[ScoredSentence]
    policy: RefusalPolicy
    outlets: list[OutletMention] = field(default_factory=list)  # the outlets it cites
    lead: list[ScoredSentence] = field(default_factory=list)  # one quote per cited outlet

    @property
    def best(self) -> str:
        return self.ranked[0].sentence.text

    @property
    def compares(self) -> bool:
        """Whether the answer spans several cited outlets' articles."""
        return len({s.sentence.source for s in self.lead}) > 1

    @property
    def outlet_terms(self) -> frozenset[str]:
        """Words of the outlets it cites that the archive has ("Cnbc | World Business News"):
        present in those articles' metadata, so never missing names."""
        return frozenset(t for m in self.outlets if m.publisher for t in content_terms(m.text))


def _loosely_related(e: Evidence) -> bool:
    top = e.ranked[0]
    return top.dense < e.policy.min_dense and top.keyword < e.policy.min_keyword


def _uncounted(e: Evidence) -> bool:
    # A figure question names what it asks about after "how many" ("employees"); its other
    # words may be verbs the articles do not use ("how long did it last?").
    counted = counted_terms(e.question.text)
    return bool(counted) and not any(e.index.knows(t) for t in counted)


def _unknown_subject(e: Evidence) -> bool:
    # What someone said is found by who said it; its subject is often put in other words
    # ("how did Ho describe the relationship?": "partners").
    q = e.question
    return (
        q.wants not in (AnswerKind.NUMBER, AnswerKind.DURATION, AnswerKind.STATEMENT)
        and q.ask_terms != q.terms
        and unknown_share(e.index, q.ask_terms) >= e.policy.max_unknown_ask
        and any(not e.index.knows(t) for t in asked_things(q.text))
    )


def _unknown_names(e: Evidence) -> bool:
    share = unknown_share(e.index, e.question.name_terms, e.outlet_terms)
    return share > e.policy.max_unknown_topic


def _absent_names(e: Evidence) -> bool:
    share = absent_names_share(
        e.index,
        e.question,
        e.ranked,
        e.policy.articles_checked,
        e.policy.abbreviations,
        e.policy.guessed_name_weight,
    )
    return share > e.policy.max_absent_names


def _unquoted_names(e: Evidence) -> bool:
    share = unquoted_names_share(
        e.index,
        e.question,
        [*e.lead, *e.quotes],
        bool(e.lead),
        e.outlet_terms,
        e.policy.abbreviations,
        e.policy.guessed_name_weight,
    )
    return share > e.policy.max_unquoted_names


def _counted_in_quotes(e: Evidence) -> bool:
    """Whether a quote of the best article states the count asked for
    (``RefusalPolicy.counted_gap``)."""
    gap = e.policy.counted_gap
    counted = counted_terms(e.question.text) if gap else []
    source = e.ranked[0].sentence.source
    return any(
        counts_asked(q.sentence.text, e.question.text, counted, gap)
        for q in e.quotes
        if q.sentence.source == source
    )


def _no_figure(e: Evidence) -> bool:
    wants = e.question.wants
    return (
        wants in (AnswerKind.NUMBER, AnswerKind.DURATION)
        and not gives_figure(e.best, e.question.text, dates_count=wants == AnswerKind.DURATION)
        and not _counted_in_quotes(e)
    )


def _no_money(e: Evidence) -> bool:
    # "A cost question needs money": a figure of another kind (a date, a count, a floor
    # area) does not answer "how much did it cost?".
    return e.question.asks_money and not any(amounts_of_money(q.sentence.text) for q in e.quotes)


def _no_negation(e: Evidence) -> bool:
    # Asked what did *not* happen, a passage that says nothing of the kind is no answer. A
    # negation in an aside ("the one the Tate couldn't buy") or deep in a long question
    # ("likened to an investor, but not by TechCrunch") qualifies a description instead.
    text = _ASIDE.sub(" ", e.question.text)
    m = _NEGATION.search(text)
    if not m or len(text[: m.start()].split()) > MAX_NEGATION_AT:
        return False
    return not any(_NEGATION.search(q.sentence.text) for q in e.quotes)


def _no_date(e: Evidence) -> bool:
    return e.question.wants == AnswerKind.DATE and not has_date(e.best)


def _unknown_outlet(e: Evidence) -> bool:
    # Only a corpus whose articles state their outlets can say it has none from another.
    # A name the closest articles hold is more likely their subject (or an author) than an
    # outlet ("a report by Megan Grey" when the article quotes Megan Grey).
    if not e.index.sources_by_publisher:
        return False
    unknown = [m for m in e.outlets if m.publisher is None and m.text not in e.index.authors]
    if not unknown:
        return False
    sources = closest_sources(e.index, e.ranked[:20], e.policy.articles_checked)
    have = frozenset().union(*(e.index.article_terms(src) for src in sources))
    return any(not set(content_terms(m.text)) <= have for m in unknown)


@dataclass(frozen=True)
class RefusalCheck:
    """One named reason to refuse: ``code`` for tables and switches, ``test`` decides."""

    code: str
    why: str  # one line: what it catches
    test: Callable[[Evidence], bool]


# Checks that judge one passage: a question comparing several outlets' articles is answered
# by several, and its negations ("did not agree") are about how they relate.
SINGLE_PASSAGE_CHECKS = frozenset(
    {"no_negation", "no_figure", "no_date", "no_money", "other_one", "other_year"}
)
# A negation this many words into a question qualifies a description, not what is asked.
MAX_NEGATION_AT = 12

# Checks that look for the question's names in the closest articles: a question that names
# its outlets ("the TechCrunch article") has its articles chosen by outlet and day, and
# describes them at length in words of its own.
ARTICLES_NAMED_CHECKS = frozenset({"absent_names"})

# In the order they are tried; the first that holds names the refusal.
CHECKS: tuple[RefusalCheck, ...] = (
    RefusalCheck(
        "loosely_related", "the best sentence is neither close nor on point", _loosely_related
    ),
    RefusalCheck("uncounted", "what 'how many' counts is never mentioned", _uncounted),
    RefusalCheck("unknown_subject", "what it asks about is never mentioned", _unknown_subject),
    RefusalCheck("unknown_outlet", "it cites an outlet no article is from", _unknown_outlet),
    RefusalCheck("unknown_names", "most of its names are unknown to the corpus", _unknown_names),
    RefusalCheck("absent_names", "its names are absent from the closest articles", _absent_names),
    RefusalCheck(
        "unquoted_names", "a weighty name is absent from the quoted article", _unquoted_names
    ),
    RefusalCheck("other_one", "it asks about one of several; the article has others", other_one),
    RefusalCheck("other_year", "it names a year the article never does", other_year),
    RefusalCheck("no_date", "it asks when; the best passage names no time", _no_date),
    RefusalCheck("no_money", "it asks for an amount of money; no quote states one", _no_money),
    RefusalCheck("no_negation", "it asks what did not happen; no quote says so", _no_negation),
    RefusalCheck("no_figure", "it asks for a figure; the best passage has none", _no_figure),
)


NO_MATCH = "no_match"


def refusal_for(evidence: Evidence) -> RefusalInfo | None:
    """Why the bot should not answer, or None when the quotes answer the question."""
    if not evidence.quotes:
        return RefusalInfo(code=NO_MATCH, message=prompt(f"reason_{NO_MATCH}"))
    skip = evidence.policy.disabled
    if evidence.lead:
        skip = skip | ARTICLES_NAMED_CHECKS
    if evidence.compares:
        skip = skip | SINGLE_PASSAGE_CHECKS
    for check in CHECKS:
        if check.code not in skip and check.test(evidence):
            return RefusalInfo(code=check.code, message=prompt(f"reason_{check.code}"))
    return None
