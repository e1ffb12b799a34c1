"""Articles over HTTP: stored whole inside the corpus folder, answerable once added, gone once
deleted; always behind the bearer token; unsafe names and oversized bodies refused."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from retrieval.settings import Settings
from tests.conftest import DOCS_CORPUS, make_bot
from tests.servers import running, wait_ready

pytestmark = pytest.mark.integration
TOKEN = "article-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
BODY = (
    "The harbour of Zorbington reopened on Tuesday after the winter storms. "
    "Mayor Ilse Quant said the repairs had cost 4 million euros."
)


@pytest.fixture(scope="module")
def site(tmp_path_factory, minilm) -> Iterator[tuple[str, Path]]:
    root = tmp_path_factory.mktemp("articles")
    corpus = root / "corpus"
    corpus.mkdir()
    for path in sorted(DOCS_CORPUS.glob("*.txt"))[:2]:
        shutil.copy(path, corpus / path.name)
    store = root / "store"
    settings = Settings(
        corpus_dir=corpus,
        store_dir=store,
        api_token=TOKEN,
        watch=False,  # what the API does alone
        max_article_bytes=8 * 1024,
    )
    with running(settings, lambda: make_bot(corpus, store, minilm)) as url:
        wait_ready(url)
        yield url, corpus


def ask(url: str, question: str) -> dict:  # type: ignore[type-arg]
    r = httpx.post(f"{url}/v1/ask", json={"question": question}, headers=AUTH, timeout=60)
    assert r.status_code == 200
    return r.json()


def test_an_added_article_is_answerable_at_once_and_gone_once_deleted(site):
    url, corpus = site
    sent = {
        "source": "coast/harbour.txt",
        "text": BODY,
        "title": "Zorbington harbour reopens",
        "date": "2024-03-01",
        "publisher": "Coast News",
    }
    r = httpx.post(f"{url}/v1/articles", json=sent, headers=AUTH, timeout=120)
    assert r.status_code == 201, r.text
    record = r.json()
    assert record == {
        "source": "coast/harbour.txt",
        "title": "Zorbington harbour reopens",
        "date": "2024-03-01",
        "publisher": "Coast News",
        "author": None,
        "sentences": 2,
    }
    answer = ask(url, "Who is the mayor of Zorbington?")
    cited = [c for c in answer["citations"] if c["source"] == "coast/harbour.txt"]
    assert cited and any("Ilse Quant" in c["quote"] for c in cited)
    text = (corpus / "coast" / "harbour.txt").read_text(encoding="utf-8")
    assert all(text[c["start"] : c["end"]] == c["quote"] for c in cited)
    assert cited[0]["publisher"] == "Coast News" and cited[0]["date"] == "2024-03-01"

    listing = httpx.get(f"{url}/v1/articles", params={"limit": 1, "offset": 0}, headers=AUTH)
    assert listing.status_code == 200 and listing.json()["total"] == 3
    assert len(listing.json()["articles"]) == 1
    everything = httpx.get(f"{url}/v1/articles", params={"limit": 500}, headers=AUTH).json()
    assert record in everything["articles"]

    gone = httpx.delete(f"{url}/v1/articles/coast/harbour.txt", headers=AUTH, timeout=120)
    assert gone.status_code == 204 and not (corpus / "coast" / "harbour.txt").exists()
    answer = ask(url, "Who is the mayor of Zorbington?")
    assert all(c["source"] != "coast/harbour.txt" for c in answer["citations"])
    again = httpx.delete(f"{url}/v1/articles/coast/harbour.txt", headers=AUTH)
    assert again.status_code == 404 and again.json()["error"]["code"] == "not_found"


def test_an_html_article_keeps_its_stated_outlet(site):
    url, corpus = site
    page = f"<html><body><h1>Harbour reopens</h1><p>{BODY}</p></body></html>"
    sent = {"source": "harbour.html", "html": page, "publisher": "Coast News"}
    r = httpx.post(f"{url}/v1/articles", json=sent, headers=AUTH, timeout=120)
    assert r.status_code == 201, r.text
    assert r.json()["publisher"] == "Coast News" and r.json()["sentences"] == 2
    assert httpx.delete(f"{url}/v1/articles/harbour.html", headers=AUTH).status_code == 204


@pytest.mark.parametrize(
    "source", ["../outside.txt", "/tmp/outside.txt", "a/../../outside.txt", ".hidden.txt", "x.exe"]
)
def test_unsafe_names_are_422_and_nothing_is_written_outside(site, source):
    url, corpus = site
    before = sorted(p.name for p in corpus.parent.iterdir())
    r = httpx.post(
        f"{url}/v1/articles", json={"source": source, "text": BODY}, headers=AUTH, timeout=60
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_article"
    assert sorted(p.name for p in corpus.parent.iterdir()) == before
    assert not Path("/tmp/outside.txt").exists()


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"source": "a.txt"}, "invalid_request"),  # neither text nor html
        ({"source": "a.txt", "text": "x", "html": "<p>x</p>"}, "invalid_request"),
        ({"source": "a.html", "text": BODY}, "invalid_request"),  # text in an HTML file
        ({"source": "a.txt", "text": "   "}, "invalid_article"),
        ({"source": "a.txt", "text": "Menu | Home | Login"}, "invalid_article"),  # no prose
        ({"source": "a.txt", "text": BODY, "colour": "red"}, "invalid_request"),
    ],
)
def test_bad_articles_are_refused_and_not_kept(site, body, code):
    url, corpus = site
    r = httpx.post(f"{url}/v1/articles", json=body, headers=AUTH, timeout=60)
    assert r.status_code == 422 and r.json()["error"]["code"] == code
    assert not (corpus / "a.txt").exists() and not (corpus / "a.html").exists()


def test_the_article_endpoints_always_need_the_token(site):
    url, _ = site
    for call in (
        lambda h: httpx.get(f"{url}/v1/articles", headers=h),
        lambda h: httpx.post(
            f"{url}/v1/articles", json={"source": "a.txt", "text": BODY}, headers=h
        ),
        lambda h: httpx.delete(f"{url}/v1/articles/a.txt", headers=h),
    ):
        assert call({}).status_code == 401
        assert call({"Authorization": "Bearer wrong"}).status_code == 401


def test_a_body_over_the_limit_is_413(site):
    url, _ = site
    big = {"source": "big.txt", "text": BODY * 200}
    r = httpx.post(f"{url}/v1/articles", json=big, headers=AUTH)
    assert r.status_code == 413 and r.json()["error"]["code"] == "body_too_large"
    # the questions' own limit is unchanged
    r = httpx.post(f"{url}/v1/ask", json={"question": "x" * 70_000}, headers=AUTH)
    assert r.status_code == 413


def test_a_server_without_a_token_refuses_article_changes(tmp_path, hashing):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(sorted(DOCS_CORPUS.glob("*.txt"))[0], corpus)
    settings = Settings(corpus_dir=corpus, store_dir=tmp_path / "store", watch=False)
    with running(settings, lambda: make_bot(corpus, tmp_path / "store", hashing)) as url:
        wait_ready(url)
        r = httpx.post(f"{url}/v1/articles", json={"source": "a.txt", "text": BODY})
        assert r.status_code == 401 and not (corpus / "a.txt").exists()


def test_a_replacement_without_text_keeps_the_old_article(site):
    url, corpus = site
    first = sorted(p.name for p in corpus.glob("*.txt"))[0]
    before = (corpus / first).read_bytes()
    r = httpx.post(
        f"{url}/v1/articles",
        json={"source": first, "text": "Menu | Home | Login"},
        headers=AUTH,
        timeout=120,
    )
    assert r.status_code == 422 and (corpus / first).read_bytes() == before
    listing = httpx.get(f"{url}/v1/articles", params={"limit": 500}, headers=AUTH).json()
    assert first in {a["source"] for a in listing["articles"]}


def test_the_last_article_is_not_deleted(tmp_path, hashing):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    only = sorted(DOCS_CORPUS.glob("*.txt"))[0]
    shutil.copy(only, corpus)
    settings = Settings(
        corpus_dir=corpus, store_dir=tmp_path / "store", watch=False, api_token=TOKEN
    )
    with running(settings, lambda: make_bot(corpus, tmp_path / "store", hashing)) as url:
        wait_ready(url)
        r = httpx.delete(f"{url}/v1/articles/{only.name}", headers=AUTH)
        assert r.status_code == 422 and "last article" in r.json()["error"]["message"]
        assert (corpus / only.name).exists()
