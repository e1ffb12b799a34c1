"""Split body paragraphs into sentences with exact character offsets.

A rule-based splitter: it must never lose or alter a character, and it must not break
"Dr Peter KN Lam", "Co., Ltd.", "US$31.3" or "U.S." apart.
"""

from __future__ import annotations

import re

from retrieval.models import Sentence, Span

# A sentence ends at terminal punctuation (and closing quotes) when, after any stray
# punctuation ("abroad. . Hong Kong"), the next word starts with a capital or digit.
_BOUNDARY = re.compile(r"[.!?。！？]+[\"'”’)\]]*(?=(?:\s+[.!?]+)*\s+[\"'“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st jr sr co ltd inc corp vs etc gov sen rep gen col lt sgt
    mt capt cmdr adm maj fig al approx dept est univ ave blvd jan feb mar apr jun jul
    aug sep sept oct nov dec e.g i.e u.s u.k u.n p.m a.m""".split()
)
_NUMBER_SIGNS = frozenset({"no", "nos"})
_LEADING_JUNK = re.compile(r"^[\s.,;:·•|>*▪◦‣–-]+")
# A "sentence" longer than this is a run-on list; it is split at semicolons ...
MAX_SENTENCE_CHARS = 700
# ... into pieces of at least this many characters, so a quote still says something.
MIN_PIECE_CHARS = 80


def _is_abbreviation(paragraph: str, dot: int) -> bool:
    """True when the period at ``dot`` ends an abbreviation or an initial, not a sentence."""
    if paragraph[dot] != ".":
        return False
    m = re.search(r"([A-Za-z.]+)$", paragraph[:dot])
    if not m:
        return False
    token = m.group(1).lower().strip(".")
    if token in _NUMBER_SIGNS:  # "No. 5", but "the council voted no. Ruiz said..."
        return paragraph[dot + 1 : dot + 3].strip()[:1].isdigit()
    return token in _ABBREVIATIONS or (len(token) == 1 and paragraph[dot - 1].isupper())


def _split_long(text: str, start: int) -> list[Span]:
    """Break an over-long run-on sentence at semicolons so a quote stays readable."""
    if len(text) <= MAX_SENTENCE_CHARS:
        return [Span(start=start, end=start + len(text))]
    spans, pos = [], 0
    for m in re.finditer(r";\s+", text):
        if m.start() - pos >= MIN_PIECE_CHARS:
            spans.append(Span(start=start + pos, end=start + m.start() + 1))
            pos = m.end()
    spans.append(Span(start=start + pos, end=start + len(text)))
    return spans


def split_paragraph(text: str, span: Span) -> list[Span]:
    """Sentence spans inside one paragraph span of ``text``."""
    paragraph = text[span.start : span.end]
    cuts = [0]
    for m in _BOUNDARY.finditer(paragraph):
        if not _is_abbreviation(paragraph, m.start()):
            cuts.append(m.end())
    cuts.append(len(paragraph))
    spans: list[Span] = []
    for a, b in zip(cuts, cuts[1:]):
        piece = paragraph[a:b]
        lead = _LEADING_JUNK.match(piece)
        a += lead.end() if lead else 0
        piece = paragraph[a:b].rstrip()
        if sum(c.isalnum() for c in piece) < 3:
            continue
        spans.extend(_split_long(piece, span.start + a))
    return spans


def split_sentences(source: str, text: str, body: list[Span]) -> list[Sentence]:
    """All quotable sentences of an article, in reading order."""
    out = []
    for p, para in enumerate(body):
        for s in split_paragraph(text, para):
            quote = text[s.start : s.end]
            out.append(
                Sentence(
                    source=source, start=s.start, end=s.end, text=quote, quote=quote, paragraph=p
                )
            )
    return out
