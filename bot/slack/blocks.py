"""An ``Answer`` as Slack Block Kit: the answer, one context block per citation, buttons.

Each quote is shown once: in the answer's text when it is there (an answered question), else
in its citation's block (a refusal's closest passages). Slack caps a block's text at 3000
characters and a message at 50 blocks; long text is split across blocks (or context
elements), never cut, so a quote stays whole and checkable.
"""

from __future__ import annotations

from typing import Any

from bot.render import answer_as_text, publisher_and_date, span_label
from prompts import prompt
from retrieval import Answer, Citation

BLOCK_TEXT_LIMIT = 3000  # Slack's cap on one block's (or context element's) text
_PIECE = 2900  # a little under the limit, leaving room for markup
MAX_BLOCKS = 50  # Slack's cap on the blocks of one message
MAX_CONTEXT_ELEMENTS = 10  # Slack's cap on the elements of one context block


def escape(text: str) -> str:
    """Slack's mrkdwn escaping: user and article text can never become mentions or links."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def split_text(text: str, size: int = _PIECE) -> list[str]:
    """Pieces of at most ``size`` characters, cut at a line or word boundary when possible."""
    pieces = []
    while len(text) > size:
        cut = max(text.rfind("\n", 0, size), text.rfind(" ", 0, size))
        cut = cut if cut > size // 2 else size
        pieces.append(text[:cut])
        text = text[cut:].lstrip("\n")
    if text:
        pieces.append(text)
    return pieces


def citation_block(c: Citation, with_quote: bool) -> dict[str, Any]:
    """ "[n] · title · publisher · date · `source` · characters a–b", and the quote below it
    when the answer's text does not already show it."""
    parts = (
        f"*[{c.id}]*",
        escape(c.title),
        escape(publisher_and_date(c)),
        f"`{escape(c.source)}`",
        span_label(c),
    )
    text = " · ".join(part for part in parts if part)
    if with_quote:
        text += f"\n>{escape(c.text)}"
    elements = [{"type": "mrkdwn", "text": piece} for piece in split_text(text)]
    return {"type": "context", "elements": elements[:MAX_CONTEXT_ELEMENTS]}


def _quoted_in_answer(answer: Answer, c: Citation) -> bool:
    """An answered question's text is its quotes; a refusal's text holds none of them."""
    return answer.answered and c.text in answer.answer


def answer_blocks(
    answer: Answer, answer_id: str, feedback: bool = True, post_button: bool = False
) -> list[dict[str, Any]]:
    """Blocks for one answer; buttons carry ``answer_id`` so clicks find the answer again."""
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": piece}}
        for piece in split_text(escape(answer.answer.strip()))
    ]
    if answer.citations and not answer.answered:
        blocks.append(
            {"type": "context", "elements": [{"type": "mrkdwn", "text": prompt("closest_heading")}]}
        )
    buttons: list[dict[str, Any]] = []
    if feedback:
        buttons += [
            {
                "type": "button",
                "action_id": "feedback_up",
                "value": answer_id,
                "text": {"type": "plain_text", "text": "👍", "emoji": True},
            },
            {
                "type": "button",
                "action_id": "feedback_down",
                "value": answer_id,
                "text": {"type": "plain_text", "text": "👎", "emoji": True},
            },
        ]
    if post_button:
        buttons.append(
            {
                "type": "button",
                "action_id": "post_answer",
                "value": answer_id,
                "style": "primary",
                "text": {"type": "plain_text", "text": "Post to channel"},
            }
        )
    room = MAX_BLOCKS - len(blocks) - (1 if buttons else 0)
    cited = [citation_block(c, not _quoted_in_answer(answer, c)) for c in answer.citations]
    blocks += cited[: max(room, 0)]
    if buttons:
        blocks.append({"type": "actions", "block_id": f"answer:{answer_id}", "elements": buttons})
    return blocks


def fallback_text(answer: Answer) -> str:
    """The plain `text` of the message, shown in notifications and by old clients."""
    return answer_as_text(answer)[:BLOCK_TEXT_LIMIT]
