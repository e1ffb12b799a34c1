"""Answer assembly: pick the quotes, number the citations, write the answer text.

The answer text is made only of the corpus's own sentences, each followed by its ``[n]``;
nothing here invents or rewrites words, so every quote can be checked against its file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from retrieval.answer_kinds import names_people
from retrieval.index import SearchIndex
from retrieval.models import Answer, Citation
from retrieval.question import Question
from retrieval.search import ScoredSentence

MAX_QUOTATION_SENTENCES = 3
_ANAPHORIC_START = re.compile(
    r"^[\"“‘']?(It|Its|This|That|These|Those|They|Their|He|His|She|Her|The company|The group)\b"
)


@dataclass(frozen=True)
class QuotePolicy:
    max_quotes: int = 5
    second_ratio: float = 0.0  # a second quote for a plain question must score this close
    list_ratio: float = 0.7  # extra quotes for a list question
    people_ratio: float = 0.35  # nearby sentences naming people, for "who/which officials"
    people_window: int = 3


DEFAULT_QUOTES = QuotePolicy()


def select_quotes(
    index: SearchIndex,
    question: Question,
    ranked: list[ScoredSentence],
    k: int,
    policy: QuotePolicy = DEFAULT_QUOTES,
) -> list[ScoredSentence]:
    """The sentences to quote, best passage first."""
    if not ranked:
        return []
    limit = max(1, min(k, policy.max_quotes))
    top = ranked[0]
    source = index.sentences[top.index].source
    chosen = [top]
    if question.is_list:
        for s in ranked[1:]:
            if len(chosen) >= limit or s.score < policy.list_ratio * top.score:
                break
            if index.sentences[s.index].source == source:
                chosen.append(s)
        if question.wants == "person":
            near = {c.index for c in chosen}
            for s in ranked[1:]:
                if len(chosen) >= limit:
                    break
                if (
                    s.index not in near
                    and s.score >= policy.people_ratio * top.score
                    and index.sentences[s.index].source == source
                    and any(abs(s.index - c) <= policy.people_window for c in near)
                    and names_people(index.sentences[s.index].text)
                ):
                    chosen.append(s)
    elif len(ranked) > 1 and limit > 1 and ranked[1].score >= policy.second_ratio * top.score:
        chosen.append(ranked[1])
    chosen.extend(_antecedents(index, chosen, ranked))
    chosen.extend(_rest_of_quotations(index, chosen, ranked))
    return _arrange(index, chosen)


def _arrange(index: SearchIndex, chosen: list[ScoredSentence]) -> list[ScoredSentence]:
    """Best passage first; sentences that follow each other in an article stay in order."""
    runs: list[list[ScoredSentence]] = []
    for s in sorted(chosen, key=lambda s: s.index):
        prev = runs[-1][-1] if runs else None
        same_article = prev is not None and (
            index.sentences[prev.index].source == index.sentences[s.index].source
        )
        if prev is not None and same_article and s.index == prev.index + 1:
            runs[-1].append(s)
        else:
            runs.append([s])
    runs.sort(key=lambda run: max(s.score for s in run), reverse=True)
    return [s for run in runs for s in run]


def _antecedents(
    index: SearchIndex, chosen: list[ScoredSentence], ranked: list[ScoredSentence]
) -> list[ScoredSentence]:
    """The sentence before a quote that opens with "It", "This", "He"...: without it the
    quote does not say who or what it is about."""
    have = {c.index for c in chosen}
    by_index = {s.index: s for s in ranked}
    extra = []
    for c in chosen:
        prev = c.index - 1
        s = index.sentences[c.index]
        if (
            _ANAPHORIC_START.match(s.text)
            and prev not in have
            and prev in by_index
            and index.sentences[prev].source == s.source
            and index.sentences[prev].paragraph == s.paragraph
        ):
            extra.append(by_index[prev])
            have.add(prev)
    return extra


def _quotation_balance(text: str) -> int:
    """1 when ``text`` opens a quotation it does not close, -1 when it closes one opened
    before it, else 0."""
    curly = text.count("“") - text.count("”")
    if curly:
        return 1 if curly > 0 else -1
    if text.count('"') % 2 == 0:
        return 0
    return 1 if text.lstrip().startswith('"') else -1


def _rest_of_quotations(
    index: SearchIndex, chosen: list[ScoredSentence], ranked: list[ScoredSentence]
) -> list[ScoredSentence]:
    """The rest of a quotation a quote is part of: a quote that opens one ("Staffing is the
    biggest challenge.) brings the sentences up to its close, which often says who is
    speaking ("... stay in Sabah," she told reporters); one that closes a quotation brings
    the sentences back to its opening. Within the paragraph, and only when the other end is
    found within ``MAX_QUOTATION_SENTENCES``."""
    have = {c.index for c in chosen}
    by_index = {s.index: s for s in ranked}
    extra = []
    for c in chosen:
        s = index.sentences[c.index]
        balance = _quotation_balance(s.text)
        if not balance:
            continue
        run = []
        for step in range(1, MAX_QUOTATION_SENTENCES + 1):
            g = c.index + balance * step
            if not 0 <= g < len(index.sentences):
                break
            t = index.sentences[g]
            if t.source != s.source or t.paragraph != s.paragraph:
                break
            run.append(g)
            if _quotation_balance(t.text) == -balance:
                new = [g for g in run if g not in have]
                extra += [by_index.get(g, ScoredSentence(g, 0.0, 0.0, 0.0)) for g in new]
                have.update(new)
                break
    return extra


def citations_for(index: SearchIndex, quotes: list[ScoredSentence]) -> list[Citation]:
    """Number quotes [1], [2], ... in the order given."""
    out = []
    for n, q in enumerate(quotes, start=1):
        s = index.sentences[q.index]
        info = index.articles[s.source]
        out.append(
            Citation(
                id=n,
                source=s.source,
                title=info.title,
                date=info.date,
                quote=s.quote,
                text=s.text,
                start=s.start,
                end=s.end,
                score=round(q.score, 4),
            )
        )
    return out


def answer_text(citations: list[Citation]) -> str:
    """The quotes as a reader sees them, each followed by its marker; one line per source
    article."""
    lines: list[str] = []
    last_source = None
    for c in citations:
        piece = f"{c.text} [{c.id}]"
        if c.source == last_source:
            lines[-1] += " " + piece
        else:
            lines.append(piece)
        last_source = c.source
    return "\n".join(lines)


@dataclass(frozen=True)
class PartAnswer:
    """What the search found for one question, or one part of a compound question."""

    question: Question
    quotes: list[ScoredSentence]
    closest: list[ScoredSentence]  # shown when nothing answers
    refusal: str | None  # why not, when it is not answered


def build_answer(
    question: str,
    index: SearchIndex,
    parts: list[PartAnswer],
    wording: Callable[[PartAnswer], str],
    took_ms: float,
) -> Answer:
    """One answer for all parts: the quotes of each answered part in turn (a sentence quoted
    for an earlier part is not repeated), then ``wording`` for each part the articles do not
    answer. When no part is answered, the first part's refusal with its closest passages."""
    answered = [p for p in parts if p.refusal is None and p.quotes]
    if not answered:
        return Answer(
            question=question,
            answered=False,
            answer=wording(parts[0]),
            citations=citations_for(index, parts[0].closest),
            took_ms=took_ms,
        )
    quotes: list[ScoredSentence] = []
    seen: set[int] = set()
    for part in answered:
        for s in part.quotes:
            if s.index not in seen:
                seen.add(s.index)
                quotes.append(s)
    citations = citations_for(index, quotes)
    notes = [wording(p) for p in parts if p not in answered]
    return Answer(
        question=question,
        answered=True,
        answer="\n".join([answer_text(citations), *notes]),
        citations=citations,
        took_ms=took_ms,
    )
