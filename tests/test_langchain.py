"""The LangChain pieces over the real bot (real model, real Chroma): quotes stay checkable,
``.batch`` answers as one-by-one does, and the Runnable composes."""

import asyncio

import pytest
from langchain_core.runnables import RunnableLambda

from retrieval import NewsbotAnswerer, NewsbotRetriever, QuestionError
from tests.conftest import DOCS_CORPUS

pytestmark = pytest.mark.integration

MEETING = "Which officials attended the Guangdong-Hong Kong meeting?"
OFF_CORPUS = "Who won the 2022 FIFA World Cup?"


def _without_timing(answer: dict) -> dict:
    return {k: v for k, v in answer.items() if k != "took_ms"}


def test_the_retriever_returns_quotes_that_are_exact_slices_of_their_files(seed_bot):
    docs = NewsbotRetriever(bot=seed_bot, k=3).invoke(MEETING)
    assert 1 <= len(docs) <= 3
    for n, doc in enumerate(docs, start=1):
        meta = doc.metadata
        text = (DOCS_CORPUS / meta["source"]).read_text(encoding="utf-8")
        assert text[meta["start"] : meta["end"]] == meta["quote"]
        assert doc.page_content == meta["quote"]  # plain text: what a reader sees is the file
        assert meta["citation_id"] == n
        assert {"title", "date", "publisher", "score"} <= set(meta)
    assert docs[0].metadata["source"] == "001_3fdcb3a3f62ccc84.txt"


def test_the_retriever_gives_nothing_for_a_question_the_archive_does_not_answer(seed_bot):
    assert NewsbotRetriever(bot=seed_bot).invoke(OFF_CORPUS) == []


def test_batch_answers_as_one_by_one_does(seed_bot):
    answerer = NewsbotAnswerer(seed_bot)
    inputs = [
        MEETING,
        {"question": "And who came from the mainland?", "history": [MEETING]},
        OFF_CORPUS,
        {"question": "What was the theme of the 26th symposium?", "k": 2},
    ]
    batched = answerer.batch(inputs)
    one_by_one = [answerer.invoke(i) for i in inputs]
    assert [_without_timing(a) for a in batched] == [_without_timing(a) for a in one_by_one]
    assert [a["answered"] for a in batched] == [True, True, False, True]
    assert len(batched[3]["citations"]) <= 2
    assert batched[2]["refusal"]["code"]


def test_bad_inputs_are_question_errors_and_batch_can_return_them(seed_bot):
    answerer = NewsbotAnswerer(seed_bot)
    with pytest.raises(QuestionError):
        answerer.invoke({"history": [MEETING]})
    with pytest.raises(QuestionError):
        answerer.invoke("   ")
    out = answerer.batch(["", {"question": MEETING, "k": 0}, MEETING], return_exceptions=True)
    assert isinstance(out[0], QuestionError) and isinstance(out[1], QuestionError)
    assert out[2]["answered"]
    with pytest.raises(QuestionError):
        answerer.batch([MEETING, ""])


def test_the_answerer_composes_with_pipes_and_streams_events(seed_bot):
    chain = NewsbotAnswerer(seed_bot) | RunnableLambda(
        lambda a: [c["source"] for c in a["citations"]]
    )
    assert chain.invoke(MEETING)[0] == "001_3fdcb3a3f62ccc84.txt"

    async def events() -> list[dict]:
        return [e async for e in chain.astream_events(MEETING, version="v2")]

    seen = asyncio.run(events())
    assert seen[0]["event"] == "on_chain_start"
    ends = [e for e in seen if e["event"] == "on_chain_end" and e["name"] == "NewsbotAnswerer"]
    assert ends and ends[0]["data"]["output"]["answered"]
