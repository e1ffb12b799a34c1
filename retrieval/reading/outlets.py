"""Which outlets a question cites: "the TechCrunch article", "as reported by The Verge".

Known outlets are the publishers the corpus's own articles state (see ``metadata``), found in
the question by name; nothing here lists an outlet. A name the corpus does not publish that
stands where an outlet stands ("an article from X", "X reported", "according to X") is an
unknown outlet: the archive holds nothing from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Words that present a source: "the X article", "a report by X".
SOURCE_NOUNS = (
    r"articles?|reports?|pieces?|stor(?:y|ies)|reviews?|coverage|columns?|posts?|op-eds?|"
    r"analys[ie]s|features?|interviews?|updates?|reporting|publications?|outlets?"
)
_WORD = r"[A-Z](?:[\w.&-]|['’](?=\w))*"
_NAME = rf"(?:[Tt]he\s+)?{_WORD}(?:\s+(?:-\s+|of\s+|and\s+|&\s+)?{_WORD}){{0,5}}"
_QUOTED = r"['‘\"“]?"
_UNQUOTE = r"['’\"”]?"
# "an article from X", "a report by X", "according to X".
_AFTER = re.compile(
    rf"\b(?:(?:{SOURCE_NOUNS})\s+(?:from|by|in|published by|published in)|according to)\s+"
    rf"(?:(?:the|a|an)\s+(?:website|outlet|publication|magazine|newspaper)\s+)?"
    rf"{_QUOTED}(?P<name>{_NAME}){_UNQUOTE}"
)
# "the X article", "an X report": a name between an article word and a source noun.
_BEFORE = re.compile(
    rf"\b(?:the|a|an|another)\s+{_QUOTED}(?P<name>{_NAME}){_UNQUOTE}\s+(?:{SOURCE_NOUNS})\b"
)
# A section after an outlet's name, as aggregators print it: "Cnbc | World Business News".
_SECTION = re.compile(r"\s*\|\s*[A-Z][\w&.'’-]*(?:\s+(?:[A-Z&][\w&.'’-]*|and|of))*")
# Capitalised words that open a sentence or a question are no names.
_NOT_NAMES = frozenset(
    "the a an this that these those both another which what who whom whose does did do is "
    "was were has have had when where why how after before between considering based "
    "according january february march april may june july august september october "
    "november december monday tuesday wednesday thursday friday saturday sunday".split()
)


@dataclass(frozen=True)
class OutletMention:
    """Where a question cites an outlet; ``publisher`` is the corpus's own spelling of it,
    ``None`` when no article of the corpus is from it."""

    start: int
    end: int
    text: str
    publisher: str | None
    # Every publisher the name may stand for: "Fox News" names each of "FOX News - Health"
    # and "FOX News - Lifestyle" (one outlet, sections the archive keeps apart).
    publishers: tuple[str, ...] = ()


def _normal(name: str) -> str:
    name = re.sub(r"^the\s+", "", name.strip().lower())
    return " ".join(re.findall(r"[\w&.]+", name))


def publisher_keys(publisher: str) -> list[str]:
    """Ways a question may name a publisher: its full name and the name before a section
    ("FOX News - Health" -> "fox news"), without a leading "The"."""
    keys = [_normal(publisher)]
    for sep in (" - ", " | ", ": "):
        if sep in publisher:
            keys.append(_normal(publisher.split(sep)[0]))
    return [k for k in dict.fromkeys(keys) if len(k) >= 3]


def cited_outlets(question: str, publishers: Iterable[str]) -> list[OutletMention]:
    """Every outlet the question cites, in the order it cites them (repeats included: "the
    Sydney Morning Herald ... another article from the Sydney Morning Herald")."""
    lowered = question.lower()
    found: list[OutletMention] = []
    by_key: dict[str, list[str]] = {}
    for p in sorted(publishers):
        for k in publisher_keys(p):
            by_key.setdefault(k, []).append(p)
    taken: list[tuple[int, int]] = []
    for key in sorted(by_key, key=len, reverse=True):
        named = r"(?<![\w])" + r"[\s|:–—-]+".join(map(re.escape, key.split())) + r"(?![\w])"
        for m in re.finditer(named, lowered):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            end = m.end()
            if section := _SECTION.match(question, end):  # "Cnbc | World Business News"
                end = section.end()
            taken.append((m.start(), end))
            matched = tuple(by_key[key])
            text = question[m.start() : end]
            found.append(OutletMention(m.start(), end, text, matched[0], matched))
    for pattern in (_AFTER, _BEFORE):
        for m in pattern.finditer(question):
            start, end = m.span("name")
            name = m["name"]
            first = name.split()[0].lower()
            if first in _NOT_NAMES and not (first == "the" and len(name.split()) > 1):
                continue
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            found.append(OutletMention(start, end, name, None))
    return sorted(found, key=lambda m: m.start)
