"""Shared fixtures. Unit tests use ``HashingEmbeddings`` (fast, deterministic); tests marked
``integration`` use the real bundled MiniLM model and real Chroma in ``tmp_path``."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from retrieval.ingest.embeddings import HashingEmbeddings, MiniLMEmbeddings
from retrieval.models import Answer, Citation
from retrieval.service import Newsbot
from retrieval.settings import Settings

REPO = Path(__file__).resolve().parent.parent
DOCS_CORPUS = REPO / "docs_corpus"
SHARED = REPO.parent / "shared"


def shared_file(*parts: str) -> Path:
    """A file of the team's shared evaluation data (``../shared`` beside the repository),
    or a failure that says which file is missing and where it was looked for: these tests
    are meant to run, so a missing file fails them rather than skipping them."""
    path = SHARED.joinpath(*parts)
    if not path.is_file():
        pytest.fail(
            f"This test needs {'/'.join(parts)} of the shared evaluation data, looked for at "
            f"{path}: check out ../shared beside the repository (it holds the seed questions "
            "and the reference scorer).",
            pytrace=False,
        )
    return path


def cite(
    id: int,
    source: str,
    text: str,
    start: int = 0,
    publisher: str | None = None,
    date: str | None = None,
    title: str | None = None,
) -> Citation:
    """A citation made by hand, for tests of what is done with one (rendering, ordering)."""
    return Citation(
        id=id,
        source=source,
        title=title or f"Title of {source}",
        date=date,
        publisher=publisher,
        quote=text,
        text=text,
        start=start,
        end=start + len(text),
        score=1.0,
    )


def answered_with(question: str, *citations: Citation) -> Answer:
    """An answer made of its citations' quotes, each followed by its marker."""
    text = " ".join(f"{c.text} [{c.id}]" for c in citations)
    return Answer(
        question=question, answered=True, answer=text, citations=list(citations), took_ms=1.0
    )


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
