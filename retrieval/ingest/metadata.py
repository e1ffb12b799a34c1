"""Who published an article, who wrote it and when: read from what the page itself states.

News pages say it in a few conventional places, and nowhere else is it trustworthy:
- a byline or dateline line near the top: "By Jane Doe", "Outlet | Section, 2023-10-06",
  "Outlet, 2023-10-06", "(Reuters) -", "Beijing, November 19 (Xinhua) -",
  "China News Service, Beijing, November 20 (Reporter Du Yan)";
- in HTML, ``<meta>`` tags (og:site_name, author, article:published_time) and JSON-LD
  ``NewsArticle`` objects.
Nothing here knows any outlet's name: the shapes of those lines are the whole rule, so an
unknown outlet is read as well as a known one. What is not stated stays ``None``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser

from retrieval.lexicon import ISO_DAY, MONTHS

# Bylines and datelines stand above the story's first paragraphs: look no further down.
HEADER_LINES = 12
# A byline or dateline is short; a longer line is prose that happens to hold a comma.
MAX_BYLINE_WORDS = 12

_NAME_WORD = r"[A-Z][\w.'’&-]*"
_OUTLET = rf"(?:The |the )?{_NAME_WORD}(?:[ ]+(?:of |and |& |on |de |-[ ]+)?{_NAME_WORD}){{0,5}}"
# A person's name in a byline: two to four capitalised words ("Jane Doe", "Du Yan").
_PERSON = rf"{_NAME_WORD}(?:[ ]+{_NAME_WORD}){{1,3}}"
# "Outlet | Section, 2023-10-06" and "Outlet, 2023-10-06": the outlet's line of an aggregator.
_OUTLET_DATE_LINE = re.compile(
    rf"^\s*(?P<outlet>[^|\n]{{2,80}}?)\s*(?:\|[^\n]*?)?,\s*(?P<date>{ISO_DAY})\s*$"
)
# "By Jane Doe", "By Jane Doe and John Roe, Reuters", "Written by ...".
_BYLINE = re.compile(
    rf"^\s*(?:[Ww]ritten )?(?:By|BY|by)\s+(?P<author>{_PERSON}(?:(?:,| and)[ ]+{_PERSON})*)"
    rf"(?:\s*[,|·]\s*(?P<outlet>{_OUTLET}))?\s*$"
)
# "(Reuters) -", "LONDON (Reuters) -", "BEIJING, Nov 19 (Xinhua) --": a wire service named in
# parentheses before a dash, opening the story's line after at most a place in capitals or
# a place and a day. Further into a line, "(HSDPA) - sometimes called Super 3G" is prose.
_WIRE = re.compile(
    rf"^\s*(?:[A-Z][A-Z.'’-]+(?:[ ]+[A-Z][A-Z.'’-]+)*,?[ ]+|{_NAME_WORD}(?:[ ]+{_NAME_WORD})?,"
    rf"\s*(?:{MONTHS})\.?\s+\d{{1,2}}[ ]+)?"
    rf"\((?P<outlet>{_OUTLET})\)\s*[-–—]+\s"
)
# "China News Service, Beijing, November 20 (Reporter Du Yan)": outlet, place, date.
_DATELINE = re.compile(
    rf"^\s*(?P<outlet>{_OUTLET}),\s*{_NAME_WORD}(?:[ ]+{_NAME_WORD})?,"
    rf"\s*(?:{MONTHS})\.?\s+\d{{1,2}}"
    rf"(?:\s*\((?:Reporter|Correspondent|Writer)s?\s+(?P<author>[^)]{{2,60}})\))?"
)


@dataclass(frozen=True)
class ArticleMeta:
    """What the page states about itself; ``None`` where it says nothing."""

    publisher: str | None = None
    author: str | None = None
    date: str | None = None  # ISO "2023-10-06" when the page gives a full date

    def merged(self, other: ArticleMeta) -> ArticleMeta:
        """This, with the gaps filled from ``other``."""
        return ArticleMeta(
            self.publisher or other.publisher,
            self.author or other.author,
            self.date or other.date,
        )


def _tidy(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split()).strip(" ,|-–—")
    return value or None


def is_byline(line: str) -> bool:
    """Whether a line is a byline or an outlet's dateline ("By Jane Doe", "TechCrunch,
    2023-10-05"): it says who published the story, it is not its headline."""
    return len(line.split()) <= MAX_BYLINE_WORDS and bool(
        _OUTLET_DATE_LINE.match(line) or _BYLINE.match(line)
    )


def text_metadata(text: str) -> ArticleMeta:
    """Publisher, author and date from the byline and dateline lines at the top of a text."""
    meta = ArticleMeta()
    lines = [line for line in text.splitlines() if line.strip()][:HEADER_LINES]
    for line in lines:
        if len(line.split()) <= MAX_BYLINE_WORDS:
            if m := _OUTLET_DATE_LINE.match(line):
                meta = meta.merged(ArticleMeta(_tidy(m["outlet"]), None, m["date"]))
                continue
            if m := _BYLINE.match(line):
                meta = meta.merged(ArticleMeta(_tidy(m["outlet"]), _tidy(m["author"])))
                continue
        if m := _DATELINE.match(line):
            meta = meta.merged(ArticleMeta(_tidy(m["outlet"]), _tidy(m["author"])))
        elif m := _WIRE.match(line):
            meta = meta.merged(ArticleMeta(_tidy(m["outlet"])))
    return meta


_META_KEYS = {
    "og:site_name": "publisher",
    "application-name": "publisher",
    "publisher": "publisher",
    "author": "author",
    "article:author": "author",
    "byl": "author",
    "article:published_time": "date",
    "date": "date",
    "pubdate": "date",
    "publish-date": "date",
    "dc.date": "date",
}
_NEWS_TYPES = frozenset({"NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting"})


class _MetaReader(HTMLParser):
    """Collects ``<meta>`` values and JSON-LD script bodies."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}
        self.json_ld: list[str] = []
        self._in_json_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): v for k, v in attrs if v is not None}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            field = _META_KEYS.get(key)
            if field and a.get("content") and field not in self.values:
                self.values[field] = a["content"]
        elif tag == "script" and a.get("type", "").lower() == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data: str) -> None:
        if self._in_json_ld:
            self.json_ld[-1] += data


def _name_of(value: object) -> str | None:
    """A JSON-LD person or organisation: a string, an object with ``name``, or a list."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        name = value.get("name")
        return name if isinstance(name, str) else None
    if isinstance(value, list):
        names = [n for v in value if (n := _name_of(v))]
        return ", ".join(names) or None
    return None


def _news_objects(data: object) -> list[dict]:
    if isinstance(data, list):
        return [o for item in data for o in _news_objects(item)]
    if not isinstance(data, dict):
        return []
    found = [o for item in data.get("@graph", []) for o in _news_objects(item)]
    kind = data.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    if any(k in _NEWS_TYPES for k in kinds if isinstance(k, str)):
        found.insert(0, data)
    return found


def iso_day(value: str | None) -> str | None:
    """The ISO day of a timestamp ("2023-10-06T09:00:00Z" -> "2023-10-06"), else None."""
    if value and (m := re.match(rf"\s*({ISO_DAY})", value)):
        return m.group(1)
    return None


def html_metadata(markup: str) -> ArticleMeta:
    """Publisher, author and date from a page's ``<meta>`` tags and JSON-LD."""
    reader = _MetaReader()
    try:
        reader.feed(markup)
        reader.close()
    except Exception:  # malformed markup states nothing we can trust
        return ArticleMeta()
    meta = ArticleMeta()
    for body in reader.json_ld:
        try:
            data = json.loads(body)
        except ValueError:
            continue
        for obj in _news_objects(data):
            meta = meta.merged(
                ArticleMeta(
                    _tidy(_name_of(obj.get("publisher"))),
                    _tidy(_name_of(obj.get("author"))),
                    iso_day(obj.get("datePublished")),
                )
            )
    v = reader.values
    return meta.merged(
        ArticleMeta(_tidy(v.get("publisher")), _tidy(v.get("author")), iso_day(v.get("date")))
    )


def article_metadata(text: str, markup: str | None = None) -> ArticleMeta:
    """An article's metadata: a page's own markup first, then its visible byline lines."""
    found = html_metadata(markup) if markup is not None else ArticleMeta()
    found = found.merged(text_metadata(text))
    if found.author and found.publisher and found.author == found.publisher:
        found = replace(found, author=None)
    return found
