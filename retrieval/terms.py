"""Word-level text analysis shared by keyword search, quote scoring and refusal.

One tokenizer everywhere, so a term means the same thing in the index and in a question.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

from retrieval.lexicon import TEEN_ORDINALS, TEENS, TENS, UNIT_ORDINALS, UNITS, YEAR

# Letters and digits of any script; keeps "17,077", "223.4", "U.S", "Ögedei", "Piñera".
_WORD = re.compile(r"[^\W_]+(?:[.,'’][^\W_]+)*")

# Function words plus the words questions are made of; they carry no evidence.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each either else ever
    few for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or other
    our ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up upon very was we
    were what when where which while who whom whose why will with would you your yours yourself
    yourselves s t don isn wasn weren aren didn doesn hasn haven hadn won't can't
    name list tell give according many much kind type sort one ones thing things
    did does do say said says whos whats wheres whens hows""".split()
)

_stemmer = Stemmer.Stemmer("english")
_ACRONYM = re.compile(r"^(?:[^\W\d_]\.)+[^\W\d_]?$")

# Irregular forms the stemmer cannot relate ("began" / "begin"); questions and articles
# often use different tenses of the same verb.
_IRREGULAR = {
    "began": "begin",
    "begun": "begin",
    "went": "go",
    "gone": "go",
    "spoke": "speak",
    "spoken": "speak",
    "won": "win",
    "wrote": "write",
    "written": "write",
    "took": "take",
    "taken": "take",
    "gave": "give",
    "given": "give",
    "made": "make",
    "found": "find",
    "held": "hold",
    "led": "lead",
    "left": "leave",
    "met": "meet",
    "paid": "pay",
    "sold": "sell",
    "bought": "buy",
    "brought": "bring",
    "built": "build",
    "chose": "choose",
    "chosen": "choose",
    "drew": "draw",
    "drawn": "draw",
    "fell": "fall",
    "fallen": "fall",
    "flew": "fly",
    "grew": "grow",
    "grown": "grow",
    "knew": "know",
    "known": "know",
    "lost": "lose",
    "rose": "rise",
    "risen": "rise",
    "ran": "run",
    "sent": "send",
    "spent": "spend",
    "stood": "stand",
    "taught": "teach",
    "thought": "think",
    "told": "tell",
    "became": "become",
    "came": "come",
    "saw": "see",
    "seen": "see",
    "signed": "sign",
    "fought": "fight",
    "struck": "strike",
    "set": "set",
    "kept": "keep",
    "meant": "mean",
    "sought": "seek",
    "children": "child",
    "men": "man",
    "women": "woman",
    "people": "person",
}


@lru_cache(maxsize=1 << 18)  # an archive's vocabulary: a smaller cache thrashes at 10k articles
def stem(word: str) -> str:
    return str(_stemmer.stemWord(_IRREGULAR.get(word, word)))


# Small cardinals alone stay words ("one" is as often not a number at all); with tens
# they spell one: "twenty-one".
_TENTHS = {f"{w[:-1]}ieth": n for w, n in TENS.items()}
_SPELLED = re.compile(
    rf"\b(?:({'|'.join(TENS)})(?:[- ]({'|'.join([*UNITS, *UNIT_ORDINALS])}))?|"
    rf"({'|'.join([*TEENS, *TEEN_ORDINALS, *_TENTHS])}))\b",
    re.I,
)


def ordinal(n: int) -> str:
    """13 -> "13th"."""
    suffix = "th" if 10 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _numeral(m: re.Match[str]) -> str:
    tens, unit, single = (g.lower() if g else None for g in m.groups())
    if single:
        if single in TEENS:
            return str(TEENS[single])
        return ordinal(TEEN_ORDINALS.get(single) or _TENTHS[single])
    n = TENS[tens or ""]
    if unit in UNIT_ORDINALS:
        return ordinal(n + UNIT_ORDINALS[unit])
    return str(n + UNITS.get(unit or "", 0))


# Ordinals below ten become numbers too, wherever they stand: "the fourth conference" and
# "the 4th conference", "the ninth meeting" and "the ninth RTS Link meeting" are one term.
_UNIT_ORDINAL = re.compile(rf"\b({'|'.join(UNIT_ORDINALS)})\b", re.I)
SMALL_ORDINALS = frozenset(ordinal(n) for n in range(1, 10))


def spell_out_numerals(text: str) -> str:
    """Numbers written as words in digits: "twenty-third" is "23rd", "eleven" is "11", "the
    fourth" is "the 4th", so a question and an article that write a number differently share
    the term. Cardinals below ten stay words: "one" and "two" are as often not numbers."""
    return _spell_out(text, _SPELLED, _UNIT_ORDINAL)


# The same patterns for text already lower-cased (``words``): matching without re.I is about
# three times faster, and tokenising an archive calls them for every sentence and chunk.
_SPELLED_LOWER = re.compile(_SPELLED.pattern)
_UNIT_ORDINAL_LOWER = re.compile(_UNIT_ORDINAL.pattern)


def _spell_out(text: str, spelled: re.Pattern[str], unit_ordinal: re.Pattern[str]) -> str:
    text = spelled.sub(_numeral, text)  # first: "twenty-third" is one number
    return unit_ordinal.sub(lambda m: ordinal(UNIT_ORDINALS[m.group(1).lower()]), text)


def _fold_accents(word: str) -> str:
    """ "Kraków" and "Krakow", "Möngke" and "Mongke" are one term: people type names without
    their accents."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """Lower-cased words and numbers; "17,077" and "223.4" stay whole, "it's" becomes "it";
    numbers written as words become digits, accents are dropped."""
    out = []
    lowered = _spell_out(text.lower(), _SPELLED_LOWER, _UNIT_ORDINAL_LOWER)
    for raw in _WORD.findall(lowered):
        w = raw.replace("’", "'")
        if not w.isascii():
            w = _fold_accents(w)
        if "'" in w:
            w = w.split("'", 1)[0]
        elif "." in w and _ACRONYM.match(w):
            w = w.replace(".", "")  # "U.S" and "US" are one term
        if w:
            out.append(w)
    return out


def is_content(word: str) -> bool:
    """A word that carries evidence: not a stopword, and not a lone letter ("R&D" gives "r"
    and "d", which say nothing about what a sentence is about)."""
    return word not in STOPWORDS and (len(word) > 1 or word.isdigit())


def content_terms(text: str) -> list[str]:
    """Stemmed words that are not stopwords, in order, duplicates kept (for BM25)."""
    return [stem(w) for w in words(text) if is_content(w)]


def term_set(text: str) -> frozenset[str]:
    return frozenset(content_terms(text))


_YEARS = rf"{YEAR}(?:[-–/]\d{{2,4}})?"  # "2023", "2023-24"
# Ordinal words are digits by the time this applies (``spell_out_numerals``).
_QUALIFIER = re.compile(rf"\b(\d+(?:st|nd|rd|th)|{_YEARS})[\s-]+([^\W\d_][\w'’]*)", re.I)
_NUMBERED = re.compile(r"\b([A-Z][a-z]+)\s+(\d{1,3}[A-Za-z]?)\b")


def qualified_terms(text: str) -> frozenset[tuple[str, str]]:
    """(qualifier, term) pairs that say *which* one is meant: "the third Global Digital
    Trade Fair" -> ("3rd", "global"), "first-quarter revenue" -> ("1st", "quarter"), "Phase 2"
    -> ("2", "phase"), "the 2023-24 fiscal year" -> ("2023-24", "fiscal")."""
    text = spell_out_numerals(text)
    found = set()
    for m in _QUALIFIER.finditer(text):
        word = m.group(2).lower()
        if word not in STOPWORDS:
            found.add((m.group(1).lower().replace("–", "-"), stem(word)))
    for m in _NUMBERED.finditer(text):
        word = m.group(1).lower()
        if word not in STOPWORDS:
            found.add((m.group(2).lower(), stem(word)))
    return frozenset(found)


_POSITION = re.compile(rf"\b([^\W\d_][\w'’]*)\s+(\d{{1,3}}|{'|'.join(UNITS)})\b(?![.,]\d)", re.I)


def numbered_positions(text: str) -> frozenset[tuple[str, str]]:
    """(ordinal, term) pairs of things numbered after their name: "round one" and "Round 1"
    -> ("1st", "round"), "Phase 2" -> ("2nd", "phase"). Read only to see that an article does
    speak of the one a question asks for ("the first round"): "killed 5" is a count, not a
    position, so these pairs never show that an article speaks of *another* one."""
    found = set()
    for m in _POSITION.finditer(spell_out_numerals(text)):
        word, number = m.group(1).lower(), m.group(2).lower()
        if word not in STOPWORDS:
            found.add((ordinal(UNITS.get(number) or int(number)), stem(word)))
    return frozenset(found)


def qualifier_kind(qualifier: str) -> str:
    """ "ordinal" ("3rd"), "year" ("2023", "2023-24") or "number" ("2" of "Phase 2")."""
    if qualifier[-2:] in ("st", "nd", "rd", "th"):
        return "ordinal"
    if re.fullmatch(_YEARS, qualifier):
        return "year"
    return "number"
