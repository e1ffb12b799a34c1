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
    # No local index: at most the question encoder's ONNX export, a cache of the model.
    assert not list((tmp_path / "unused").glob("*.sqlite3"))
    assert {p.name for p in (tmp_path / "unused").glob("*")} <= {"onnx"}


def test_unreachable_server_is_one_clear_error(minilm, tmp_path):
    settings = Settings(
        corpus_dir=DOCS_CORPUS, chroma_url=f"http://127.0.0.1:{free_port()}", store_dir=tmp_path
    )
    with pytest.raises(StoreError, match="Chroma"):
        Newsbot(settings, encoder=minilm).sync()
