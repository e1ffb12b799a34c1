"""The answer endpoints, /v1/ask and /v1/webhook, and their request bodies.

The bodies are classes made per app, in ``add_answer_routes``: a question's length limit is
the app's ``Settings.max_question_chars`` (NEWSBOT_MAX_QUESTION_CHARS), and /openapi.json
states it. No ``from __future__ import annotations`` here: FastAPI reads a handler's
annotations at run time, and a string one would be looked up in the module, not the app.
"""

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from bot.http import auth
from bot.http.schemas import ERROR_RESPONSES, MAX_CITATIONS, MAX_HISTORY, WebhookReply
from bot.http.webhook import FORM, JSON, WebhookBody, read_webhook
from bot.render import answer_as_markdown
from retrieval import Answer, AskRequest, Settings

Answerer = Callable[[AskRequest], Awaitable[Answer]]


def add_answer_routes(app: FastAPI, settings: Settings, answer: Answerer) -> None:
    """Mount /v1/ask and /v1/webhook on ``app``; ``answer`` gets each question answered."""
    limit = settings.max_question_chars
    Question = Annotated[str, Field(min_length=1, max_length=limit)]
    EarlierQuestion = Annotated[str, Field(max_length=limit)]

    class AskBody(BaseModel):
        """A question, with the earlier questions of the conversation for follow-ups."""

        model_config = ConfigDict(extra="forbid")

        question: Question
        history: list[EarlierQuestion] = Field(
            default_factory=list,
            max_length=MAX_HISTORY,
            description="Earlier questions of the conversation, oldest first.",
        )
        k: int | None = Field(
            None, ge=1, le=MAX_CITATIONS, description="Most citations in the answer."
        )

    class LimitedWebhookBody(WebhookBody):
        """What Mattermost / Rocket.Chat style outgoing webhooks post (form or JSON)."""

        model_config = ConfigDict(title="WebhookBody")

        text: Question

    webhook_schema = LimitedWebhookBody.model_json_schema()

    @app.post(
        "/v1/ask",
        response_model=Answer,
        response_class=JSONResponse,
        responses=ERROR_RESPONSES,
        dependencies=auth.bearer_required(settings),
        tags=["answers"],
    )
    async def ask(body: AskBody) -> Response:
        """Answer a question with verbatim, cited quotes (the shape of `newsbot ask --json`)."""
        result = await answer(AskRequest(body.question, tuple(body.history), body.k))
        # Serialised once by pydantic-core; FastAPI's generic encoder would cost ~1 ms more.
        return Response(result.model_dump_json(), media_type="application/json")

    @app.post(
        "/v1/webhook",
        response_model=WebhookReply,
        responses=ERROR_RESPONSES,
        dependencies=auth.bearer_declared(settings),
        tags=["answers"],
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {JSON: {"schema": webhook_schema}, FORM: {"schema": webhook_schema}},
            }
        },
    )
    async def webhook(request: Request) -> WebhookReply:
        """Outgoing-webhook style: post `text` (form or JSON), get `{"text": answer}` back.
        With a token configured, send it as `Authorization: Bearer` (NEWSBOT_API_TOKEN) or
        in the body's `token` field (NEWSBOT_WEBHOOK_TOKEN), as Mattermost does."""
        await auth.check_webhook_caller(request, settings)
        payload = await read_webhook(request, LimitedWebhookBody)
        result = await answer(AskRequest(payload.question()))
        return WebhookReply(text=answer_as_markdown(result))
