"""Server mode: the same index in a real `chroma run` server started here on 127.0.0.1."""

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from retrieval.errors import StoreError
from retrieval.service import Newsbot
from retrieval.settings import Settings
from tests.conftest import DOCS_CORPUS

pytestmark = pytest.mark.integration


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen(
        [chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("chroma run did not start")
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=30)


def test_two_bots_share_one_server_index(chroma_url, minilm, tmp_path):
    settings = Settings(
        corpus_dir=DOCS_CORPUS,
        chroma_url=chroma_url,
        collection="shared-news",
        store_dir=tmp_path / "unused",
    )
    first = Newsbot(settings, encoder=minilm)
    report = first.sync()
    assert len(report.added) == 5
    second = Newsbot(settings, encoder=minilm)  # another process or machine
    assert not second.sync().changed
    answer = second.ask("Who was the Mayor of Beijing who spoke at the 23rd symposium?")
    assert answer.answered and "Chen Jining" in answer.answer
    # No local store: caches (the ONNX export of the model, the copy of the in-memory
    # index a restart loads) and the writers' lock file.
    assert not list((tmp_path / "unused").glob("*.sqlite3"))
    local = {"onnx", ".ingest.lock", f"{first._collection}.index.pickle"}
    assert {p.name for p in (tmp_path / "unused").glob("*")} <= local


def test_unreachable_server_is_one_clear_error(minilm, tmp_path):
    settings = Settings(
        corpus_dir=DOCS_CORPUS, chroma_url=f"http://127.0.0.1:{free_port()}", store_dir=tmp_path
    )
    with pytest.raises(StoreError, match="Chroma"):
        Newsbot(settings, encoder=minilm).sync()


HARBOUR = (
    "Zorbington harbour reopens\n\n"
    "The harbour of Zorbington reopened on Tuesday after the winter storms. "
    "Mayor Ilse Quant said the repairs had cost 4 million euros.\n"
)


def test_an_updated_index_reads_only_what_changed_and_equals_a_full_load(
    chroma_url, hashing, tmp_path
):
    from retrieval.answering.index import SearchIndex

    corpus = tmp_path / "corpus"
    shutil.copytree(DOCS_CORPUS, corpus)
    settings = Settings(
        corpus_dir=corpus, chroma_url=chroma_url, collection="updates", store_dir=tmp_path / "s"
    )
    bot = Newsbot(settings, encoder=hashing)
    bot.sync()
    before = bot.index
    (corpus / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    first = sorted(corpus.glob("0*.txt"))[0]
    first.unlink()
    bot.sync()
    full = SearchIndex.load(bot.store)
    assert bot.index is not before
    assert [s.text for s in bot.index.sentences] == [s.text for s in full.sentences]
    assert (bot.index.vectors == full.vectors).all()
    assert [c.chunk_id for c in bot.index.chunks] == [c.chunk_id for c in full.chunks]
    assert "harbour.txt" in bot.index.articles and first.name not in bot.index.articles


def test_two_servers_on_one_chroma_server_agree(chroma_url, minilm, tmp_path):
    """An article added through one replica (its API) is answered by the other, which does
    not watch the folder: it follows the shared index."""
    import httpx

    from tests.servers import running, wait_ready

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted(DOCS_CORPUS.glob("*.txt"))[:2]:
        shutil.copy(path, corpus / path.name)
    shared = {
        "corpus_dir": corpus,
        "chroma_url": chroma_url,
        "collection": "replicas",
        "store_dir": tmp_path / "store",
        "api_token": "t",
        "follow_seconds": 0.5,
    }
    first = Settings(**shared, watch=False)
    second = Settings(**shared, watch=False)
    auth = {"Authorization": "Bearer t"}

    def build(settings: Settings):  # type: ignore[no-untyped-def]
        def make() -> Newsbot:
            bot = Newsbot(settings, encoder=minilm)
            bot.sync()
            bot.warm()
            return bot

        return make

    with running(first, build(first)) as a, running(second, build(second)) as b:
        wait_ready(a)
        wait_ready(b)
        added = httpx.post(
            f"{a}/v1/articles",
            json={"source": "harbour.txt", "text": HARBOUR},
            headers=auth,
            timeout=120,
        )
        assert added.status_code == 201, added.text
        question = {"question": "Who is the mayor of Zorbington?"}
        deadline = time.monotonic() + 60
        while True:
            answer = httpx.post(f"{b}/v1/ask", json=question, headers=auth, timeout=30).json()
            if any(c["source"] == "harbour.txt" for c in answer["citations"]):
                break
            assert time.monotonic() < deadline, "the other replica never cited the new article"
            time.sleep(0.2)
        assert "Ilse Quant" in answer["answer"]
        removed = httpx.delete(f"{a}/v1/articles/harbour.txt", headers=auth, timeout=120)
        assert removed.status_code == 204
        deadline = time.monotonic() + 60
        while True:
            answer = httpx.post(f"{b}/v1/ask", json=question, headers=auth, timeout=30).json()
            if all(c["source"] != "harbour.txt" for c in answer["citations"]):
                break
            assert time.monotonic() < deadline, "the other replica kept citing a deleted article"
            time.sleep(0.2)
