"""Questions that cite outlets are answered outlet by outlet.

"Does the Fortune article claim X, while The Verge article suggests Y?" needs two articles:
one from each outlet it cites, each found by what the question says around that outlet's
name. Each mention of an outlet (and each day or "report" that points to another of its
articles) gets its own article, found among that outlet's articles by the words of the
question around the mention; the best sentence of that article, and of a close second one
of the same outlet, is quoted. When the question asks about order ("before", "after",
"then"), the answer states the order computed from those articles' dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from retrieval.answering.index import SearchIndex
from retrieval.answering.search import ScoredSentence
from retrieval.lexicon import ISO_DAY, MONTH_NUMBER, MONTHS
from retrieval.reading.outlets import SOURCE_NOUNS, OutletMention
from retrieval.terms import content_terms

# A stretch of the question with fewer content words than this says too little to search on
# ("..., as reported by TechCrunch, The Verge, and CNBC"): the whole question is used.
MIN_SEGMENT_TERMS = 4

# How many articles one reference may bring: the best, and the next best of the same outlet
# when it scores within NEXT_ARTICLE_RATIO of it (the outlet may have told the story twice).
ARTICLES_PER_REF = 2
NEXT_ARTICLE_RATIO = 0.6

# A question that asks about order in time: its answer states the order of the articles'
# dates, computed, never guessed.
TEMPORAL = re.compile(
    r"\b(before|after|earlier|later|prior( to)?|preceded?|precedes|followed|following|"
    r"came first|first to|subsequent(ly)?|afterwards|between|then|previous(ly)?|since)\b",
    re.I,
)


_DAY = re.compile(
    rf"\b(?P<month>{MONTHS})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}}))?"
    rf"|\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>{MONTHS})\b"
    rf"(?:,?\s+(?P<year2>\d{{4}}))?"
    rf"|\b(?P<iso>{ISO_DAY})\b"
)


@dataclass(frozen=True)
class DayMention:
    """A day the question names ("October 18th", "1 November 2023", "2023-11-01")."""

    start: int
    end: int
    month: int
    day: int
    year: int | None

    def matches(self, iso: str | None, any_year: bool = False) -> bool:
        """Whether an article dated ``iso`` ("2023-10-18") is of this day (of any year, with
        ``any_year``: a question may get the year wrong)."""
        if not iso or not (m := re.fullmatch(ISO_DAY, iso)):
            return False
        year, month, day = (int(g) for g in m.groups())
        return (month, day) == (self.month, self.day) and (any_year or self.year in (None, year))


def day_mentions(question: str) -> list[DayMention]:
    """Every day the question names, in order."""
    out = []
    for m in _DAY.finditer(question):
        if m["iso"]:
            year, month, day = (int(part) for part in m["iso"].split("-"))
            out.append(DayMention(m.start(), m.end(), month, day, year))
            continue
        month_name = m["month"] or m["month2"]
        day = int(m["day"] or m["day2"])
        year_text = m["year"] or m["year2"]
        if 1 <= day <= 31:
            month = MONTH_NUMBER[month_name[:3].lower()]
            out.append(
                DayMention(m.start(), m.end(), month, day, int(year_text) if year_text else None)
            )
    return out


@dataclass(frozen=True)
class ArticleRef:
    """One article the question points to: by outlet, by day, or both ("Polygon reported
    on October 18th"), and the words of the question around it."""

    publisher: str | None
    day: DayMention | None
    start: int  # where the question first points to it
    publishers: tuple[str, ...] = ()  # every publisher the outlet's name may stand for
    named: bool = False  # a source noun ("report", "article") stands for it
    text: str = ""


@dataclass(frozen=True)
class _SourceNoun:
    """ "report", "article", "coverage": a noun that stands for one article."""

    start: int
    end: int


_SOURCE_NOUN = re.compile(rf"\b(?:{SOURCE_NOUNS})\b", re.I)


def article_refs(question: str, mentions: list[OutletMention]) -> list[ArticleRef]:
    """The articles a question that cites outlets points to, in order.

    Outlets, days and source nouns ("the report on ...", "a later article") are read left to
    right. An outlet opens a new article unless the one open has no outlet yet ("the report
    from The Verge"); a day dates the open article, or opens another of the same outlet when
    it already has one ("its earlier report on November 1"); a source noun names the open
    article, or opens another of the same outlet when it is already named ("the report on
    NBA bets ..., and the report on NCAAF bets"). Each reference gets the stretch of the
    question from the previous reference to the next."""
    known = [m for m in mentions if m.publisher]
    if not known:
        return []
    anchors: list[OutletMention | DayMention | _SourceNoun] = [*known, *day_mentions(question)]
    anchors += [_SourceNoun(m.start(), m.end()) for m in _SOURCE_NOUN.finditer(question)]
    refs: list[ArticleRef] = []
    for a in sorted(anchors, key=lambda a: a.start):
        last = refs[-1] if refs else None
        if isinstance(a, OutletMention):
            if last is not None and last.publisher is None:
                refs[-1] = replace(last, publisher=a.publisher, publishers=a.publishers)
            else:
                refs.append(ArticleRef(a.publisher, None, a.start, a.publishers))
        elif isinstance(a, DayMention):
            if last is not None and last.day is None:
                refs[-1] = replace(last, day=a)
            else:
                refs.append(_another(last, day=a, start=a.start))
        elif last is not None and not last.named:
            refs[-1] = replace(last, named=True)
        else:
            refs.append(_another(last, start=a.start, named=True))
    # A reference with neither outlet nor day points nowhere the plain search does not.
    refs = [r for r in refs if r.publisher or r.day]
    out = []
    for i, ref in enumerate(refs):
        start = refs[i - 1].start if i else 0
        end = refs[i + 1].start if i + 1 < len(refs) else len(question)
        text = question[start:end]
        own = [t for t in content_terms(text) if t not in _anchor_terms(question, refs)]
        out.append(replace(ref, text=text if len(own) >= MIN_SEGMENT_TERMS else question))
    return out


def _another(
    last: ArticleRef | None, start: int, day: DayMention | None = None, named: bool = False
) -> ArticleRef:
    """Another article of the outlet the previous reference named (if any)."""
    if last is None:
        return ArticleRef(None, day, start, named=named)
    return ArticleRef(last.publisher, day, start, last.publishers, named)


def _anchor_terms(question: str, refs: list[ArticleRef]) -> set[str]:
    """Terms of the outlets' names and days, which say which article, not what it says."""
    terms: set[str] = set()
    for r in refs:
        if r.publisher:
            terms.update(content_terms(r.publisher))
        if r.day:
            terms.update(content_terms(question[r.day.start : r.day.end]))
    return terms


def asks_order(question: str) -> bool:
    return bool(TEMPORAL.search(question))


def best_per_article(
    index: SearchIndex, ranked: list[ScoredSentence], articles: int
) -> list[ScoredSentence]:
    """The best sentence of each of the ``articles`` best articles of ``ranked``; an article
    after the first only when its best scores within ``NEXT_ARTICLE_RATIO`` of the first."""
    out: list[ScoredSentence] = []
    seen: set[str] = set()
    for s in ranked:
        if len(out) == articles:
            break
        source = s.sentence.source
        if source in seen:
            continue
        if out and s.score < NEXT_ARTICLE_RATIO * out[0].score:
            break
        seen.add(source)
        out.append(s)
    return out
