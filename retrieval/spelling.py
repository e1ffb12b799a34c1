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

from retrieval.question import Question
from retrieval.terms import content_terms, stem

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


# Runs of capitalised words, which may hold "of", "the" or "and": "Office of the Digital
# Policy", "Hong Kong Trade Development Council".
_NAME_RUN = re.compile(
    r"[A-Z][a-z]+(?:(?:[ -]|(?:\s(?:of|the|and|for|de|la|du|des|von|van)){1,2}\s)[A-Z][a-z]+)+"
)
_CAPITALISED = re.compile(r"[A-Z][a-z]+")
_ABBREVIATION = re.compile(r"\b[A-Z]{2,6}\b")
MAX_INITIALS = 6


def abbreviations(texts: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Initials -> the terms of the name they most often stand for in ``texts``: "hk" ->
    ("hong", "kong"), from every run of two to six capitalised words."""
    seen: dict[str, Counter[tuple[str, ...]]] = {}
    for text in texts:
        for run in _NAME_RUN.finditer(text):
            names = _CAPITALISED.findall(run.group(0))
            for i in range(len(names)):
                for j in range(i + 2, min(len(names), i + MAX_INITIALS) + 1):
                    initials = "".join(n[0] for n in names[i:j]).lower()
                    terms = tuple(content_terms(" ".join(names[i:j])))
                    seen.setdefault(initials, Counter())[terms] += 1
    return {initials: names.most_common(1)[0][0] for initials, names in seen.items()}


class Speller:
    """Maps an unknown term to a known term a single edit away (the most frequent of them),
    and an unknown abbreviation to the name it stands for."""

    def __init__(
        self,
        frequencies: Mapping[str, int],
        abbreviated: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        self._frequencies = frequencies
        self._abbreviated = abbreviated or {}
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

    def expand(self, term: str) -> tuple[str, ...]:
        """The terms of the name an unknown abbreviation stands for, or the term itself."""
        if term in self._frequencies:
            return (term,)
        return self._abbreviated.get(term, (term,))


def correct_spelling(question: Question, speller: Speller) -> Question:
    """The question with each name the articles spell differently replaced by their spelling.

    Only names (words capitalised mid-question) and abbreviations: an ordinary word the
    articles lack is far more often a word they do not use ("strive", "spend") than a typo
    of one they do.
    """
    abbreviated = {stem(a.lower()) for a in _ABBREVIATION.findall(question.text)}
    fixes: dict[str, tuple[str, ...]] = {}
    for t in question.proper_terms | abbreviated:
        fixed_term = speller.expand(t) if t in abbreviated else (speller.correct(t),)
        if fixed_term != (t,):
            fixes[t] = fixed_term
    if not fixes:
        return question

    def fixed(terms: Iterable[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f for t in terms for f in fixes.get(t, (t,))))

    names = {f for t in fixes if t in question.terms for f in fixes[t]}
    return replace(
        question,
        terms=fixed(question.terms),
        proper_terms=frozenset(fixed(question.proper_terms)) | names,
        topic_terms=fixed((*question.topic_terms, *(t for t in fixes if t in question.terms))),
        context_terms=fixed(question.context_terms),
        ask_terms=tuple(t for t in fixed(question.ask_terms) if t not in names),
    )
