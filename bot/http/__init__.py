"""HTTP front end: a JSON API (`/v1/ask`), a chat-tool webhook (`/v1/webhook`) and, when
Slack is configured, Slack's Events API (`/slack/events`), in one FastAPI app.

Handlers only hand questions to the core and render its ``Answer``. Answering is CPU-bound,
so it runs on the ``AnswerBatcher``'s worker thread, never on the event loop; the batcher's
bounded queue turns overload into a prompt 503 with Retry-After. Every error is JSON
``{"error": {"code", "message"}}``.

  app       ``create_app`` (warm-up, ops and Slack routes) and ``guarded``
  answers   /v1/ask and /v1/webhook, with request bodies made per app (their limits)
  schemas   response shapes and the request limits that are not settings
  auth      bearer and webhook token checks
  webhook   reading a chat tool's webhook body (form or JSON)
  guard     ASGI middleware: request ids, access log, body limit
  errors    exceptions -> JSON errors
"""

from bot.http.app import create_app, guarded

__all__ = ["create_app", "guarded"]
