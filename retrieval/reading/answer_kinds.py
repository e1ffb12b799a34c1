"""What kind of answer a passage holds: a figure, a duration, a date, a named person, a
statement.

A question's kind ("how many", "when", "who", "what did X say") favours passages of that
kind when quotes are ranked, and a figure or date question whose best passage holds none is
not answered. Dates are not figures: "On April 12, the exhibition opened" says nothing about
how many came.
"""

from __future__ import annotations

import re
from enum import StrEnum

from retrieval.lexicon import (
    ANY_YEAR,
    CURRENCY_AFTER,
    CURRENCY_BEFORE,
    MONTHS,
    NAME_PARTICLES,
    NUMBER_WORDS,
    SPEECH_VERBS,
    WEEKDAYS,
    YEAR,
)
from retrieval.terms import content_terms, is_content, stem, words


class AnswerKind(StrEnum):
    """What a question asks for, and so what a passage must hold to answer it."""

    NUMBER = "number"  # "how many", "how much": a figure
    DURATION = "duration"  # "how long": a figure, where dates may tell it
    DATE = "date"  # "when", "which year": a time
    PERSON = "person"  # "who", "which officials": a named person
    STATEMENT = "statement"  # "what did X say": someone's words
    NAME = "name"  # "which album", "what's it called": a proper name
    PLACE = "place"  # "where": a proper name after "in", "at", "from"


# The kinds a passage can be flagged for at ingest (a name is judged against the question).
FLAGGED_KINDS = (
    AnswerKind.NUMBER,
    AnswerKind.DURATION,
    AnswerKind.DATE,
    AnswerKind.PERSON,
    AnswerKind.STATEMENT,
)
_FIGURE = re.compile(rf"\d[\d,.]*\w*|\b(?:{NUMBER_WORDS})\b", re.I)
# The same on lower-cased text: matching without re.I is several times faster, and every
# sentence of an archive is read for figures once.
_LOWER_FIGURE = re.compile(_FIGURE.pattern)
# Figures that only place something in time: "April 12", "12 April", "2019", "the 26th".
_DATE_FIGURE = re.compile(
    rf"\b(?:{MONTHS})\.? \d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)? (?:of )?"
    rf"(?:{MONTHS})\b|(?<![\d.,$€£¥])\b{YEAR}\b(?![.,]\d)|\b\d+(?:st|nd|rd|th)\b"
)
_DATE = re.compile(
    rf"\b{ANY_YEAR}s?\b|\b(?:{MONTHS}|{WEEKDAYS}|century|centuries|decade|"
    r"decades)\b"
)
_ROLE = re.compile(
    r"\b(Commissioner|Director|Minister|Secretary|Mayor|Chairman|Chairwoman|Chair|President|"
    r"Governor|Officer|Chief|Deputy|Vice|Head|Ambassador|Envoy|Spokesperson|Spokesman|Convener|"
    r"Senator|Premier|Chancellor|Dr|Mr|Ms|Mrs|Prof|Professor|CEO|Founder|Executive|King|Queen|"
    rf"Emperor|Pope|General|Captain)\b|\b({SPEECH_VERBS})\b"
)
_SPEECH = re.compile(rf"\b({SPEECH_VERBS})\b|[“”\"]", re.I)
_NAME = re.compile(rf"\b[A-Z][a-z]+(?:[ -](?:(?:{NAME_PARTICLES}) )?[A-Z][a-zA-Z-]+)+\b")
# A proper name of one word or more ("Ibadan", "Prince Edward Theatre", "2d3" aside).
_PROPER = re.compile(rf"\b[A-Z][\w'’-]*(?:[ -](?:(?:of|{NAME_PARTICLES}) )?[A-Z][\w'’-]*)*")
# A place: a proper name after a preposition of place ("in Birmingham", "at the Prince
# Edward Theatre"); not a month or a day ("in March").
_PLACE = re.compile(
    r"\b(?:in|at|from|near|outside|inside|across|to)\s+(?:the\s+)?"
    rf"(?!(?:{MONTHS}|{WEEKDAYS})\b)"
    rf"(?P<name>[A-Z][\w'’-]*(?:[ -](?:(?:of|{NAME_PARTICLES}) )?[A-Z][\w'’-]*)*)"
)


def figures(text: str, dates_count: bool = False) -> list[str]:
    """The figures of ``text``, lower-cased. Dates, years and ordinals ("the 26th
    symposium") count or measure nothing, unless ``dates_count``: how long something lasted
    may be told by its dates."""
    if not dates_count:
        text = _DATE_FIGURE.sub(" ", text)
    return _LOWER_FIGURE.findall(text.lower())


def gives_figure(passage: str, question: str, dates_count: bool = False) -> bool:
    """Whether ``passage`` states a figure the question does not already hold: "How many
    attended the 26th symposium?" is not answered by "the 26th symposium"."""
    known = {m.group(0).lower() for m in _FIGURE.finditer(question)}
    return any(f not in known for f in figures(passage, dates_count))


def has_date(text: str) -> bool:
    return bool(_DATE.search(text))


def names_people(text: str) -> bool:
    """A sentence that names someone: a capitalised name next to a title or a speech verb."""
    return bool(_ROLE.search(text) and _NAME.search(text))


def holds_kind(text: str, wants: AnswerKind | None) -> bool:
    """Whether ``text`` holds the kind of answer a question ``wants``."""
    if wants in (AnswerKind.NUMBER, AnswerKind.DURATION):
        return bool(figures(text, dates_count=wants == AnswerKind.DURATION))
    if wants == AnswerKind.DATE:
        return has_date(text)
    if wants == AnswerKind.PERSON:
        return names_people(text)
    if wants == AnswerKind.STATEMENT:
        return bool(_SPEECH.search(text))
    # "name": nearly every sentence of the news names something; only a name the question
    # lacks marks an answer (``adds_kind``).
    return False


def new_names(text: str, asked: frozenset[str], pattern: re.Pattern[str] = _NAME) -> bool:
    """Whether ``text`` names someone or something the question does not: "Who took over as
    coach after the club sacked Claudio Ranieri?" is answered by a name besides Ranieri's.
    ``asked`` holds the question's terms; a sentence's first word is no name."""
    return bool(_new_name_spans(text, asked, pattern))


def _new_name_spans(
    text: str, asked: frozenset[str], pattern: re.Pattern[str]
) -> list[tuple[int, int]]:
    group = "name" if "name" in pattern.groupindex else 0  # a place's preposition is no name
    return [
        m.span(group)
        for m in pattern.finditer(text)
        if (m.start(group) > 0 or len(m.group(group).split()) > 1)
        and not set(content_terms(m.group(group))) <= asked
    ]


def adds_kind(text: str, question: str, asked: frozenset[str], wants: AnswerKind | None) -> bool:
    """Whether ``text`` holds an answer of the kind asked for that the question does not
    already hold: a new name for "who", a new figure for "how many"."""
    if wants == AnswerKind.PERSON:
        return new_names(text, asked)
    if wants == AnswerKind.NAME:
        return new_names(text, asked, _PROPER)
    if wants == AnswerKind.PLACE:
        return new_names(text, asked, _PLACE)
    if wants in (AnswerKind.NUMBER, AnswerKind.DURATION):
        return gives_figure(text, question, dates_count=wants == AnswerKind.DURATION)
    return holds_kind(text, wants)


_MONEY = re.compile(
    rf"(?:{CURRENCY_BEFORE})\s?\d|\d[\d,.]*\s*(?:bn|m|k|million|billion|trillion)?\s*"
    rf"(?:[A-Z][\w.]*\s+){{0,2}}(?:{CURRENCY_AFTER})\b",
    re.I,
)


def amounts_of_money(text: str) -> list[str]:
    """The amounts of money ``text`` states ("$40m", "2.39bn rupees", "£11.5m")."""
    return [m.group(0) for m in _MONEY.finditer(text)]


_TOKEN = re.compile(r"[^\W_]+(?:[.,'’][^\W_]+)*")


def _answer_spans(
    text: str, question: str, asked: frozenset[str], wants: AnswerKind
) -> list[tuple[int, int]]:
    """Where ``text`` holds an answer of the kind asked for that the question lacks."""
    if wants in (AnswerKind.PERSON, AnswerKind.NAME, AnswerKind.PLACE):
        names = {AnswerKind.PERSON: _NAME, AnswerKind.NAME: _PROPER, AnswerKind.PLACE: _PLACE}
        return _new_name_spans(text, asked, names[wants])
    if wants in (AnswerKind.NUMBER, AnswerKind.DURATION):
        known = {m.group(0).lower() for m in _FIGURE.finditer(question)}
        kept = text
        if wants == AnswerKind.NUMBER:  # blank dates out, keeping every offset
            kept = _DATE_FIGURE.sub(lambda m: " " * len(m.group(0)), text)
        return [m.span() for m in _FIGURE.finditer(kept) if m.group(0).lower() not in known]
    pattern = _DATE if wants == AnswerKind.DATE else _SPEECH
    return [m.span() for m in pattern.finditer(text)]


def answer_beside_asked(
    text: str,
    question: str,
    asked: frozenset[str],
    ask_terms: frozenset[str],
    wants: AnswerKind | None,
    window: int,
) -> bool:
    """Whether an answer of the asked kind stands within ``window`` words of a word of what
    the question asks: in "defence lawyer Reid Weingarten", the name beside "lawyer"
    answers "Who is Ebbers' defence lawyer?"; a name elsewhere in the sentence may not."""
    if wants is None or not ask_terms:
        return False
    spans = _answer_spans(text, question, asked, wants)
    if not spans:
        return False
    tokens = list(_TOKEN.finditer(text))
    marks = [
        i
        for i, t in enumerate(tokens)
        if any(is_content(w) and stem(w) in ask_terms for w in words(t.group(0)))
    ]
    if not marks:
        return False
    for start, end in spans:
        inside = [i for i, t in enumerate(tokens) if t.start() < end and t.end() > start]
        if inside and any(
            m not in inside and min(abs(m - i) for i in inside) <= window for m in marks
        ):
            return True
    return False


def counts_asked(text: str, question: str, counted: list[str], gap: int) -> bool:
    """Whether ``text`` states a figure the question lacks followed, within ``gap`` words,
    by what "how many" counts (``counted``, stems): "About 3,000 Caribs live on the island"
    answers "how many caribs are there?" however the lead sentence ranked."""
    if not counted:
        return False
    spans = _answer_spans(text, question, frozenset(), AnswerKind.NUMBER)
    if not spans:
        return False
    tokens = list(_TOKEN.finditer(text))
    wanted = frozenset(counted)
    for _, end in spans:
        after = [t for t in tokens if t.start() >= end][:gap]
        if any(stem(w) in wanted for t in after for w in words(t.group(0))):
            return True
    return False


def fills_slot(
    text: str,
    question: str,
    asked: frozenset[str],
    wants: AnswerKind | None,
    slots: tuple[tuple[str, str], ...],
    gap: int,
) -> bool:
    """Whether ``text`` holds a new answer where the question's grammar puts it (``slots``:
    a word's stem and the word after it, "MP for", "recorded by"): the word, the one after
    it within ``gap`` words, and an answer of the asked kind (any new name or figure when no
    kind is asked) starting within ``gap`` words after that. "Mr Johnson, MP for
    Henley-on-Thames" answers "which constituency is Boris the MP for?"."""
    if not slots:
        return False
    kinds = [wants] if wants else [AnswerKind.NAME, AnswerKind.NUMBER]
    spans = [span for kind in kinds for span in _answer_spans(text, question, asked, kind)]
    if not spans:
        return False
    tokens = list(_TOKEN.finditer(text))
    starts = {next((i for i, t in enumerate(tokens) if t.end() > s), -1) for s, _ in spans}
    lowered = [t.group(0).lower() for t in tokens]
    for anchor, after in slots:
        for i, w in enumerate(lowered):
            if stem(w) != anchor:
                continue
            for j in range(i + 1, min(i + 1 + gap, len(tokens))):
                if lowered[j] == after and any(j < k <= j + gap for k in starts):
                    return True
    return False
