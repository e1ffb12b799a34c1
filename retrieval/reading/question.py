"""What a question asks for: its terms, the kind of answer, and whether it leans on history."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from retrieval.errors import QuestionError
from retrieval.lexicon import (
    AUXILIARIES,
    CHANGE_WORDS,
    MONEY_NOUNS,
    MONTHS,
    PREPOSITIONS,
    QUESTION_WORD_SET,
    QUESTION_WORDS,
    STATEMENT_VERBS,
    WEEKDAYS,
)
from retrieval.reading.answer_kinds import AnswerKind
from retrieval.terms import SMALL_ORDINALS, STOPWORDS, is_content, stem, words

_FOLLOW_UP_START = re.compile(r"^(and|but|also|so|then|what about|how about|and what|or)\b", re.I)
_ANAPHORA = frozenset(
    """he she they them his her their its it those these that this there""".split()
)
_NUMBER_Q = re.compile(
    r"\bhow (many|much|far|large|big|high|tall)\b|\bwhat (percentage|number|"
    r"amount|proportion|share)\b",
    re.I,
)
# "How much did it cost?", "what was the budget?": the answer is an amount of money.
_MONEY_Q = re.compile(
    rf"\bhow much\b[^?]*\b(?:{MONEY_NOUNS})\b"
    rf"|\bwhat(?:['’]s| is| was| are| were)\s+(?:the\s+|its\s+|their\s+)?(?:[\w'’-]+\s+){{0,2}}"
    rf"(?:{MONEY_NOUNS})\b",
    re.I,
)
_CHANGE = re.compile(rf"\b(?:{CHANGE_WORDS})\b", re.I)
_DURATION_Q = re.compile(r"\bhow (long|old|often)\b", re.I)
# Questions may open with a conjunction: "and who were the conveners?"
_LEAD = r"^\s*(?:(?:and|but|so|then|also|or)\s+)?"
# "When did...?" asks for a time; "When rich countries trade, whose wages rise?" does not.
_DATE_Q = re.compile(
    _LEAD + rf"when ({AUXILIARIES})\b"
    r"|\b(what|which) (year|date|day|month|decade|century)\b|\bsince when\b",
    re.I,
)
_PERSON_Q = re.compile(
    _LEAD + r"(who|whom)\b|\b(which|what) (officials?|people|persons?|leaders?|"
    r"representatives?|speakers?|ministers?|members?|delegates?)\b",
    re.I,
)
# "What did Chen Jining say about the symposium?": the answer is something someone said.
_STATEMENT_Q = re.compile(
    _LEAD + rf"(what|how)\b.*\b({STATEMENT_VERBS})\b",
    re.I,
)
# Who is speaking in "what did *the Barclays Capital analyst* say about ...?".
_SPEAKER = re.compile(
    rf"\b(?:what|how)\s+(?:{AUXILIARIES})\s+"
    rf"(?P<speaker>.+?)\s+(?:{STATEMENT_VERBS})\b",
    re.I,
)
# "Where did they play?": the answer is a place.
_PLACE_Q = re.compile(_LEAD + r"where\b", re.I)
# "Which album was it?", "what's it called?": the answer is a name.
_NAME_Q = re.compile(
    r"\bwhich\s+(?!of\b)[a-z]+\b|\bwhat(?:['’]s|\s+is|\s+was)?\s+"
    r"(?:it|this|that|the\s+\w+)?\s*called\b|\bwhat\s+(?:is|was)\s+the\s+name\b",
    re.I,
)
# A topic set before the question: "Stephen Fry - where did he come in the list?", "Ring
# of Fire, the song Kilgore co-wrote - who recorded it first?", "At the Dubai
# Championships, who knocked Safin out?". What is asked is read from the question word on.
TOPIC_PREFIX = re.compile(
    r"^(?P<topic>[^?]{3,160}?)(?P<sep>\s+[-–—]\s+|:\s+|[.?!]\s+|,\s+)"
    rf"(?=\W*(?:(?:{PREPOSITIONS}) (?:what|which|whom|how)\b|(?:{QUESTION_WORDS})\b))",
    re.I,
)
_WH = re.compile(r"\b(which|what|who)\b\s+(.*)", re.I)
# Words the asker quotes: 'almost certain', "most useless quangos". Only an opening mark
# after a space and a closing one before a space or a stop: "sprinters' lawyer" is a
# possessive.
_QUOTED = re.compile(r"""(?:^|(?<=[\s(\[]))['‘"“]([^'‘’"“”]{3,120}?)['’"”](?=[\s,.?!:;)\]]|$)""")

# Where the answer stands, read from the question's grammar. A question that ends on a
# preposition ("which constituency is he the MP for?") is answered by what follows "MP for";
# "who recorded it?" asks for whoever the song was "recorded by".
_STRANDED = re.compile(rf"\b([^\W\d_][\w'’-]*)\s+({PREPOSITIONS}|of|about|into|as)\W*$", re.I)
_WHO_DID = re.compile(_LEAD + rf"who\s+(?!(?:{AUXILIARIES}|not)\b)([a-z]+(?:ed|s)?)\b", re.I)

# Chat drops the apostrophe: "whos the new CEO?", "whats it called?". Read as "who is".
_UNAPOSTROPHISED = re.compile(r"\b(who|what|where|when|how)s\b", re.I)
_NOT_PLURAL = frozenset(
    """is was has does this its his us as yes news series species always perhaps""".split()
)


@dataclass(frozen=True)
class Question:
    text: str
    context: str | None  # the earlier question a follow-up leans on
    terms: tuple[str, ...]  # unique stemmed content terms, the question's own first
    proper_terms: frozenset[str]  # terms written capitalised mid-question (names)
    topic_terms: tuple[str, ...]  # names and numbers: they pick the article
    context_terms: tuple[str, ...]  # terms only the earlier question of a follow-up holds
    ask_terms: tuple[str, ...]  # the other terms: they pick the sentence inside it
    wants: AnswerKind | None  # what kind of answer it asks for; None: any passage may do
    is_list: bool
    is_follow_up: bool
    joins_names: bool  # "the 23rd and 26th symposiums": the answer may span articles
    asks_money: bool = False  # "how much did it cost?": only an amount of money answers
    speaker_terms: tuple[str, ...] = ()  # who a "what did X say" question asks about
    # Expressions the question quotes ("'almost certain'"), as lower-case word sequences:
    # someone's own words, found verbatim in the article that reports them.
    quoted: tuple[str, ...] = ()
    # Where the answer stands: (a word's stem, the word that follows it), as "MP for ___" in
    # "which constituency is he the MP for?" (``answer_slots``).
    slots: tuple[tuple[str, str], ...] = ()
    # Words typed in lower case that the corpus writes as names (``with_corpus_names``): they
    # pick the article, but may be ordinary words ("to *nick* the second set").
    guessed_names: frozenset[str] = frozenset()

    @property
    def name_terms(self) -> tuple[str, ...]:
        """The topic's names and numbers, the evidence of who or what the question is about.
        Not a follow-up's borrowed ordinary words ("deputy", "head"), nor "the 1st" of "the
        first time": small ordinals are judged where they qualify something (refusal)."""
        return tuple(
            t
            for t in self.topic_terms
            if (t in self.proper_terms or t[0].isdigit()) and t not in SMALL_ORDINALS
        )


def validate(question: str, max_chars: int) -> str:
    """The question with whitespace collapsed, or a ``QuestionError`` saying what is wrong."""
    if not isinstance(question, str):
        raise QuestionError("The question must be text.")
    text = " ".join(question.split())
    if not text:
        raise QuestionError("The question is empty; type a question about the articles.")
    if len(text) > max_chars:
        raise QuestionError(
            f"The question is {len(text):,} characters long; the limit is {max_chars:,}."
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise QuestionError("The question holds characters that are not valid text.") from None
    if not any(ch.isalnum() for ch in text):
        raise QuestionError("The question has no words in it; type a question about the articles.")
    return text


def _from_question_word(tokens: list[str]) -> list[str]:
    """The words from the question word on, then those before it: in "After the meeting,
    where did the delegation go?" the focus is where it went, not the meeting."""
    at = next((i for i, w in enumerate(tokens) if w in QUESTION_WORD_SET), 0)
    return tokens[at:] + tokens[:at]


def _is_follow_up(text: str, own_terms: list[str]) -> bool:
    lowered = words(text)
    return bool(
        _FOLLOW_UP_START.match(text)
        or len(own_terms) <= 2
        or (len(own_terms) <= 5 and any(w in _ANAPHORA for w in lowered))
    )


def _is_list(text: str) -> bool:
    m = _WH.search(text)
    if not m:
        return bool(re.search(r"^\s*(list|name)\b", text, re.I))
    following = words(m.group(2))[:4]
    if following and following[0] in ("were", "are"):
        return True
    # Plural nouns ask for several; a name that ends in "s" ("Boris", "Wales") does not.
    written = re.findall(r"[^\W\d_][\w'’-]*", m.group(2))[:4]
    return any(
        w.endswith("s") and not w.endswith("ss") and len(w) > 3 and w not in _NOT_PLURAL
        for w, raw in zip(following, written)
        if not raw[0].isupper()
    )


def _joins_names(text: str) -> bool:
    """Whether two names or numbers are joined by "and"/"or": "Carrie Lam and John Lee"."""
    tokens = re.findall(r"[A-Za-z0-9][A-Za-z0-9'’-]*", text)

    def is_name(i: int) -> bool:
        return i > 0 and (tokens[i][0].isupper() or tokens[i][0].isdigit())

    return any(
        tok.lower() in ("and", "or") and is_name(i - 1) and is_name(i + 1)
        for i, tok in enumerate(tokens[1:-1], start=1)
    )


def _proper_terms(text: str) -> frozenset[str]:
    """Stems of the words written capitalised where a sentence does not begin, of a first
    word that opens a name of several words ("Stephen Fry - where did he come?"), and of
    brands capitalised inside ("eDonkey", "iPod")."""
    tokens = re.findall(r"[A-Za-z][A-Za-z0-9'’-]*", text)
    out = set()
    for i, tok in enumerate(tokens):
        opens_name = (
            i == 0 and len(tokens) > 1 and tokens[1][0].isupper() and tok.lower() not in STOPWORDS
        )
        brand = tok[0].islower() and any(c.isupper() for c in tok[1:])  # "eDonkey", "iPod"
        if ((i > 0 or opens_name) and tok[0].isupper()) or brand:
            for part in words(tok):
                if is_content(part):
                    out.add(stem(part))
    return frozenset(out)


def _speaker_terms(text: str) -> tuple[str, ...]:
    """The terms naming who speaks in a "what did X say" question: its quotes are theirs."""
    m = _SPEAKER.search(text)
    if not m:
        return ()
    return tuple(dict.fromkeys(stem(w) for w in words(m["speaker"]) if is_content(w)))


def analyse(text: str, history: tuple[str, ...] = ()) -> Question:
    """Analyse a validated question; ``history`` holds earlier questions, oldest first.

    Names and numbers are topic terms (they pick the article), the other words are ask terms
    (they pick the sentence). In a follow-up, the earlier question's words join the topic:
    after "Which officials attended the meeting?", "and who were the conveners?" asks about
    conveners, near the officials and the meeting.
    """
    own = [stem(w) for w in _from_question_word(words(text)) if is_content(w)]
    follow_up = bool(history) and _is_follow_up(text, own)
    context = history[-1] if follow_up else None
    earlier = [stem(w) for w in words(context) if is_content(w)] if context else []
    # The question's own words come first: the first terms are its focus.
    unique = tuple(dict.fromkeys(own + earlier))
    proper = _proper_terms(f"{context} {text}" if context else text)
    topic = tuple(t for t in unique if t in proper or t[0].isdigit() or t not in own)
    ask = tuple(t for t in unique if t not in topic) or unique
    wants: AnswerKind | None = None
    reading = _UNAPOSTROPHISED.sub(r"\1 is", text)
    focus = reading[m.end() :] if (m := TOPIC_PREFIX.match(reading)) else reading
    if _NUMBER_Q.search(reading):
        wants = AnswerKind.NUMBER
    elif _DURATION_Q.search(reading):
        wants = AnswerKind.DURATION
    elif _DATE_Q.search(focus):
        wants = AnswerKind.DATE
    elif _PERSON_Q.search(focus):
        wants = AnswerKind.PERSON
    elif _STATEMENT_Q.search(focus):
        wants = AnswerKind.STATEMENT
    elif _PLACE_Q.search(focus):
        wants = AnswerKind.PLACE
    elif _NAME_Q.search(focus):
        wants = AnswerKind.NAME
    return Question(
        text=text,
        context=context,
        terms=unique,
        proper_terms=proper,
        topic_terms=topic,
        context_terms=tuple(t for t in unique if t not in own),
        ask_terms=ask,
        wants=wants,
        is_list=_is_list(text),
        joins_names=_joins_names(text),
        asks_money=bool(_MONEY_Q.search(reading)) and not _CHANGE.search(reading),
        speaker_terms=_speaker_terms(focus) if wants == AnswerKind.STATEMENT else (),
        is_follow_up=follow_up,
        quoted=quoted_expressions(text),
        slots=answer_slots(focus),
    )


def answer_slots(text: str) -> tuple[tuple[str, str], ...]:
    """Where the answer to ``text`` (the question from its question word on) stands in a
    sentence that gives it, as (stem of a word, the word after it): a question ending on a
    preposition is answered right after that word and preposition ("which label did they
    sign with?": "signed with ___"); "who recorded it?", by whoever it was "recorded by"."""
    slots = []
    if (m := _STRANDED.search(text.strip())) and is_content(m.group(1).lower()):
        slots.append((stem(m.group(1).lower()), m.group(2).lower()))
    if m := _WHO_DID.match(text):
        slots.append((stem(m.group(1).lower()), "by"))
    return tuple(slots)


def quoted_expressions(text: str) -> tuple[str, ...]:
    """The expressions of two words or more the question puts in quotation marks, as
    lower-case word sequences. A quoted name ("the 'Sporting News' article", 'Game 3 of the
    World Series') is left to the names: its content words are capitalised, while someone's
    words have a lower-case one ('almost certain', 'app store for AI')."""
    found = []
    for m in _QUOTED.finditer(text):
        raw = m.group(1)
        lower = [w for w in raw.split() if w[:1].islower() and is_content(w.lower())]
        if len(raw.split()) >= 2 and lower:
            found.append(" ".join(words(raw)))
    return tuple(dict.fromkeys(found))


# Month and day names are capitalised by convention, not because they name something.
_CALENDAR = frozenset(stem(w) for w in words(f"{MONTHS} {WEEKDAYS}".replace("|", " ")))


def with_corpus_names(question: Question, names: frozenset[str]) -> Question:
    """A question typed without capitals ("franz ferdinand: which label did they sign
    with?") with its words that the corpus writes as names read as names: they pick the
    article, as capitalised names do. A question that capitalises anything is left as typed:
    its lower-case words are meant as ordinary words ("the labour market")."""
    if re.search(r"(?<!^)(?<![.?!]\s)\b[A-Z]", question.text.strip()):
        return question
    # The word right after the question word is what it asks ("who's the *mayor* of
    # beijing"), though titles are capitalised too.
    asked = question.terms[:1] if any(w in QUESTION_WORD_SET for w in words(question.text)) else ()
    found = frozenset(
        t for t in question.terms if t in names and t not in _CALENDAR and t not in asked
    )
    found -= question.proper_terms
    if not found:
        return question
    proper = question.proper_terms | found
    topic = tuple(
        t for t in question.terms if t in proper or t[0].isdigit() or t in question.context_terms
    )
    ask = tuple(t for t in question.terms if t not in topic) or question.terms
    return replace(
        question, proper_terms=proper, topic_terms=topic, ask_terms=ask, guessed_names=found
    )
