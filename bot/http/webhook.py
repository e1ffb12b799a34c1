"""Reading a chat tool's outgoing webhook (Mattermost, Rocket.Chat): a form or JSON body
with a `text` field, perhaps led by the `trigger_word` that addressed it to the bot."""

from __future__ import annotations

import json
from typing import Any, TypeVar
from urllib.parse import parse_qsl

from fastapi import Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.http.errors import BadBody, first_error

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


class WebhookBody(BaseModel):
    """What Mattermost / Rocket.Chat style outgoing webhooks post (form or JSON). The app
    subclasses it with its own question limit (``answers``)."""

    model_config = ConfigDict(extra="allow")

    text: str = Field(min_length=1)
    trigger_word: str | None = None

    def question(self) -> str:
        """The text without the trigger word that leads it."""
        if self.trigger_word and self.text.startswith(self.trigger_word):
            return self.text[len(self.trigger_word) :]
        return self.text


Body = TypeVar("Body", bound=WebhookBody)


async def webhook_payload(request: Request) -> dict[str, Any]:
    """The body's fields, from a form or a JSON object; ``BadBody`` says what is wrong."""
    raw = await request.body()
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadBody("The body is not UTF-8.") from None
    if content_type == FORM:
        return dict(parse_qsl(text, keep_blank_values=True))
    if content_type in (JSON, ""):
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            raise BadBody("The body is not valid JSON.") from None
        if not isinstance(data, dict):
            raise BadBody("The body must be a JSON object with a `text` field.")
        return data
    raise BadBody(f"Send the body as {JSON} or {FORM}.")


async def read_webhook(request: Request, model: type[Body]) -> Body:
    """The webhook's body as ``model``; a missing, empty or over-long `text` is ``BadBody``."""
    try:
        return model.model_validate(await webhook_payload(request))
    except ValidationError as err:
        raise BadBody(first_error(err.errors())) from None
