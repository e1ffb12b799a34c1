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
