"""Answer assembly: pick the quotes, number the citations, write the answer text.

The answer text is made only of the corpus's own sentences, each followed by its ``[n]``;
nothing here invents or rewrites words, so every quote can be checked against its file.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from prompts import load_prompts, prompt
from retrieval.answering.index import SearchIndex
from retrieval.answering.search import ScoredSentence, unscored
from retrieval.lexicon import ISO_DAY
from retrieval.models import Answer, Citation, RefusalInfo
from retrieval.reading.answer_kinds import (
    AnswerKind,
    adds_kind,
    answer_beside_asked,
    fills_slot,
    names_people,
)
from retrieval.reading.question import Question

MAX_QUOTATION_SENTENCES = 3
MAX_COPIES = 2  # other files with a quote's very words, cited beside it
_ISO_DAY = re.compile(ISO_DAY)
_ANAPHORIC_START = re.compile(
    r"^[\"“‘']?(It|Its|This|That|These|Those|They|Their|He|His|She|Her|The company|The group)\b"
)


@dataclass(frozen=True)
class QuotePolicy:
    max_quotes: int = 5  # most quotes one part gathers (a list question, a part of several)
    runners_up: int = 2  # quotes after the best for a plain question: the answer may be next
    # Among those, a sentence holding an answer of the asked kind that the question lacks (a
    # new name for "who", a new figure for "how much") gains this much: the best sentence
    # often only restates the question's own names. The best sentence itself is not moved,
    # so refusal and the first citation are judged on the closest passage.
    new_answer: float = 1.0
    # One more quote for a plain question: the best sentence of the top article whose new
    # answer of the asked kind stands within ``beside_window`` words of a word of what the
    # question asks ("defence lawyer Reid Weingarten" for "Who is Ebbers' defence
    # lawyer?"). The answer is often ranked below sentences that only share its topic.
    beside_extra: int = 1
    beside_window: int = 2
    # A sentence holding a new answer where the question's grammar puts it ("MP for ___" for
    # "which constituency is he the MP for?", ``fills_slot``) is that quote before any other,
    # its parts at most this many words apart: closer than "beside" cannot see, as the
    # question's own words ("MP") name the slot. 0 switches it off.
    slot_gap: int = 4
    runners_up_pool: int = 40  # how far down the ranking runners-up are looked for
    list_ratio: float = 0.7  # extra quotes for a list question
    people_ratio: float = 0.35  # nearby sentences naming people, for "who/which officials"
    people_window: int = 3
    followed: int = 1  # quotes (best first) followed by their next sentence: answers often follow
    follow_across_paragraphs: bool = False
    # More runners-up, up to ``max_runners_up``, while the quotes so far stay under this many
    # characters: short sentences leave room for another candidate answer at little cost.
    extra_runners_chars: int = 0
    max_runners_up: int = 4
    # Once a part is answered (refusal is judged on the quotes above), more sentences of the
    # best quote's article, those holding a new answer of the asked kind first, while all
    # its quotes stay within this many characters (shared out between the parts of a
    # question of several): the answer is often a sentence the ranking put below others
    # that share the question's topic. 0 switches it off.
    fill_chars: int = 700
    fill_kind_first: bool = True


DEFAULT_QUOTES = QuotePolicy()


def select_quotes(
    index: SearchIndex,
    question: Question,
    ranked: list[ScoredSentence],
    k: int,
    policy: QuotePolicy = DEFAULT_QUOTES,
) -> list[ScoredSentence]:
    """The sentences to quote, best passage first. A sentence whose words were already
    chosen (the same story filed twice in an archive) is not quoted again."""
    if not ranked:
        return []
    ranked = _distinct(index, ranked)
    limit = max(1, min(k, policy.max_quotes))
    top = ranked[0]
    source = top.sentence.source
    chosen = [top]
    if question.is_list:
        for s in ranked[1:]:
            if len(chosen) >= limit or s.score < policy.list_ratio * top.score:
                break
            if s.sentence.source == source:
                chosen.append(s)
        if question.wants == AnswerKind.PERSON:
            near = {c.row for c in chosen}
            for s in ranked[1:]:
                if len(chosen) >= limit:
                    break
                if (
                    s.row not in near
                    and s.score >= policy.people_ratio * top.score
                    and s.sentence.source == source
                    and any(abs(s.row - c) <= policy.people_window for c in near)
                    and names_people(s.sentence.text)
                ):
                    chosen.append(s)
    else:
        most = max(policy.runners_up, policy.max_runners_up if policy.extra_runners_chars else 0)
        runners = _runners_up(index, question, ranked, min(most, limit - 1), policy)
        length = len(top.sentence.text)
        for n, s in enumerate(runners):
            if n >= policy.runners_up and length >= policy.extra_runners_chars:
                break
            chosen.append(s)
            length += len(s.sentence.text)
        chosen.extend(_beside_asked(question, ranked, chosen, policy)[: limit - len(chosen)])
    chosen.extend(_following(index, chosen, ranked, policy))
    chosen.extend(_antecedents(index, chosen, ranked))
    chosen.extend(_rest_of_quotations(index, chosen, ranked))
    return _arrange(index, chosen)


def fill_quotes(
    question: Question,
    quotes: list[ScoredSentence],
    ranked: list[ScoredSentence],
    policy: QuotePolicy = DEFAULT_QUOTES,
    budget: int | None = None,
) -> list[ScoredSentence]:
    """More sentences of the best quote's article to show after ``quotes``
    (``QuotePolicy.fill_chars``): those that add an answer of the asked kind first, then by
    rank, each taken while all the quotes stay within the budget."""
    budget = policy.fill_chars if budget is None else budget
    if not quotes or budget <= 0:
        return []
    source = quotes[0].sentence.source
    have = {q.row for q in quotes}
    texts = {q.sentence.text for q in quotes}
    length = sum(len(q.sentence.text) for q in quotes)
    pool = [
        s
        for s in ranked[: policy.runners_up_pool]
        if s.sentence.source == source and s.row not in have
    ]
    if question.wants and policy.fill_kind_first:
        asked = frozenset(question.terms)
        pool.sort(
            key=lambda s: not adds_kind(s.sentence.text, question.text, asked, question.wants)
        )
    extra = []
    for s in pool:
        if length + len(s.sentence.text) <= budget and s.sentence.text not in texts:
            extra.append(s)
            texts.add(s.sentence.text)
            length += len(s.sentence.text)
    return extra


def _following(
    index: SearchIndex,
    chosen: list[ScoredSentence],
    ranked: list[ScoredSentence],
    policy: QuotePolicy,
) -> list[ScoredSentence]:
    """The sentence after each of the first ``policy.followed`` quotes (the best first),
    in its article and, unless ``policy.follow_across_paragraphs``, its paragraph: news
    states a topic, then the detail asked about ("He also listed the nine most useless
    quangos." -> "They were the British Potato Council, ...")."""
    have = {c.row for c in chosen}
    by_index = {s.row: s for s in ranked}
    extra = []
    for c in chosen[: policy.followed]:
        g = c.row + 1
        if g >= len(index.sentences) or g in have:
            continue
        here, nxt = c.sentence, index.sentences[g]
        if nxt.source != here.source:
            continue
        if nxt.paragraph != here.paragraph and not policy.follow_across_paragraphs:
            continue
        extra.append(by_index.get(g) or unscored(index, g))
        have.add(g)
    return extra


def _runners_up(
    index: SearchIndex,
    question: Question,
    ranked: list[ScoredSentence],
    n: int,
    policy: QuotePolicy,
) -> list[ScoredSentence]:
    """The ``n`` best sentences after the first, those that add an answer of the asked kind
    raised by ``policy.new_answer``."""
    pool = ranked[1 : 1 + policy.runners_up_pool]
    if not question.wants or not policy.new_answer:
        return pool[:n]
    asked = frozenset(question.terms)

    def boosted(s: ScoredSentence) -> float:
        text = s.sentence.text
        return s.score + policy.new_answer * adds_kind(text, question.text, asked, question.wants)

    return sorted(pool, key=boosted, reverse=True)[:n]


def _beside_asked(
    question: Question,
    ranked: list[ScoredSentence],
    chosen: list[ScoredSentence],
    policy: QuotePolicy,
) -> list[ScoredSentence]:
    """Up to ``policy.beside_extra`` sentences of the best quote's article, best first and
    not yet chosen, that hold a new answer beside what the question asks (``QuotePolicy``).
    Other articles are not searched: measured on BBC, they bring more topic than answers."""
    if not policy.beside_extra or not (question.wants or question.slots):
        return []
    asked = frozenset(question.terms)
    ask_terms = frozenset(question.ask_terms) - frozenset(question.topic_terms)
    have = {c.row for c in chosen}
    source = chosen[0].sentence.source
    pool = [
        s
        for s in ranked[1 : 1 + policy.runners_up_pool]
        if s.row not in have and s.sentence.source == source
    ]
    slotted = {
        s.row
        for s in pool
        if policy.slot_gap
        and fills_slot(
            s.sentence.text, question.text, asked, question.wants, question.slots, policy.slot_gap
        )
    }
    pool.sort(key=lambda s: s.row not in slotted)  # stable: best first within each
    out: list[ScoredSentence] = []
    for s in pool:
        if len(out) >= policy.beside_extra:
            break
        if s.row in slotted or answer_beside_asked(
            s.sentence.text, question.text, asked, ask_terms, question.wants, policy.beside_window
        ):
            out.append(s)
    return out


def _distinct(index: SearchIndex, ranked: list[ScoredSentence]) -> list[ScoredSentence]:
    """``ranked`` without sentences whose text an earlier one has."""
    seen: set[str] = set()
    out = []
    for s in ranked:
        text = s.sentence.text
        if text not in seen:
            seen.add(text)
            out.append(s)
    return out


def _arrange(index: SearchIndex, chosen: list[ScoredSentence]) -> list[ScoredSentence]:
    """Best passage first; sentences that follow each other in an article stay in order."""
    runs: list[list[ScoredSentence]] = []
    for s in sorted(chosen, key=lambda s: s.row):
        prev = runs[-1][-1] if runs else None
        same_article = prev is not None and (prev.sentence.source == s.sentence.source)
        if prev is not None and same_article and s.row == prev.row + 1:
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
    have = {c.row for c in chosen}
    by_index = {s.row: s for s in ranked}
    extra = []
    for c in chosen:
        prev = c.row - 1
        s = c.sentence
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
    before it, else 0. A straight quote mark left unpaired closes a quotation when it
    follows a word ('... sprinter."', 'what we owe," Cuenco said') and opens one when it
    follows a space or starts the sentence ('told the Chronicle: "It is not about money.')."""
    curly = text.count("“") - text.count("”")
    if curly:
        return 1 if curly > 0 else -1
    if text.count('"') % 2 == 0:
        return 0
    last = text.rindex('"')
    return -1 if last > 0 and not text[last - 1].isspace() else 1


# News prose continues a quotation into the next paragraph by opening that paragraph with a
# quote mark again; the quotation then closes in a later sentence.
_REOPENING_QUOTE = re.compile(r'^\s*["“]')


def _rest_of_quotations(
    index: SearchIndex, chosen: list[ScoredSentence], ranked: list[ScoredSentence]
) -> list[ScoredSentence]:
    """The rest of a quotation a quote is part of: a quote that opens one ("Staffing is the
    biggest challenge.) brings the sentences up to its close, which often says who is
    speaking ("... stay in Sabah," she told reporters); one that closes a quotation brings
    the sentences back to its opening. A quotation may go on into the next paragraph when
    that paragraph opens with a quote mark (the news convention). Only when the other end
    is found within ``MAX_QUOTATION_SENTENCES``."""
    have = {c.row for c in chosen}
    by_index = {s.row: s for s in ranked}
    extra = []
    for c in chosen:
        s = c.sentence
        balance = _quotation_balance(s.text)
        if not balance:
            continue
        run = []
        here = s
        for step in range(1, MAX_QUOTATION_SENTENCES + 1):
            g = c.row + balance * step
            if not 0 <= g < len(index.sentences):
                break
            t = index.sentences[g]
            if t.source != s.source:
                break
            # Crossing a paragraph: forward into one that reopens the quotation, backward
            # out of one that did.
            later = t if balance > 0 else here
            reopened = t.paragraph != here.paragraph and _REOPENING_QUOTE.match(later.text)
            if t.paragraph != here.paragraph and not reopened:
                break
            run.append(g)
            text = _REOPENING_QUOTE.sub("", t.text, count=1) if balance > 0 and reopened else t.text
            if _quotation_balance(text) == -balance:
                new = [g for g in run if g not in have]
                extra += [by_index.get(g) or unscored(index, g) for g in new]
                have.update(new)
                break
            here = t
    return extra


def citations_for(index: SearchIndex, quotes: list[ScoredSentence]) -> list[Citation]:
    """Number quotes [1], [2], ... in the order given."""
    out = []
    for n, q in enumerate(quotes, start=1):
        s = q.sentence
        info = index.articles[s.source]
        out.append(
            Citation(
                id=n,
                source=s.source,
                title=info.title,
                date=info.date,
                publisher=info.publisher,
                author=info.author,
                quote=s.quote,
                text=s.text,
                start=s.start,
                end=s.end,
                score=round(q.score, 4),
            )
        )
    return out


def article_label(c: Citation) -> str:
    """ "Publisher, 2023-10-05" (either alone when the other is unknown), or ""."""
    return ", ".join(x for x in (c.publisher, c.date) if x)


def answer_text(citations: list[Citation]) -> str:
    """The quotes as a reader sees them, each followed by its marker; one line per source
    article, led by its outlet and date when the answer cites several articles."""
    several = len({c.source for c in citations}) > 1
    lines: list[str] = []
    last_source = None
    last_text = None
    for c in citations:
        piece = f"{c.text} [{c.id}]"
        if c.text == last_text:  # the same words in another file: one more marker
            lines[-1] += f" [{c.id}]"
            continue
        last_text = c.text
        if c.source == last_source:
            lines[-1] += " " + piece
        else:
            label = article_label(c) if several else ""
            lines.append(f"{label}: {piece}" if label else piece)
        last_source = c.source
    return "\n".join(lines)


def _readable_date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{int(day)} {calendar.month_name[int(month)]} {year}"


def order_in_time(citations: list[Citation], sources: list[str]) -> str | None:
    """The publication order of ``sources`` (cited articles), computed from their dates:
    "TechCrunch (5 October 2023) [1] was published before The Verge (7 October 2023) [3]".
    An article without a full date makes the order unknown, and the sentence says so."""
    first_cite: dict[str, Citation] = {}
    for c in citations:
        first_cite.setdefault(c.source, c)
    cited = [first_cite[s] for s in dict.fromkeys(sources) if s in first_cite]
    if len(cited) < 2:
        return None
    for c in cited:
        if not (c.date and _ISO_DAY.fullmatch(c.date)):
            return prompt("order_unknown", article=c.publisher or c.title, id=c.id)
    ordered = sorted(cited, key=lambda c: (c.date or "", c.id))
    steps = []
    for a, b in zip(ordered, ordered[1:]):
        template = "order_same_day" if a.date == b.date else "order_before"
        steps.append(
            prompt(
                template,
                first=a.publisher or a.title,
                first_date=_readable_date(a.date or ""),
                first_id=a.id,
                second=b.publisher or b.title,
                second_date=_readable_date(b.date or ""),
                second_id=b.id,
            )
        )
    return prompt("order_sentence", order=load_prompts()["order_joiner"].join(steps))


@dataclass(frozen=True)
class PartAnswer:
    """What the search found for one question, or one part of a compound question."""

    question: Question
    quotes: list[ScoredSentence]
    closest: list[ScoredSentence]  # shown when nothing answers
    refusal: RefusalInfo | None  # why not, when it is not answered
    extra: Sequence[ScoredSentence] = ()  # shown after the quotes when room is left (fill)


def _within_limit(groups: list[list[ScoredSentence]], limit: int) -> list[ScoredSentence]:
    """At most ``limit`` distinct sentences, taken in turn from each group (so every part
    of a question keeps its best quotes), returned in the groups' order."""
    chosen: set[int] = set()
    depth = 0
    while len(chosen) < limit and any(depth < len(g) for g in groups):
        for g in groups:
            if depth < len(g) and len(chosen) < limit:
                chosen.add(g[depth].row)
        depth += 1
    out: list[ScoredSentence] = []
    for g in groups:
        for s in g:
            if s.row in chosen:
                out.append(s)
                chosen.discard(s.row)
    return out


def _with_copies(
    index: SearchIndex, quotes: list[ScoredSentence], k: int, without: set[int] | None = None
) -> list[ScoredSentence]:
    """Each quote followed by the same words in other files (an archive that filed a story
    twice), up to ``MAX_COPIES`` each and ``k`` citations in all: the reader learns every
    file that says it, at the cost of a marker, not of more text to read. Quotes whose row
    is in ``without`` (sentences shown only to fill) get no copies."""
    out: list[ScoredSentence] = []
    room = k - len(quotes)
    have = {q.row for q in quotes}
    for q in quotes:
        out.append(q)
        if without and q.row in without:
            continue
        for g in index.copies(q.row)[:MAX_COPIES]:
            if g not in have and room > 0:
                have.add(g)
                room -= 1
                out.append(unscored(index, g, like=q))
    return out


def _room_for_extra(
    index: SearchIndex, quotes: list[ScoredSentence], answered: list[PartAnswer], k: int
) -> list[ScoredSentence]:
    """The answered parts' ``extra`` sentences that fit: only for a part all of whose quotes
    are shown (its budget was counted against them), and only in the room ``k`` leaves after
    the quotes and their copies in other files. In article order, so they read as written."""
    shown = {q.row for q in quotes}
    room = k - len(_with_copies(index, quotes, k))
    out: list[ScoredSentence] = []
    for part in answered:
        if not all(q.row in shown for q in part.quotes):
            continue
        for s in part.extra:
            if len(out) < room and s.row not in shown:
                out.append(s)
                shown.add(s.row)
    return sorted(out, key=lambda s: s.row)


def _by_article(index: SearchIndex, quotes: list[ScoredSentence]) -> list[ScoredSentence]:
    """Quotes of one article together, articles in the order they first appear."""
    first: dict[str, int] = {}
    for i, q in enumerate(quotes):
        first.setdefault(q.sentence.source, i)
    return sorted(quotes, key=lambda q: first[q.sentence.source])


def build_answer(
    question: str,
    index: SearchIndex,
    parts: list[PartAnswer],
    wording: Callable[[PartAnswer], str],
    took_ms: float,
    k: int,
    lead: Sequence[ScoredSentence] = (),
    per_part: int = DEFAULT_QUOTES.max_quotes,
    order: bool = False,
) -> Answer:
    """One answer for all parts: ``lead`` (one quote per outlet the question cites), then
    the quotes of each answered part (a sentence is quoted once), at most ``per_part`` per
    part besides the lead, then the parts' ``extra`` sentences where room is left, grouped
    by article; then ``wording`` for each part the articles
    do not answer. At most ``k`` citations in all, taken in turn from the lead and each part
    so that none is left out. With ``order``, a sentence states the lead articles' order in
    time. When no part is answered, the first part's refusal with its closest passages."""
    answered = [p for p in parts if p.refusal is None and p.quotes]
    if not answered:
        return Answer(
            question=question,
            answered=False,
            answer=wording(parts[0]),
            citations=citations_for(index, parts[0].closest[:k]),
            refusal=parts[0].refusal,
            took_ms=took_ms,
        )
    groups = [[s] for s in lead] + [p.quotes for p in answered]
    most = min(k, per_part * len(answered) + len(lead))
    quotes = _within_limit(groups, most)
    extra = _room_for_extra(index, quotes, answered, k)
    ordered = _by_article(index, quotes + extra)
    citations = citations_for(index, _with_copies(index, ordered, k, {s.row for s in extra}))
    lines = [answer_text(citations)]
    if order and lead:
        sources = [s.sentence.source for s in lead]
        if sentence := order_in_time(citations, sources):
            lines.insert(0, sentence)
    lines += [wording(p) for p in parts if p not in answered]
    return Answer(
        question=question,
        answered=True,
        answer="\n".join(lines),
        citations=citations,
        refusal=None,
        took_ms=took_ms,
    )
