"""Word lists and patterns the rules share, each written once.

A rule that needs month names, number words or the like imports them from here, so two
rules can never disagree about what a month is.
"""

from __future__ import annotations

# Month names and their usual abbreviations, as a regex alternation (longest first).
MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
WEEKDAYS = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
# Month number by its first three letters.
MONTH_NUMBER = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
# A full ISO day, "2023-10-06": alone (ISO_DAY), or as a word in a text (ISO_DATE).
ISO_DAY = r"(\d{4})-(\d{2})-(\d{2})"
ISO_DATE = rf"\b{ISO_DAY}\b"

# Lower-case words inside a person's name: "Piero della Francesco", "Ludwig van Beethoven",
# as a regex alternation. ("of" joins other names, "Bank of England", not people's.)
NAME_PARTICLES = r"de|la|da|del|della|di|du|van|von|der|den|le|bin|al|ibn|dos|das"

# Currencies as the news writes them: symbols and codes before a figure, names after one.
CURRENCY_BEFORE = r"[$£€¥₹]|US\$|HK\$|A\$|C\$|S\$|NT\$|R\$|Rs\.?|USD|GBP|EUR|RMB|CNY|INR|JPY|CHF"
CURRENCY_AFTER = (
    r"dollars?|pounds?|euros?|yen|yuan|renminbi|rupees?|francs?|rand|won|roubles?|rubles?|"
    r"pesos?|kronor|krona|kroner|dinars?|dirhams?|riyals?|ringgit|baht|pence|cents?|patacas?|"
    r"lira|liras|zloty|shekels?|nairas?|shillings?"
)
# Nouns that ask for an amount of money: "what was the budget", "how much compensation".
MONEY_NOUNS = (
    r"cost|costs|price|prices|budget|fine|fee|fees|salary|wages?|compensation|damages|bill|"
    r"pay|paid|paying|spend|spent|spending|worth|invest|invested|investment|funding|"
    r"profit|profits|revenue|revenues|turnover|earnings|takings|save|saving|savings"
)
# Words that make "how much" ask for a change, not an amount: "how much did profits rise".
CHANGE_WORDS = r"rise|rose|risen|fall|fell|fallen|grow|grew|grown|increase|increased|decrease|"
CHANGE_WORDS += r"decreased|drop|dropped|jump|jumped|climb|climbed|slump|slumped|up|down|"
CHANGE_WORDS += r"share|percentage|proportion|rate"

# Verbs of a question that asks for what someone said or thinks: "what did X *say*",
# "how did she *react*", "what does he *make of* it".
STATEMENT_VERBS = (
    r"say|said|tell|told|state|stress|note|announce|think|believe|describe|mention|argue|"
    r"explain|propose|suggest|express|comment|add|warn|urge|claim|make of|react|respond|feel|"
    r"reply|admit|insist|concede|deny|reveal|confirm|predict|criticise|criticize|praise|blame"
)

# A year of the news, 1500-2099: in a figure or a qualifier ("1066 troops", "the 1200
# rule") an older one is more often a count than a date ...
YEAR = r"(?:1[5-9]|20)\d\d"
# ... but a passage that names any year from 1000 on names a time ("in 1066").
ANY_YEAR = r"(?:1\d|20)\d\d"

# Number words by value. Units, teens and tens spell numbers ("twenty-third" is "23rd");
# scales only multiply, and with the others make a figure ("two million", "half").
UNITS = dict(zip("one two three four five six seven eight nine".split(), range(1, 10)))
UNIT_ORDINALS = dict(
    zip("first second third fourth fifth sixth seventh eighth ninth".split(), range(1, 10))
)
TEENS = dict(
    zip(
        """ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen
        nineteen""".split(),
        range(10, 20),
    )
)
TEEN_ORDINALS = dict(
    zip(
        """tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth
        eighteenth nineteenth""".split(),
        range(10, 20),
    )
)
TENS = dict(
    zip("twenty thirty forty fifty sixty seventy eighty ninety".split(), range(20, 100, 10))
)
SCALES = ("hundred", "thousand", "million", "billion", "trillion", "dozen", "half")
# Any number word, as a regex alternation.
NUMBER_WORDS = "|".join([*UNITS, *TEENS, *TENS, *SCALES])

# The words that open a question, as a regex alternation, and as a set of words.
QUESTION_WORDS = r"what|which|who|whom|whose|how|when|where|why"
QUESTION_WORD_SET = frozenset(QUESTION_WORDS.split("|"))
# Auxiliary verbs that follow a question word: "when *did*", "what *has* she said".
AUXILIARIES = r"is|are|was|were|do|does|did|has|have|had|can|could|will|would|should"
# Prepositions a question word may follow: "by which year", "in what way", "to whom".
PREPOSITIONS = r"in|by|on|at|for|from|to|with|since|until|during"

# Abbreviations news prose often writes out, and the other way round: a question about "the
# new CEO" is about the article's "new chief executive". Only the words an article must hold.
ABBREVIATIONS = {
    "CEO": "chief executive",
    "CFO": "chief financial",
    "COO": "chief operating",
    "MEP": "European Parliament",
    "GDP": "gross domestic product",
    "IPO": "initial public offering",
    "AGM": "annual general meeting",
    "IMF": "International Monetary Fund",
    "NGO": "non-governmental",
}

# Verbs of reported speech as news prose writes them: "she said", "he told reporters". A
# passage that reports speech names who spoke, so it also marks a passage naming people.
SPEECH_VERBS = (
    r"said|says|told|stated|according to|states|tells|added|adds|noted|notes|stressed|"
    r"announced|believes|believed|described|mentioned|argued|explained|proposed|suggested|"
    r"expressed|warned|urged|claimed"
)
