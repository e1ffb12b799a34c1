"""The HTTP API over real HTTP: a real uvicorn server on 127.0.0.1, the real bot behind it."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from retrieval.settings import Settings
from tests.conftest import DOCS_CORPUS, gated_bot, make_bot
from tests.servers import running, wait_ready

pytestmark = pytest.mark.integration
QUESTION = (
    "Who addressed the opening ceremony of the 26th Beijing-Hong Kong Economic Cooperation "
    "Symposium?"
)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("http-store")


@pytest.fixture(scope="module")
def server(store, minilm) -> Iterator[str]:
    settings = Settings(corpus_dir=DOCS_CORPUS, store_dir=store)
    with running(settings, lambda: make_bot(DOCS_CORPUS, store, minilm)) as url:
        wait_ready(url)
        yield url


def test_ask_returns_the_cli_json_shape(server):
    r = httpx.post(f"{server}/v1/ask", json={"question": QUESTION})
    assert r.status_code == 200
    answer = r.json()
    assert answer["answered"] and "Peter KN Lam" in answer["answer"]
    assert set(answer) == {"question", "answered", "answer", "citations", "refusal", "took_ms"}
    assert answer["refusal"] is None
    assert {"publisher", "author"} <= set(answer["citations"][0])
    c = answer["citations"][0]
    assert (DOCS_CORPUS / c["source"]).read_text(encoding="utf-8")[c["start"] : c["end"]] == c[
        "quote"
    ]
    assert r.headers["x-request-id"]


def test_history_makes_a_follow_up(server):
    r = httpx.post(
        f"{server}/v1/ask",
        json={
            "question": "and who were the conveners?",
            "history": ["Which officials attended the Guangdong-Hong Kong meeting?"],
            "k": 2,
        },
    )
    assert r.status_code == 200 and "Qu Xiaojie" in r.json()["answer"]


def test_request_id_is_echoed(server):
    r = httpx.get(f"{server}/healthz", headers={"X-Request-ID": "abc-123"})
    assert r.json() == {"status": "ok", "detail": None} and r.headers["x-request-id"] == "abc-123"


@pytest.mark.parametrize(
    "kwargs, status, code",
    [
        ({"json": {"question": ""}}, 422, "invalid_request"),
        ({"json": {"question": "   \n "}}, 422, "invalid_question"),
        ({"json": {"question": "x" * 2001}}, 422, "invalid_request"),
        ({"json": {"question": 42}}, 422, "invalid_request"),
        ({"json": {"question": "Who?", "colour": "red"}}, 422, "invalid_request"),
        ({"json": {"question": "Who?", "k": 0}}, 422, "invalid_request"),
        ({"json": ["Who?"]}, 422, "invalid_request"),
        (
            {"content": b'{"question": "Who?"', "headers": {"content-type": "application/json"}},
            422,
            "invalid_request",
        ),
        (
            {"content": b"x" * (64 * 1024 + 1), "headers": {"content-type": "application/json"}},
            413,
            "body_too_large",
        ),
    ],
)
def test_bad_input_gets_a_clear_4xx(server, kwargs, status, code):
    r = httpx.post(f"{server}/v1/ask", **kwargs)
    assert r.status_code == status, r.text
    assert r.json()["error"]["code"] == code and r.json()["error"]["message"]


def test_chunked_body_over_the_limit_is_refused(server):
    def chunks():
        for _ in range(80):
            yield b"x" * 1024

    r = httpx.post(
        f"{server}/v1/ask", content=chunks(), headers={"content-type": "application/json"}
    )
    assert r.status_code == 413


def test_webhook_form_and_json(server):
    form = httpx.post(
        f"{server}/v1/webhook",
        data={
            "token": "ignored",
            "trigger_word": "newsbot",
            "user_name": "ann",
            "text": "newsbot How many Hong Kong-invested companies were established in Beijing?",
        },
    )
    assert form.status_code == 200
    text = form.json()["text"]
    assert "17,077" in text and "[1]" in text and "003_35ed6e79b8d343f5.txt" in text
    js = httpx.post(f"{server}/v1/webhook", json={"text": "Who won the 2022 FIFA World Cup?"})
    assert js.status_code == 200 and "could not find" in js.json()["text"]
    bad = httpx.post(f"{server}/v1/webhook", data={"channel": "x"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_request"


def test_openapi_and_docs_are_served_without_internet(server):
    spec = httpx.get(f"{server}/openapi.json").json()
    assert {"/v1/ask", "/v1/webhook", "/healthz", "/readyz"} <= set(spec["paths"])
    page = httpx.get(f"{server}/docs")
    assert page.status_code == 200 and "/openapi.json" in page.text
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text)
    assert assets and not [a for a in assets if "://" in a], "every asset is served locally"
    for asset in assets:
        r = httpx.get(f"{server}{asset}")
        assert r.status_code == 200 and r.content, asset


def test_concurrent_requests_get_their_own_answers(server):
    questions = {
        "What was the theme of the 26th symposium?": "Deepening Cooperation",
        "How many Hong Kong-invested companies were established in Beijing?": "17,077",
        "Which company's drone supported the Turkey earthquake rescue?": "Jikeqiao",
        "Who was the Mayor of Beijing who spoke at the 23rd symposium?": "Chen Jining",
    }
    results: dict[int, tuple[str, httpx.Response]] = {}

    def call(i: int, q: str) -> None:
        results[i] = (q, httpx.post(f"{server}/v1/ask", json={"question": q}, timeout=30))

    threads = [
        threading.Thread(target=call, args=(i, q)) for i, q in enumerate(list(questions) * 8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for q, r in results.values():
        assert r.status_code == 200 and r.json()["question"] == q
        assert questions[q] in r.json()["answer"]


def test_token_is_required_when_set(store, minilm):
    settings = Settings(
        corpus_dir=DOCS_CORPUS, store_dir=store, api_token="s3cret-token", webhook_token="mm-tok"
    )
    with running(settings, lambda: make_bot(DOCS_CORPUS, store, minilm)) as url:
        wait_ready(url)
        assert httpx.get(f"{url}/healthz").status_code == 200  # probes need no token
        none = httpx.post(f"{url}/v1/ask", json={"question": QUESTION})
        assert none.status_code == 401 and none.headers["www-authenticate"] == "Bearer"
        wrong = httpx.post(
            f"{url}/v1/ask", json={"question": QUESTION}, headers={"Authorization": "Bearer nope"}
        )
        assert wrong.status_code == 401
        hook = httpx.post(f"{url}/v1/webhook", data={"text": QUESTION})
        assert hook.status_code == 401
        # Mattermost and Rocket.Chat send their token in the body, form or JSON.
        for good in [
            httpx.post(f"{url}/v1/webhook", data={"text": QUESTION, "token": "mm-tok"}),
            httpx.post(f"{url}/v1/webhook", json={"text": QUESTION, "token": "mm-tok"}),
            httpx.post(
                f"{url}/v1/webhook",
                data={"text": QUESTION},
                headers={"Authorization": "Bearer s3cret-token"},
            ),
        ]:
            assert good.status_code == 200 and "Peter KN Lam" in good.json()["text"]
        for bad in [
            httpx.post(f"{url}/v1/webhook", data={"text": QUESTION, "token": "s3cret-token"}),
            httpx.post(f"{url}/v1/webhook", json={"text": QUESTION, "token": ["mm-tok"]}),
            httpx.post(
                f"{url}/v1/webhook",
                content=b"{not json",
                headers={"Content-Type": "application/json"},
            ),
        ]:
            assert bad.status_code == 401
        # The webhook's token opens the webhook only.
        ask = httpx.post(f"{url}/v1/ask", json={"question": QUESTION, "token": "mm-tok"})
        assert ask.status_code == 401
        ok = httpx.post(
            f"{url}/v1/ask",
            json={"question": QUESTION},
            headers={"Authorization": "Bearer s3cret-token"},
        )
        assert ok.status_code == 200 and ok.json()["answered"]


def test_question_limit_comes_from_the_settings(store, minilm):
    """NEWSBOT_MAX_QUESTION_CHARS sets the limit the API checks, and its schema states."""
    settings = Settings(corpus_dir=DOCS_CORPUS, store_dir=store, max_question_chars=50)
    with running(settings, lambda: make_bot(DOCS_CORPUS, store, minilm)) as url:
        wait_ready(url)
        too_long = httpx.post(f"{url}/v1/ask", json={"question": "Who? " + "x" * 55})
        assert too_long.status_code == 422, too_long.text
        assert too_long.json()["error"]["code"] == "invalid_request"
        assert "50 characters" in too_long.json()["error"]["message"]
        question = "Who was the Mayor of Beijing who spoke?!"
        assert len(question) == 40
        short = httpx.post(f"{url}/v1/ask", json={"question": question})
        assert short.status_code == 200, short.text
        history = httpx.post(f"{url}/v1/ask", json={"question": "Who?", "history": ["x" * 60]})
        assert history.status_code == 422
        hook = httpx.post(f"{url}/v1/webhook", json={"text": "x" * 60})
        assert hook.status_code == 422 and hook.json()["error"]["code"] == "invalid_request"
        spec = httpx.get(f"{url}/openapi.json").json()
        assert spec["components"]["schemas"]["AskBody"]["properties"]["question"]["maxLength"] == 50


def test_not_ready_until_warm(store, minilm):
    release = threading.Event()

    def slow_bot():  # type: ignore[no-untyped-def]
        release.wait(30)
        return make_bot(DOCS_CORPUS, store, minilm)

    settings = Settings(corpus_dir=DOCS_CORPUS, store_dir=store)
    with running(settings, slow_bot) as url:
        assert httpx.get(f"{url}/healthz").status_code == 200
        assert httpx.get(f"{url}/readyz").status_code == 503
        early = httpx.post(f"{url}/v1/ask", json={"question": QUESTION})
        assert early.status_code == 503 and early.headers["retry-after"]
        assert early.json()["error"]["code"] == "not_ready"
        release.set()
        wait_ready(url)
        assert httpx.post(f"{url}/v1/ask", json={"question": QUESTION}).status_code == 200


def test_a_full_queue_answers_503_with_retry_after(store, minilm):
    """With room for one waiting question, a burst gets prompt 503s instead of a long queue."""
    gate = threading.Event()
    settings = Settings(corpus_dir=DOCS_CORPUS, store_dir=store, max_waiting=1)
    with running(settings, gated_bot(DOCS_CORPUS, store, minilm, gate)) as url:
        wait_ready(url)
        statuses: list[int] = []

        def call() -> None:
            r = httpx.post(f"{url}/v1/ask", json={"question": QUESTION}, timeout=60)
            statuses.append(r.status_code)
            if r.status_code == 503:
                assert r.headers["retry-after"] and r.json()["error"]["code"] == "overloaded"

        threads = [threading.Thread(target=call) for _ in range(6)]
        for t in threads:
            t.start()
        time.sleep(1.0)
        gate.set()
        for t in threads:
            t.join()
        assert 503 in statuses and 200 in statuses


def test_fuzzing_the_openapi_schema_finds_no_500s_or_violations(server):
    """Schemathesis generates requests from /openapi.json: a fixed seed and example count.

    A count rather than --max-time keeps the run the same on every machine: a time limit cuts
    the last operation short at a different point each time, and a cut-short operation can
    draw a warning about its few answers. Warnings (advice about test data) do not fail the
    test; failures and errors do. About 35 s here.
    """
    import shutil
    import subprocess
    import sys

    cli = shutil.which("schemathesis") or str(Path(sys.executable).parent / "schemathesis")
    checks = ",".join(
        [
            "not_a_server_error",
            "status_code_conformance",
            "content_type_conformance",
            "response_schema_conformance",
            "response_headers_conformance",
        ]
    )
    r = subprocess.run(
        [
            cli,
            "run",
            f"{server}/openapi.json",
            "--checks",
            checks,
            "--max-examples",
            "400",
            "--seed",
            "20261122",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = r.stdout[r.stdout.find("SUMMARY") :]
    assert r.returncode == 0, report
    verdict = report.strip().splitlines()[-1]
    assert "failure" not in verdict and "error" not in verdict and "Empty" not in verdict, report
    assert " 0 generated" not in report, report
