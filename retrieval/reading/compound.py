"""Questions that ask two things at once: "Which departments took part in the meeting, and
what did Wong Chi-kwong say about AI?"

Asked whole, such a question is answered by the two sentences closest to the mix, which
usually serve one half and drop the other. Split at a comma, semicolon or "and" that opens a
new wh-question, each part is answered on its own; a part that leans on the one before
("..., and who spoke there?") is read as its follow-up.
"""

from __future__ import annotations

import re

from retrieval.lexicon import AUXILIARIES, PREPOSITIONS, QUESTION_WORDS
from retrieval.reading.question import TOPIC_PREFIX as _TOPIC

_SPLIT = re.compile(
    rf"\s*[,;]\s*(?:(?:and|but|also)\s+)?(?=(?:{QUESTION_WORDS})\b)"
    rf"|\s+and\s+(?=(?:{QUESTION_WORDS})\b)"
    # A question mark inside the text ends a question: "where was he detained? and in the
    # stop and search row, how many were convicted?" asks two, whatever the second opens with.
    r"|(?P<stop>\?+)\s+(?:(?:and|but|also|plus)\s+)?(?=\S)",
    re.I,
)
# The first part must read as a question itself: "Along with drought, what else...?" and
# "When rich countries trade, whose wages rise?" are one question with a fronted phrase;
# "Where was the ship sailing from, and where was it headed?" asks two.
_PREPOSITION = rf"({PREPOSITIONS})"
_AUXILIARY = rf"({AUXILIARIES})"
_ASKS = re.compile(
    rf"^\W*(what|which|who|whom|whose|how|why|{_PREPOSITION} (what|which|whom|how)|"
    rf"(where|when) {_AUXILIARY}|"
    rf"{_AUXILIARY}|name|list)\b",
    re.I,
)
MIN_PART_WORDS = 3  # "How and why did it happen?" stays one question
MAX_PARTS = 4


def question_parts(text: str) -> list[str]:
    """The questions ``text`` asks, in order; a plain question is its own only part. A
    topic set before them ("Stephen Fry - ...") is kept at the head of every part."""
    parts = _split(text)
    if len(parts) > 1 or not (m := _TOPIC.match(text)):
        return parts
    asked = _split(text[m.end() :])
    if len(asked) == 1:
        return [text]
    return [f"{m['topic']}{m['sep']}{part[:1].lower()}{part[1:]}" for part in asked]


def shared_topic(parts: list[str]) -> str | None:
    """The topic every part opens with, when ``question_parts`` set one before each."""
    found = [m["topic"] if (m := _TOPIC.match(p)) else None for p in parts]
    return found[0] if len(parts) > 1 and found[0] and len(set(found)) == 1 else None


def _split(text: str) -> list[str]:
    parts: list[str] = []
    start = 0
    for m in _SPLIT.finditer(text):
        head, rest = text[start : m.start()], text[m.end() :]
        if m["stop"] and not (_asks_itself(head) and rest.rstrip().endswith("?")):
            continue  # "fox doing an american eastenders?? which city..." sets a topic
        if (
            len(head.split()) >= MIN_PART_WORDS
            and len(rest.split()) >= MIN_PART_WORDS
            and (m["stop"] or _ASKS.match(head))
        ):
            parts.append(head)
            start = m.end()
    parts.append(text[start:])
    if len(parts) > MAX_PARTS:
        parts = [*parts[: MAX_PARTS - 1], " ".join(parts[MAX_PARTS - 1 :])]
    if len(parts) == 1:
        return [text]
    return [_as_question(p) for p in parts]


def _asks_itself(head: str) -> bool:
    """Whether ``head`` is a question of its own, after any topic set before it
    ("guantanamo passport ban: where was he detained")."""
    m = _TOPIC.match(head)
    return bool(_ASKS.match(head) or (m and _ASKS.match(head[m.end() :])))


def _as_question(part: str) -> str:
    part = part.strip().rstrip(",;")
    part = part[:1].upper() + part[1:]
    return part if part.endswith(("?", ".", "!")) else f"{part}?"
