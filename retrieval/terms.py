"""Word-level text analysis shared by keyword search, quote scoring and refusal.

One tokenizer everywhere, so a term means the same thing in the index and in a question.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

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
    name named list tell give according many much kind type sort one ones thing things
    did does do say said says""".split()
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


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_stemmer.stemWord(_IRREGULAR.get(word, word)))


def words(text: str) -> list[str]:
    """Lower-cased words and numbers; "17,077" and "223.4" stay whole, "it's" becomes "it"."""
    out = []
    for raw in _WORD.findall(text):
        w = raw.lower().replace("’", "'")
        if "'" in w:
            w = w.split("'", 1)[0]
        elif "." in w and _ACRONYM.match(w):
            w = w.replace(".", "")  # "U.S" and "US" are one term
        if w:
            out.append(w)
    return out


def content_terms(text: str) -> list[str]:
    """Stemmed words that are not stopwords, in order, duplicates kept (for BM25)."""
    return [stem(w) for w in words(text) if w not in STOPWORDS]


def term_set(text: str) -> frozenset[str]:
    return frozenset(content_terms(text))
