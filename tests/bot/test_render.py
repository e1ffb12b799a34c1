"""An Answer rendered for people: plain text, Markdown and rich text, from hand-built
Answers (no model), so the layout itself is what is checked."""

from __future__ import annotations

import io

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from bot.render import (
    RICH_STYLES,
    answer_as_markdown,
    answer_as_text,
    answer_lines,
    answer_renderable,
    grouped,
    print_answer,
    quoted,
    source_heading,
    span_label,
)
from prompts import prompt
from retrieval.models import Answer, Citation, RefusalInfo
from tests.conftest import cite

PIER = cite(1, "port.txt", "The pier opened on Friday.", 10, "Harbour News", "2024-03-01")
COST = cite(2, "port.txt", "It cost 12 million dollars.", 37, "Harbour News", "2024-03-01")
MAYOR = cite(3, "city.txt", "“We are proud,” the mayor said.", 0)


def answered() -> Answer:
    text = f"{PIER.text} [1] {COST.text} [2]\n{MAYOR.text} [3]"
    return Answer(
        question="q", answered=True, answer=text, citations=[PIER, COST, MAYOR], took_ms=1.0
    )


def refused(citations: list[Citation]) -> Answer:
    return Answer(
        question="q",
        answered=False,
        answer="I could not find an answer to that in the articles: no match.",
        citations=citations,
        refusal=RefusalInfo(code="no_match", message="no match"),
        took_ms=1.0,
    )


def test_span_label_and_quotes():
    assert span_label(PIER) == "characters 10–36"
    assert quoted(PIER) == "“The pier opened on Friday.”"
    assert quoted(MAYOR) == MAYOR.text  # it opens with its own quotation mark


def test_consecutive_citations_of_one_article_are_grouped():
    again = cite(4, "port.txt", "Crowds came.", 90)
    assert grouped([PIER, COST, MAYOR, again]) == [[PIER, COST], [MAYOR], [again]]
    assert source_heading(PIER) == "port.txt — Title of port.txt — Harbour News · 2024-03-01"
    assert source_heading(MAYOR) == "city.txt — Title of city.txt"


def test_plain_text_of_an_answer_names_each_article_once():
    assert answer_as_text(answered()) == "\n".join(
        [
            answered().answer,
            "",
            prompt("sources_heading"),
            "port.txt — Title of port.txt — Harbour News · 2024-03-01",
            "  [1] characters 10–36",
            "  [2] characters 37–64",
            "city.txt — Title of city.txt",
            "  [3] characters 0–31",
        ]
    )


def test_plain_text_shows_the_quotes_when_asked():
    lines = answer_as_text(answered(), show_quotes=True).splitlines()
    assert lines[5:7] == ["  [1] characters 10–36", "    “The pier opened on Friday.”"]
    assert lines[-1] == "    “We are proud,” the mayor said."


def test_plain_text_of_a_refusal_shows_its_closest_passages():
    text = answer_as_text(refused([PIER]))
    assert text.splitlines() == [
        refused([]).answer,
        "",
        prompt("closest_heading"),
        "port.txt — Title of port.txt — Harbour News · 2024-03-01",
        "  [1] characters 10–36",
        "    “The pier opened on Friday.”",
    ]
    assert answer_as_text(refused([])).splitlines() == [
        refused([]).answer,
        "",
        prompt("no_passages"),
    ]


def test_markdown_puts_each_article_on_one_line_with_its_spans():
    assert answer_as_markdown(answered()).splitlines()[-3:] == [
        f"**{prompt('sources_heading')}**",
        "[1] characters 10–36, [2] characters 37–64: "
        "*port.txt — Title of port.txt — Harbour News · 2024-03-01*",
        "[3] characters 0–31: *city.txt — Title of city.txt*",
    ]
    closest = answer_as_markdown(refused([PIER, COST])).splitlines()
    assert closest[2] == f"**{prompt('closest_heading')}**"
    assert closest[-2:] == [f"> {PIER.text}", f"> {COST.text}"]


def test_rich_output_has_the_same_lines_as_plain_text_styled():
    for answer in (answered(), refused([PIER]), refused([])):
        console = Console(file=io.StringIO(), width=120, record=True)
        console.print(answer_renderable(answer))
        shown = [line.rstrip() for line in console.export_text().splitlines()]
        assert shown == answer_as_text(answer).splitlines()
    parts = answer_renderable(answered()).renderables
    texts = [p.renderable if isinstance(p, Padding) else p for p in parts]
    assert all(isinstance(t, Text) for t in texts)
    kinds = [line.kind for line in answer_lines(answered())]
    assert [t.style for t in texts] == [RICH_STYLES[k] for k in kinds]  # type: ignore[union-attr]
    assert kinds == ["answer", "blank", "heading", "source", "span", "span", "source", "span"]


def test_print_answer_is_plain_in_a_pipe_and_styled_on_a_terminal():
    pipe = io.StringIO()
    print_answer(Console(file=pipe, width=40), answered())
    assert pipe.getvalue() == answer_as_text(answered()) + "\n"  # unwrapped, no escapes
    terminal = io.StringIO()
    print_answer(Console(file=terminal, width=120, force_terminal=True), answered())
    assert "\x1b[" in terminal.getvalue() and "characters 10–36" in terminal.getvalue()
