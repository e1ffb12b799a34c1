"""Find the article inside a scraped page: body paragraphs, title and date.

Cleaning never rewrites text: it only decides which line spans of the raw text are article
prose, so every quote taken from the body is still an exact substring of the file. Pages
arrive wrapped in site chrome (menus, "Login / Register", "[ad_1]", "Read more →") and
followed by teasers for other stories; none of that may ever be quoted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.ingest.metadata import is_byline
from retrieval.lexicon import ISO_DATE, MONTH_NUMBER, MONTHS
from retrieval.models import Span

# Wire-service end marks: everything after one belongs to the page, not the story.
_END_MARK = re.compile(r"\((?:end(?: ?up)?|END)\)|\bEndItem\b|\[(?:end|END)\]|^-+ ?end ?-+$", re.I)
_TITLE_PREFIX = re.compile(r"^\s*(?:original title|title|headline)\s*[:：]\s*", re.I)
_GLUED = re.compile(r"[a-z][A-Z][a-z]")  # "HKTDC.comAbout", "InnovationFinanceHealth"
_MENU = re.compile(r"(?:\s[|·•]\s.*){2}")  # "Home | News | Sport": a menu, not a headline
_TERMINAL = re.compile(r"[.!?。！？][\"'”’)\]]*$")
_INNER_STOP = re.compile(r"[.!?][\"'”’)\]]*\s+[\"'“‘(]?[A-Z]")
_ALPHA_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")

_ISO_DATE = re.compile(ISO_DATE)
_MDY = re.compile(rf"\b({MONTHS})\.? (\d{{1,2}}),? (\d{{4}})\b")
_DMY = re.compile(rf"\b(\d{{1,2}}) ({MONTHS})\.?,? (\d{{4}})\b")
_MD = re.compile(rf"\b({MONTHS}) (\d{{1,2}})\b(?!,? \d{{4}})")
# How many short non-prose lines in a row end a block of prose (one is just a subheading).
_MAX_GAP = 1
# A list item: "* $5.6 million to replace lead service lines", "- Turnout: 79.8%", "2) ...".
_LIST_MARK = re.compile(r"^\s*(?:[*•·▪◦‣–-]|\d{1,2}[.)])\s+\S")
_MIN_LIST_WORDS = 3
# A line that introduces links to other stories: a list after it is not the story's.
_ELSEWHERE = re.compile(
    r"\b(related|read more|see also|more from|also read|recommended|most popular|trending|"
    r"you may also like|more stories|latest news)\b",
    re.I,
)
# Characters from the top of a page where its title, byline and date are looked for.
_HEADER_WINDOW = 800
# A wrapped paragraph's last line is at most this much longer than its widest other line.
_WRAP_SLACK = 1.3
# A line this long or longer reads as wrapped prose, not a heading or a menu item.
_WRAPPED_LINE_CHARS = 30
# Words of a line that is prose on its own, and of one that is prose when it ends a sentence.
PROSE_WORDS = 15
SENTENCE_WORDS = 6
# Glued menu items ("HomeNewsSport") beyond one per this many words mean navigation.
_WORDS_PER_GLUE = 5
_MIN_GLUE_WORDS = 10
# Lines from the top where a title is looked for, and how many words a title has.
_TITLE_LINES = 12
_TITLE_WORDS = (3, 40)


@dataclass(frozen=True)
class _Line:
    start: int
    end: int  # without the newline
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class CleanedText:
    body: list[Span]
    title: str | None
    date: str | None


def _lines(text: str) -> list[_Line]:
    lines, pos = [], 0
    for raw in text.split("\n"):
        lines.append(_Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return lines


def _units(lines: list[_Line]) -> list[_Line]:
    """Paragraph candidates: a run of non-blank lines becomes one unit when it reads as
    hard-wrapped prose (mostly long lines of one width, ending a sentence); otherwise each
    line is one."""
    units: list[_Line] = []
    run: list[_Line] = []
    for line in [*lines, _Line(0, 0, "")]:
        if not line.blank:
            run.append(line)
            continue
        if len(run) > 1:
            joined = _Line(run[0].start, run[-1].end, "\n".join(r.text for r in run))
            long_lines = sum(len(r.text.strip()) >= _WRAPPED_LINE_CHARS for r in run)
            line_ends = sum(bool(_TERMINAL.search(r.text.strip())) for r in run[:-1])
            # Wrapped lines fill a width the last line does not exceed; a byline or headline
            # set right above a one-line paragraph is far shorter than that paragraph.
            width = max(len(r.text.strip()) for r in run[:-1])
            if (
                long_lines * 2 > len(run)
                and _TERMINAL.search(joined.text.strip())
                and line_ends * 2 < len(run) - 1
                and len(run[-1].text.strip()) <= width * _WRAP_SLACK
            ):
                units.append(joined)
                run = []
        units.extend(run)
        run = []
        if line.text or line.end:
            units.append(line)
    return units


def _word_count(s: str) -> int:
    return len(_ALPHA_WORD.findall(s))


def is_prose(line: str) -> bool:
    """A line that reads like article text rather than navigation, tags or a teaser title."""
    s = line.strip()
    if not s or (s.startswith("[") and s.endswith("]")):
        return False
    n = _word_count(s)
    if len(_GLUED.findall(s)) * _WORDS_PER_GLUE > max(n, _MIN_GLUE_WORDS):  # menu items glued
        return False
    return n >= PROSE_WORDS or (n >= SENTENCE_WORDS and bool(_TERMINAL.search(s)))


def _is_list_item(line: _Line, list_starts: frozenset[int]) -> bool:
    """A list item of a few words: marked in the text ("* ", "- ", "1. ") or, for a page
    read from HTML, a line that came from an ``<li>``."""
    listed = line.start in list_starts or bool(_LIST_MARK.match(line.text))
    return listed and _word_count(line.text) >= _MIN_LIST_WORDS


def _blocks(lines: list[_Line], prose: list[bool], listed: list[bool]) -> list[list[int]]:
    """Runs of prose lines; a run survives gaps of up to ``_MAX_GAP`` non-prose lines.

    A list inside the story ("Among the main items: * Hiring 12 firefighters...") holds
    facts as much as its prose does: list items count as prose when prose follows them in
    the same run. A menu before the story or a list of other stories after it has none.
    """
    blocks: list[list[int]] = []
    current: list[int] = []
    waiting: list[int] = []  # list items seen since the last prose line
    gap = 0
    elsewhere = False  # the last gap line announced other stories ("Related:")
    for i, line in enumerate(lines):
        if line.blank:
            continue
        if prose[i]:
            current.extend(waiting)
            current.append(i)
            waiting, gap, elsewhere = [], 0, False
        elif current and listed[i] and not elsewhere:
            waiting.append(i)
        elif current:
            gap += 1
            elsewhere = bool(_ELSEWHERE.search(line.text))
            if gap > _MAX_GAP:
                blocks.append(current)
                current, waiting, gap, elsewhere = [], [], 0, False
    if current:
        blocks.append(current)
    return blocks


def _title_from_lines(lines: list[_Line]) -> tuple[str | None, int | None]:
    """Headline: an explicit "Title:" line, else the line right above a byline or an
    outlet's dateline ("TechCrunch, 2023-10-05"), else the longest headline-like line above
    the text."""
    fewest, most = _TITLE_WORDS
    for i, line in enumerate(lines[:_TITLE_LINES]):
        m = _TITLE_PREFIX.match(line.text)
        if m and _word_count(line.text[m.end() :]) >= 2:
            return line.text[m.end() :].strip(), i
    filled = [i for i, line in enumerate(lines[:_TITLE_LINES]) if not line.blank]
    for before, at in zip(filled, filled[1:]):
        above = lines[before].text.strip()
        if (
            is_byline(lines[at].text)
            and fewest <= _word_count(above) <= most
            and not _MENU.search(above)
        ):
            return above.lstrip("#").strip(), before
    best: tuple[int, int] | None = None
    for i, line in enumerate(lines):
        s = line.text.strip()
        if not s:
            continue
        if _TERMINAL.search(s) and _word_count(s) >= SENTENCE_WORDS:
            break  # the first real sentence: headlines come before it
        if (
            _GLUED.search(s)
            or _MENU.search(s)
            or is_byline(s)
            or ":" in s
            or not fewest <= _word_count(s) <= most
            or _INNER_STOP.search(s)
        ):
            continue
        if best is None or len(s) > best[0]:
            best = (len(s), i)
    if best is None:
        return None, None
    return lines[best[1]].text.strip().lstrip("#").strip(), best[1]


def _trimmed(line: _Line) -> Span | None:
    """The line's span without surrounding whitespace."""
    text = line.text
    left = len(text) - len(text.lstrip())
    right = len(text.rstrip())
    if right <= left:
        return None
    return Span(start=line.start + left, end=line.start + right)


def extract_date(text: str) -> str | None:
    """The publication or event date the page states near its top: ISO when a year is given,
    else the words as written ("November 20")."""
    head = text[:_HEADER_WINDOW]
    candidates: list[tuple[int, str]] = []
    if m := _ISO_DATE.search(head):
        candidates.append((m.start(), m.group(0)))
    if m := _MDY.search(head):
        month = MONTH_NUMBER[m.group(1)[:3].lower()]
        candidates.append((m.start(), f"{m.group(3)}-{month:02d}-{int(m.group(2)):02d}"))
    if m := _DMY.search(head):
        month = MONTH_NUMBER[m.group(2)[:3].lower()]
        candidates.append((m.start(), f"{m.group(3)}-{month:02d}-{int(m.group(1)):02d}"))
    if candidates:
        return min(candidates)[1]
    if m := _MD.search(head):
        return f"{m.group(1)} {m.group(2)}"
    return None


def clean(text: str, list_starts: frozenset[int] = frozenset()) -> CleanedText:
    """Split a page into body paragraph spans, a title and a date. ``list_starts`` holds
    the offsets of lines known to be list items (from HTML's ``<li>``)."""
    end_mark = _END_MARK.search(text)
    story = text[: end_mark.start()] if end_mark else text
    lines = _lines(story)
    title, title_line = _title_from_lines(lines)
    title_span = (
        (lines[title_line].start, lines[title_line].end) if title_line is not None else None
    )
    units = _units(lines)
    prose = [is_prose(u.text) and (u.start, u.end) != title_span for u in units]
    if end_mark and units and not prose[-1] and any(prose):
        # The story's last words stand before the end mark ("... output. EndItem").
        prose[-1] = bool(units[-1].text.strip())

    listed = [_is_list_item(u, list_starts) for u in units]
    blocks = _blocks(units, prose, listed)
    if not blocks:
        return CleanedText(body=[], title=title, date=extract_date(text))
    sizes = [sum(units[i].end - units[i].start for i in b) for b in blocks]
    main = max(range(len(blocks)), key=sizes.__getitem__)
    # Lead paragraphs before the main block stay; short blocks after it are teasers.
    keep = [b for j, b in enumerate(blocks) if j <= main or sizes[j] >= sizes[main] // 2]
    body = [span for block in keep for i in block if (span := _trimmed(units[i])) is not None]
    return CleanedText(body=body, title=title, date=extract_date(text))
