"""The readable text of an HTML page, and where each of its characters lies in the markup.

Block elements become lines; chrome (scripts, styles, navigation, footers, asides, forms)
is dropped; entities are decoded. A ``<header>`` stays: a story's own holds its headline and
byline (with the date), and a site's holds little besides the navigation already dropped.

Every character of the text remembers the span of the file it came from, so a sentence
found in the text maps back to an exact span of the file: for HTML as for plain text,
``file[start:end]`` is the quote.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

_SKIP = frozenset("script style noscript nav footer aside form svg template".split())
_BLOCK = frozenset(
    """p div br li ul ol h1 h2 h3 h4 h5 h6 section article blockquote tr table pre main
    figcaption dd dt hr""".split()
)
_LINE_BREAK = "\n"  # stands for a block boundary while the text is assembled


@dataclass(frozen=True)
class HtmlText:
    """A page's text, one block per line, with the file span of every character."""

    text: str
    title: str | None
    starts: tuple[int, ...]  # file offset where text[i] begins
    ends: tuple[int, ...]  # file offset where text[i] ends
    list_starts: frozenset[int]  # offsets of the lines that are list items (<li>)

    def file_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the file that reads as ``text[start:end]`` (a non-empty range)."""
        return self.starts[start], self.ends[end - 1]


class _Extractor(HTMLParser):
    """Collects (character, file start, file end, inside a list item) of the visible text,
    the ``<title>`` and the first ``<h1>``."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=False)
        self.markup = markup
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", markup))]
        self.chars: list[tuple[str, int, int, bool]] = []
        self.title_parts: list[str] = []
        self.headline_parts: list[str] = []
        self._skip_depth = 0
        self._in_title = False
        self._list_depth = 0
        self._headline = "pending"  # -> "open" inside the first <h1> -> "done"

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip_depth += 1
        elif tag == "title":
            self._in_title = True
        elif tag in _BLOCK:
            at = self._offset()
            self.chars.append((_LINE_BREAK, at, at, False))
        if tag == "li":
            self._list_depth += 1
        elif tag == "h1" and self._headline == "pending" and not self._skip_depth:
            self._headline = "open"

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in _BLOCK:
            at = self._offset()
            self.chars.append((_LINE_BREAK, at, at, False))
        if tag == "li":
            self._list_depth = max(0, self._list_depth - 1)
        elif tag == "h1" and self._headline == "open":
            self._headline = "done"

    def _visible(self, text: str, start: int, end: int) -> None:
        """``text`` read from ``file[start:end]``: one character each, or (an entity)
        several characters sharing the entity's span."""
        if self._in_title:
            self.title_parts.append(text)
        elif not self._skip_depth:
            if self._headline == "open":
                self.headline_parts.append(text)
            listed = self._list_depth > 0
            if end - start == len(text):
                self.chars.extend(
                    (ch, start + i, start + i + 1, listed) for i, ch in enumerate(text)
                )
            else:
                self.chars.extend((ch, start, end, listed) for ch in text)

    def handle_data(self, data: str) -> None:
        at = self._offset()
        self._visible(data, at, at + len(data))

    def _reference(self, prefix: str, name: str) -> None:
        at = self._offset()
        end = at + len(prefix) + len(name)
        if self.markup.startswith(";", end):
            end += 1
        self._visible(html.unescape(self.markup[at:end]), at, end)

    def handle_entityref(self, name: str) -> None:
        self._reference("&", name)

    def handle_charref(self, name: str) -> None:
        self._reference("&#", name)


_Char = tuple[str, int, int, bool]


def _lines(chars: list[_Char]) -> list[list[_Char]]:
    """Block lines with white space collapsed to single spaces and trimmed."""
    lines: list[list[_Char]] = [[]]
    for ch, start, end, listed in chars:
        if ch == _LINE_BREAK and start == end:
            lines.append([])
        elif ch.isspace():
            line = lines[-1]
            if line and line[-1][0] != " ":
                line.append((" ", start, end, listed))
        else:
            lines[-1].append((ch, start, end, listed))
    out = []
    for line in lines:
        while line and line[-1][0] == " ":
            line.pop()
        if line:
            out.append(line)
    return out


def _title(parser: _Extractor) -> str | None:
    """The story's headline (its first ``<h1>``), else the page's ``<title>``, which
    usually carries the site's name as well."""
    for parts in (parser.headline_parts, parser.title_parts):
        title = " ".join("".join(parts).split())
        if title:
            return title
    return None


def html_to_text(markup: str) -> HtmlText:
    """The page's text (one block per line, blank lines between) and title."""
    parser = _Extractor(markup)
    parser.feed(markup)
    parser.close()
    text: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    list_starts: set[int] = set()
    for line in _lines(parser.chars):
        if line[0][3]:
            list_starts.add(len(text))
        for ch, start, end, _ in line:
            text.append(ch)
            starts.append(start)
            ends.append(end)
        # Blocks are separated by a blank line, as paragraphs of plain text are, so no two
        # are read as one hard-wrapped paragraph. The breaks belong to no markup: empty
        # spans where the line ends.
        text.extend("\n\n")
        starts.extend([ends[-1]] * 2)
        ends.extend([ends[-1]] * 2)
    joined = "".join(text) or "\n"
    return HtmlText(joined, _title(parser), tuple(starts), tuple(ends), frozenset(list_starts))
