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
