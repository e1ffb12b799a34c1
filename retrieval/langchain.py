"""newsbot inside LangChain: a retriever of verified quotes and answering as a Runnable.

A thin adapter over ``Newsbot``: nothing here scores or words an answer. Both pieces keep
what makes a quote checkable: a ``Document``'s metadata carries the article and the span, so
``open(corpus / source).read()[start:end] == metadata["quote"]`` can be checked downstream.

    from retrieval import Newsbot, NewsbotAnswerer, NewsbotRetriever, Settings

    bot = Newsbot(Settings()); bot.sync()
    docs = NewsbotRetriever(bot=bot).invoke("Who won the 2021 award?")
    answers = NewsbotAnswerer(bot).batch(["Who won?", {"question": "And when?", "history": [...]}])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable, RunnableConfig
from pydantic import ConfigDict, Field

from retrieval.errors import QuestionError
from retrieval.models import Answer, Citation
from retrieval.service import AskRequest, Newsbot

# What the Runnable takes: a question, or a question with the conversation before it.
AnswerInput = str | Mapping[str, Any]


def citation_document(citation: Citation) -> Document:
    """A citation as a ``Document``: the quote as a reader sees it, and where it stands."""
    return Document(
        page_content=citation.text,
        metadata={
            "source": citation.source,
            "title": citation.title,
            "date": citation.date,
            "publisher": citation.publisher,
            "author": citation.author,
            "start": citation.start,
            "end": citation.end,
            "quote": citation.quote,  # the file's exact characters at [start, end)
            "score": citation.score,
            "citation_id": citation.id,
        },
    )


class NewsbotRetriever(BaseRetriever):
    """The quotes newsbot answers a query with, as ``Document``s, best passage first.

    A refused question gives no documents: "not answered" means the archive does not say,
    and a chain should not be handed the nearest unrelated passages to build on."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    bot: Newsbot
    k: int | None = Field(default=None, ge=1, description="Most quotes; the bot's top_k if None.")

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        answer = self.bot.ask(query, k=self.k)
        if not answer.answered:
            return []
        return [citation_document(c) for c in answer.citations]


def _request(value: AnswerInput) -> AskRequest:
    """A Runnable input as the bot's request; a ``QuestionError`` for any other shape."""
    if isinstance(value, str):
        return AskRequest(value)
    if isinstance(value, Mapping):
        question = value.get("question")
        history = value.get("history") or ()
        k = value.get("k")
        if not isinstance(question, str):
            raise QuestionError('The input needs a "question" that is text.')
        if isinstance(history, str) or not all(isinstance(h, str) for h in history):
            raise QuestionError('"history" is a list of the earlier questions, as text.')
        if k is not None and (not isinstance(k, int) or k < 1):
            raise QuestionError('"k" is a whole number of at least 1.')
        return AskRequest(question, tuple(history), k)
    raise QuestionError('The input is a question, or {"question": ..., "history": [...]}.')


class NewsbotAnswerer(Runnable[AnswerInput, dict[str, Any]]):
    """Answering as a Runnable: a question (or ``{"question", "history", "k"}``) in, the
    answer's JSON out, the same object ``newsbot ask --json`` prints. It composes with ``|``;
    ``.batch`` answers all its questions in one model call and one Chroma query."""

    def __init__(self, bot: Newsbot) -> None:
        self.bot = bot

    def invoke(
        self, input: AnswerInput, config: RunnableConfig | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        return self._call_with_config(self._answer_one, input, config, run_type="chain")

    def batch(
        self,
        inputs: list[AnswerInput],
        config: RunnableConfig | list[RunnableConfig] | None = None,
        *,
        return_exceptions: bool = False,
        **kwargs: Any | None,
    ) -> list[dict[str, Any]]:
        return self._batch_with_config(
            self._answer_many,
            inputs,
            config,
            return_exceptions=return_exceptions,
            run_type="chain",
        )

    def _answer_one(self, value: AnswerInput) -> dict[str, Any]:
        request = _request(value)
        return _as_json(self.bot.ask(request.question, request.history, request.k))

    def _answer_many(self, values: Sequence[AnswerInput]) -> list[Exception | dict[str, Any]]:
        requests: list[AskRequest | None] = []
        out: list[Exception | dict[str, Any] | None] = []
        for value in values:
            try:
                requests.append(_request(value))
                out.append(None)
            except QuestionError as err:
                requests.append(None)
                out.append(err)
        results = iter(self.bot.ask_many([r for r in requests if r is not None]))
        for n, request in enumerate(requests):
            if request is not None:
                result = next(results)
                out[n] = result if isinstance(result, Exception) else _as_json(result)
        return cast(list[Exception | dict[str, Any]], out)


def _as_json(answer: Answer) -> dict[str, Any]:
    return answer.model_dump(mode="json")
