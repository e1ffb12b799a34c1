"""What the question-reading rules take from the corpus an index holds: its own spelling
and abbreviations, the names it writes capitalised, the kinds of answer each sentence
holds, the qualified terms ("the 2024 floods") of each article. Each is computed on first
need and kept, so a server warms them once (``Newsbot.warm``); the index itself holds only
what retrieval needs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property, lru_cache

import numpy as np

from retrieval.answering.index import SearchIndex
from retrieval.reading.answer_kinds import AnswerKind, holds_kind
from retrieval.reading.spelling import Abbreviations, Speller
from retrieval.terms import content_terms, numbered_positions, qualified_terms

# A term is a name of the corpus when at least this share of its uses, and this many, are
# capitalised mid-sentence: "Glasgow", "Ferdinand", not "government" (often "Government").
NAME_SHARE = 0.9
NAME_MIN_SEEN = 2
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*")
_UNREAD = -1  # an answer-kind flag not computed yet


class CorpusReadings:
    """The corpus-wide facts the rules read off one ``SearchIndex``."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        # Per kind, each sentence's flag: 1 holds it, 0 does not, ``_UNREAD`` not yet read.
        self._answer_types: dict[str, np.ndarray] = {}
        self._qualifiers: dict[str, frozenset[tuple[str, str]]] = {}
        self._positions: dict[str, frozenset[tuple[str, str]]] = {}

    @classmethod
    def carried_over(
        cls,
        index: SearchIndex,
        previous: CorpusReadings,
        earlier: np.ndarray,
        unchanged: frozenset[str],
    ) -> CorpusReadings:
        """The readings of ``index``, an update of ``previous.index``: what ``previous``
        computed for the sentences and articles kept (``earlier`` holds each sentence's row
        there, -1 when new; ``unchanged`` the articles whose text and heading are the same)
        is reused, so adding one article costs its own sentences, not the archive's."""
        out = cls(index)
        kept = earlier >= 0
        for kind, flags in previous._answer_types.items():
            fresh = np.full(len(index.sentences), _UNREAD, dtype=np.int8)
            fresh[kept] = flags[earlier[kept]]  # the new sentences are read when asked
            out._answer_types[kind] = fresh
        out._qualifiers = {s: q for s, q in previous._qualifiers.items() if s in unchanged}
        out._positions = {s: q for s, q in previous._positions.items() if s in unchanged}
        if "_name_counts" in previous.__dict__:
            seen, capitalised = (dict(c) for c in previous._name_counts)
            dropped = np.ones(len(previous.index.sentences), dtype=bool)
            dropped[earlier[kept]] = False
            for g in np.flatnonzero(dropped):
                _count_names(previous.index.sentences.text[g], seen, capitalised, -1)
            for g in np.flatnonzero(~kept):
                _count_names(index.sentences.text[g], seen, capitalised, 1)
            out.__dict__["_name_counts"] = (seen, capitalised)
        return out

    @cached_property
    def speller(self) -> Speller:
        """Spelling correction against the corpus's own terms and names, built on first
        need."""
        texts = [a.title for a in self.index.articles.values()] + list(self.index.sentences.text)
        return Speller(self.index.document_frequency, Abbreviations(texts))

    def answer_type_flags(self, wants: AnswerKind, rows: np.ndarray) -> np.ndarray:
        """1.0 for each sentence of ``rows`` that holds the kind of answer asked for, else
        0.0. A sentence is read the first time a question asks about it, and kept: a
        question reads a few hundred candidates, and an archive need not be read whole
        before its first answer, nor after each article added."""
        flags = self._answer_types.get(wants)
        if flags is None:
            flags = self._answer_types.setdefault(
                wants, np.full(len(self.index.sentences), _UNREAD, dtype=np.int8)
            )
        for g in rows[flags[rows] == _UNREAD].tolist():
            flags[g] = holds_kind(self.index.sentences.text[g], wants)
        return flags[rows].astype(np.float32)

    def article_qualifiers(self, source: str) -> frozenset[tuple[str, str]]:
        """The (qualifier, term) pairs of an article's title and sentences, computed once."""
        return self._article_pairs(self._qualifiers, source, qualified_terms)

    def article_positions(self, source: str) -> frozenset[tuple[str, str]]:
        """The things an article numbers after their name ("round one"), computed once."""
        return self._article_pairs(self._positions, source, numbered_positions)

    def _article_pairs(
        self,
        cache: dict[str, frozenset[tuple[str, str]]],
        source: str,
        read: Callable[[str], frozenset[tuple[str, str]]],
    ) -> frozenset[tuple[str, str]]:
        """What ``read`` finds in an article's title and sentences, kept in ``cache``."""
        if source not in cache:
            a = self.index.articles[source]
            texts = [a.title, *self.index.sentences.text[a.first : a.last + 1]]
            cache[source] = frozenset().union(*map(read, texts))
        return cache[source]

    @cached_property
    def _name_counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """How often each term is used where a sentence does not begin, and how often
        capitalised there."""
        seen: dict[str, int] = {}
        capitalised: dict[str, int] = {}
        for text in self.index.sentences.text:
            _count_names(text, seen, capitalised, 1)
        return seen, capitalised

    @cached_property
    def written_capitalised(self) -> frozenset[str]:
        """Terms the articles write capitalised where a sentence does not begin, nearly
        always (``NAME_SHARE`` of ``NAME_MIN_SEEN`` uses or more): the names of the corpus,
        by which a question typed in lower case ("franz ferdinand: which label?") is read."""
        seen, capitalised = self._name_counts
        return frozenset(
            t
            for t, n in seen.items()
            if n >= NAME_MIN_SEEN and capitalised.get(t, 0) >= NAME_SHARE * n
        )


@lru_cache(maxsize=1 << 18)
def _token_terms(token: str) -> tuple[str, ...]:
    """``content_terms`` of one word, kept: an archive uses far fewer words than it has
    tokens, and counting names reads every token of every sentence."""
    return tuple(content_terms(token))


def _count_names(text: str, seen: dict[str, int], capitalised: dict[str, int], by: int) -> None:
    """Add (``by`` = 1) or take away (-1) one sentence's uses to the name counts."""
    for i, token in enumerate(_TOKEN.findall(text)):
        if i == 0:
            continue
        upper = token[0].isupper()
        for term in _token_terms(token):
            seen[term] = seen.get(term, 0) + by
            capitalised[term] = capitalised.get(term, 0) + by * upper
