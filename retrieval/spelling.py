"""Names the question spells differently from the articles: "Zeria" for "Zeira".

A misspelt name is unknown to the corpus, so the question would be refused as being about
someone the articles never mention. A name one edit (a changed, missing, extra or swapped
letter) away from a spelling the articles use is read as that spelling. Short words and
numbers are left alone: "Iran" and "Iraq", "2019" and "2018" are different things.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from retrieval.question import Question

MIN_LENGTH = 5


def _deletions(term: str) -> set[str]:
    return {term[:i] + term[i + 1 :] for i in range(len(term))}


def _one_edit_apart(a: str, b: str) -> bool:
    """Optimal string alignment distance of exactly one."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = sorted((a, b), key=len)
    return short in _deletions(long)


class Speller:
    """Maps an unknown term to a known term a single edit away (the most frequent of them)."""

    def __init__(self, frequencies: Mapping[str, int]) -> None:
        self._frequencies = frequencies
        self._by_deletion: dict[str, set[str]] = {}
        for term in frequencies:
            if len(term) >= MIN_LENGTH - 1 and not term[0].isdigit():
                for d in _deletions(term):
                    self._by_deletion.setdefault(d, set()).add(term)

    def correct(self, term: str) -> str:
        if term in self._frequencies or len(term) < MIN_LENGTH or not term[0].isalpha():
            return term
        near: set[str] = set(self._by_deletion.get(term, ()))
        for d in _deletions(term):
            near |= self._by_deletion.get(d, set())
            if d in self._frequencies:
                near.add(d)
        near = {t for t in near if t[0] == term[0] and _one_edit_apart(t, term)}
        if not near:
            return term
        # The most frequent spelling wins; ties go to the alphabetically first, so the
        # answer never depends on set order.
        return min(near, key=lambda t: (-self._frequencies[t], t))


def correct_spelling(question: Question, speller: Speller) -> Question:
    """The question with each name the articles spell differently replaced by their spelling.

    Only names (words capitalised mid-question): an ordinary word the articles lack is far
    more often a word they do not use ("strive", "spend") than a typo of one they do.
    """
    fixes = {t: speller.correct(t) for t in question.proper_terms}
    fixes = {t: f for t, f in fixes.items() if f != t}
    if not fixes:
        return question

    def fixed(terms: Iterable[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(fixes.get(t, t) for t in terms))

    return replace(
        question,
        terms=fixed(question.terms),
        proper_terms=frozenset(fixed(question.proper_terms)),
        topic_terms=fixed(question.topic_terms),
        context_terms=fixed(question.context_terms),
        ask_terms=fixed(question.ask_terms),
    )
