"""Turn an ``Answer`` into terminal output. One citation model, rendered here for people."""

from __future__ import annotations

from rich.console import Console, Group
from rich.padding import Padding
from rich.text import Text

from prompts import prompt
from retrieval import Answer, Citation


def publisher_and_date(c: Citation) -> str:
    """ "TechCrunch · 2023-10-05", either alone when the other is unknown, or ""."""
    return " · ".join(part for part in (c.publisher, c.date) if part)


def source_heading(c: Citation) -> str:
    """ "file.txt — Title — TechCrunch · 2023-10-05": where a group of citations comes from."""
    return " — ".join(part for part in (c.source, c.title, publisher_and_date(c)) if part)


def citation_span(c: Citation) -> str:
    return f"[{c.id}] characters {c.start}–{c.end}"


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


def answer_as_text(answer: Answer, show_quotes: bool = False) -> str:
    """Plain text: the answer, then its numbered sources (quotes in full when asked)."""
    lines = [answer.answer.strip()]
    if answer.citations:
        heading = "sources_heading" if answer.answered else "closest_heading"
        lines += ["", prompt(heading)]
        for group in grouped(answer.citations):
            lines.append(source_heading(group[0]))
            for c in group:
                lines.append(f"  {citation_span(c)}")
                if show_quotes or not answer.answered:
                    lines.append(f"    {quoted(c)}")
    elif not answer.answered:
        lines += ["", prompt("no_passages")]
    return "\n".join(lines)


def answer_as_markdown(answer: Answer) -> str:
    """For chat tools: the answer, then each source on a line with its citation numbers."""
    lines = [answer.answer.strip()]
    if answer.citations:
        heading = "sources_heading" if answer.answered else "closest_heading"
        lines += ["", f"**{prompt(heading)}**"]
        for group in grouped(answer.citations):
            spans = ", ".join(f"[{c.id}] chars {c.start}–{c.end}" for c in group)
            lines.append(f"{spans}: *{source_heading(group[0])}*")
            if not answer.answered:
                lines += [f"> {c.text}" for c in group]
    return "\n".join(lines)


def answer_renderable(answer: Answer, show_quotes: bool = False) -> Group:
    """The same content as ``answer_as_text``, styled for a terminal."""
    style = "bold" if answer.answered else "yellow"
    parts: list[Text | Padding] = [Text(answer.answer.strip(), style=style)]
    if answer.citations:
        heading = "sources_heading" if answer.answered else "closest_heading"
        parts.append(Text("\n" + prompt(heading), style="dim"))
        for group in grouped(answer.citations):
            parts.append(Text(source_heading(group[0]), style="cyan"))
            for c in group:
                parts.append(Padding(Text(citation_span(c), style="dim"), (0, 0, 0, 2)))
                if show_quotes or not answer.answered:
                    parts.append(Padding(Text(quoted(c), style="italic"), (0, 0, 0, 4)))
    elif not answer.answered:
        parts.append(Text(prompt("no_passages"), style="dim"))
    return Group(*parts)


def print_answer(console: Console, answer: Answer, show_quotes: bool = False) -> None:
    """Styled on a terminal; plain, unwrapped text into a pipe or file."""
    if console.is_terminal:
        console.print(answer_renderable(answer, show_quotes))
    else:
        console.print(
            answer_as_text(answer, show_quotes), markup=False, highlight=False, soft_wrap=True
        )
