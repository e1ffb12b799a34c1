"""An ``Answer`` as people read it: plain and styled text for terminals, Markdown for chat
tools. The terminal layout is made once (``answer_lines``); each renderer only styles it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, NamedTuple

from rich.console import Console, Group
from rich.padding import Padding
from rich.text import Text

from prompts import prompt
from retrieval import Answer, Citation

LineKind = Literal["answer", "refusal", "blank", "heading", "source", "span", "quote", "note"]

# How a terminal styles each kind of line; plain text drops the styles.
RICH_STYLES: dict[LineKind, str] = {
    "answer": "bold",
    "refusal": "yellow",
    "blank": "",
    "heading": "dim",
    "source": "cyan",
    "span": "dim",
    "quote": "italic",
    "note": "dim",
}
SPAN_INDENT = 2  # a citation's span sits under its article's heading...
QUOTE_INDENT = 4  # ...and its quote under the span


class Line(NamedTuple):
    """One line of an answer's layout: what it is (for styling), its indent and its text."""

    kind: LineKind
    indent: int
    text: str


def publisher_and_date(c: Citation) -> str:
    """ "TechCrunch · 2023-10-05", either alone when the other is unknown, or ""."""
    return " · ".join(part for part in (c.publisher, c.date) if part)


def source_heading(c: Citation) -> str:
    """ "file.txt — Title — TechCrunch · 2023-10-05": where a group of citations comes from."""
    return " — ".join(part for part in (c.source, c.title, publisher_and_date(c)) if part)


def span_label(c: Citation) -> str:
    """ "characters 924–1125": where the quote is in its file. Every front end says it so."""
    return f"characters {c.start}–{c.end}"


def quoted(c: Citation) -> str:
    """The citation's text in quotation marks, unless it opens with its own."""
    return c.text if c.text[:1] in "“\"‘'" else f"“{c.text}”"


def grouped(citations: list[Citation]) -> list[list[Citation]]:
    """Consecutive citations of the same article, so each article is named once."""
    groups: list[list[Citation]] = []
    for c in citations:
        if groups and groups[-1][0].source == c.source:
            groups[-1].append(c)
        else:
            groups.append([c])
    return groups


def sources_heading(answer: Answer) -> str:
    """ "Sources" over an answer's citations; the closest passages' heading over a refusal's."""
    return prompt("sources_heading" if answer.answered else "closest_heading")


def answer_lines(answer: Answer, show_quotes: bool = False) -> Iterator[Line]:
    """The answer, then its numbered sources grouped by article. A quote is shown in full
    when asked for, and always for a refusal: its closest passages are not in its text."""
    yield Line("answer" if answer.answered else "refusal", 0, answer.answer.strip())
    if answer.citations:
        yield Line("blank", 0, "")
        yield Line("heading", 0, sources_heading(answer))
        for group in grouped(answer.citations):
            yield Line("source", 0, source_heading(group[0]))
            for c in group:
                yield Line("span", SPAN_INDENT, f"[{c.id}] {span_label(c)}")
                if show_quotes or not answer.answered:
                    yield Line("quote", QUOTE_INDENT, quoted(c))
    elif not answer.answered:
        yield Line("blank", 0, "")
        yield Line("note", 0, prompt("no_passages"))


def answer_as_text(answer: Answer, show_quotes: bool = False) -> str:
    """Plain text: ``answer_lines`` indented with spaces."""
    return "\n".join(" " * line.indent + line.text for line in answer_lines(answer, show_quotes))


def answer_renderable(answer: Answer, show_quotes: bool = False) -> Group:
    """The same lines as ``answer_as_text``, styled for a terminal."""
    parts: list[Text | Padding] = []
    for line in answer_lines(answer, show_quotes):
        text = Text(line.text, style=RICH_STYLES[line.kind])
        parts.append(Padding(text, (0, 0, 0, line.indent)) if line.indent else text)
    return Group(*parts)


def answer_as_markdown(answer: Answer) -> str:
    """For chat tools: the answer, then each source on a line with its citation numbers."""
    lines = [answer.answer.strip()]
    if answer.citations:
        lines += ["", f"**{sources_heading(answer)}**"]
        for group in grouped(answer.citations):
            spans = ", ".join(f"[{c.id}] {span_label(c)}" for c in group)
            lines.append(f"{spans}: *{source_heading(group[0])}*")
            if not answer.answered:
                lines += [f"> {c.text}" for c in group]
    return "\n".join(lines)


def print_answer(console: Console, answer: Answer, show_quotes: bool = False) -> None:
    """Styled on a terminal; plain, unwrapped text into a pipe or file."""
    if console.is_terminal:
        console.print(answer_renderable(answer, show_quotes))
    else:
        console.print(
            answer_as_text(answer, show_quotes), markup=False, highlight=False, soft_wrap=True
        )
