"""Shared fixtures. Unit tests use ``HashingEmbeddings`` (fast, deterministic); tests marked
``integration`` use the real bundled MiniLM model and real Chroma in ``tmp_path``."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from retrieval.ingest.embeddings import HashingEmbeddings, MiniLMEmbeddings
from retrieval.service import Newsbot
from retrieval.settings import Settings

REPO = Path(__file__).resolve().parent.parent
DOCS_CORPUS = REPO / "docs_corpus"
SHARED = REPO.parent / "shared"


def assert_quotes_verbatim(answer, corpus: Path = DOCS_CORPUS) -> None:  # type: ignore[no-untyped-def]
    """Every quote is its file's text at its offsets; every [n] names a citation."""
    for c in answer.citations:
        text = (corpus / c.source).read_text(encoding="utf-8")
        assert text[c.start : c.end] == c.quote
    markers = {int(m) for m in re.findall(r"\[(\d+)\]", answer.answer)}
    assert markers <= {c.id for c in answer.citations}
    assert [c.id for c in answer.citations] == list(range(1, len(answer.citations) + 1))


@pytest.fixture(scope="session")
def minilm() -> MiniLMEmbeddings:
    return MiniLMEmbeddings()


@pytest.fixture
def hashing() -> HashingEmbeddings:
    return HashingEmbeddings()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A private, writable copy of the shipped articles."""
    target = tmp_path / "corpus"
    shutil.copytree(DOCS_CORPUS, target)
    for p in target.iterdir():
        p.chmod(0o644)
    return target


def make_bot(corpus_dir: Path, store_dir: Path, encoder) -> Newsbot:  # type: ignore[no-untyped-def]
    bot = Newsbot(Settings(corpus_dir=corpus_dir, store_dir=store_dir), encoder=encoder)
    bot.sync()
    return bot


@pytest.fixture(scope="session")
def seed_bot(tmp_path_factory: pytest.TempPathFactory, minilm: MiniLMEmbeddings) -> Newsbot:
    """The real thing over docs_corpus: real model, real embedded Chroma."""
    return make_bot(DOCS_CORPUS, tmp_path_factory.mktemp("seed-store"), minilm)


def gated_bot(corpus_dir: Path, store_dir: Path, encoder, gate):  # type: ignore[no-untyped-def]
    """A ``make_bot`` whose question embeddings wait for ``gate``: answering stalls until the
    test sets it, so questions pile up in the queue."""

    class GatedEncoder:
        model_name = encoder.model_name

        def encode(self, texts):  # type: ignore[no-untyped-def]
            gate.wait(30)
            return encoder.encode(texts)

    def build() -> Newsbot:
        bot = make_bot(corpus_dir, store_dir, encoder)
        bot.encoder = GatedEncoder()
        return bot

    return build
