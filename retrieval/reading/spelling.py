"""Names the question spells differently from the articles: "Zeria" for "Zeira", "HK" for
"Hong Kong".

A misspelt name is unknown to the corpus, so the question would be refused as being about
someone the articles never mention. A name one edit (a changed, missing, extra or swapped
letter) away from a spelling the articles use is read as that spelling. Short words and
numbers are left alone: "Iran" and "Iraq", "2019" and "2018" are different things. An
abbreviation the articles never use ("HK") is read as the name whose initials it is, when
the articles use one ("Hong Kong").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import cached_property

from retrieval.reading.question import Question
from retrieval.terms import content_terms, stem

MIN_LENGTH = 5


def _one_edit(term: str, alphabet: Iterable[str]) -> set[str]:
    """Every string one deletion, swap of neighbours, replacement or insertion (of a
    letter of ``alphabet``) away from ``term``: optimal string alignment distance one (and
    ``term`` itself, by a letter replaced with itself)."""
    splits = [(term[:i], term[i:]) for i in range(len(term) + 1)]
    return {
        *(a + b[1:] for a, b in splits if b),
        *(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1),
        *(a + c + b[1:] for a, b in splits if b for c in alphabet),
        *(a + c + b for a, b in splits for c in alphabet),
    }


_ABBREVIATION = re.compile(r"\b[A-Z]{2,6}s?\b")
_CONNECTORS = r"(?:\s+(?:of|the|and|for|de|la|du|des|von|van)){0,2}"


class Abbreviations:
    """What an abbreviation stands for in a corpus: "hk" -> ("hong", "kong"), "etf" ->
    ("exchang", "trade", "fund"), the words with its initials found there most often
    ("Hong Kong", "exchange-traded funds"). Looked up when a question needs one, then kept."""

    def __init__(self, texts: Iterable[str]) -> None:
        self._texts = list(texts)
        self._found: dict[str, tuple[str, ...] | None] = {}

    def expand(self, initials: str) -> tuple[str, ...] | None:
        if initials not in self._found:
            self._found[initials] = self._search(initials)
        return self._found[initials]

    def _search(self, initials: str) -> tuple[str, ...] | None:
        if not 2 <= len(initials) <= 6 or not initials.isalpha():
            return None
        words = [rf"[{c.upper()}{c}][^\W\d_]*" for c in initials]
        pattern = re.compile(r"\b" + (rf"{_CONNECTORS}[\s-]+").join(words) + r"\b")
        seen: Counter[tuple[str, ...]] = Counter()
        named: Counter[tuple[str, ...]] = Counter()
        for text in self._texts:
            for m in pattern.finditer(text):
                terms = tuple(content_terms(m.group(0)))
                if len(terms) == len(initials):  # every initial a word that carries meaning
                    seen[terms] += 1
                    # "University College London" for "UCL", over "UK chart last (week)".
                    if all(w[0].isupper() for w in m.group(0).split() if len(w) > 3):
                        named[terms] += 1
        found = named or seen
        return found.most_common(1)[0][0] if found else None


class Speller:
    """Maps an unknown term to a known term a single edit away (the most frequent of them),
    and an unknown abbreviation to the name it stands for.

    The edits of the asked term are looked up in the corpus's terms (a few hundred lookups
    a question), rather than every corpus term's edits tabled in advance: the table took
    seconds to build for a large archive, again after every article added."""

    def __init__(
        self, frequencies: Mapping[str, int], abbreviations: Abbreviations | None = None
    ) -> None:
        self._frequencies = frequencies
        self._abbreviations = abbreviations

    @cached_property
    def _alphabet(self) -> frozenset[str]:
        """Every letter the corpus's terms use: what a replaced or inserted letter may be."""
        return frozenset("".join(self._frequencies))

    def correct(self, term: str) -> str:
        if term in self._frequencies or len(term) < MIN_LENGTH or not term[0].isalpha():
            return term
        # ``term`` is not among the corpus's terms, so every one found is one edit away.
        known = _one_edit(term, self._alphabet) & self._frequencies.keys()
        near = {t for t in known if t[:1] == term[0]}
        if not near:
            return term
        # The most frequent spelling wins; ties go to the alphabetically first, so the
        # answer never depends on set order.
        return min(near, key=lambda t: (-self._frequencies[t], t))

    def expand(self, abbreviation: str) -> tuple[str, ...]:
        """The terms of what an abbreviation the corpus never uses stands for ("HK", "ETFs"),
        or the abbreviation's own term."""
        lower = abbreviation.lower()
        term = stem(lower)
        if term in self._frequencies or self._abbreviations is None:
            return (term,)
        found = self._abbreviations.expand(lower)
        if found is None and abbreviation.endswith("s"):  # "ETFs", not "SARS"
            found = self._abbreviations.expand(lower[:-1])
        return found or (term,)


def correct_spelling(question: Question, speller: Speller) -> Question:
    """The question with each name the articles spell differently replaced by their spelling.

    Only names (words capitalised mid-question) and abbreviations: an ordinary word the
    articles lack is far more often a word they do not use ("strive", "spend") than a typo
    of one they do.
    """
    fixes: dict[str, tuple[str, ...]] = {}
    for t in question.proper_terms:
        if (fixed_term := speller.correct(t)) != t:
            fixes[t] = (fixed_term,)
    for abbreviation in _ABBREVIATION.findall(question.text):
        t = stem(abbreviation.lower())
        if (expanded := speller.expand(abbreviation)) != (t,):
            fixes[t] = expanded
    if not fixes:
        return question

    def fixed(terms: Iterable[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f for t in terms for f in fixes.get(t, (t,))))

    # What a fixed term stands for is a name, wherever the question put the term.
    names = tuple(dict.fromkeys(f for t in fixes if t in question.terms for f in fixes[t]))
    return replace(
        question,
        terms=fixed(question.terms),
        proper_terms=frozenset(fixed(question.proper_terms)).union(names),
        topic_terms=tuple(dict.fromkeys((*fixed(question.topic_terms), *names))),
        context_terms=fixed(question.context_terms),
        ask_terms=tuple(t for t in fixed(question.ask_terms) if t not in names),
    )
