from retrieval.ingest.chunking import chunk_sentences
from retrieval.ingest.cleaning import clean
from retrieval.ingest.sentences import split_sentences
from tests.conftest import DOCS_CORPUS


def test_chunks_cover_every_sentence_with_exact_offsets():
    for path in DOCS_CORPUS.iterdir():
        text = path.read_text(encoding="utf-8")
        sentences = split_sentences(path.name, text, clean(text).body)
        chunks = chunk_sentences(path.name, text, sentences, target_chars=400)
        covered = set()
        for c in chunks:
            assert text[c.start : c.end] == c.text
            assert c.start == sentences[c.first_sentence].start
            assert c.end == sentences[c.last_sentence].end
            covered.update(range(c.first_sentence, c.last_sentence + 1))
        assert covered == set(range(len(sentences)))


def test_consecutive_chunks_overlap_by_one_sentence():
    text = " ".join(f"Sentence number {i} is here and it is long enough." for i in range(30))
    from retrieval.models import Span

    sentences = split_sentences("x", text, [Span(start=0, end=len(text))])
    chunks = chunk_sentences("x", text, sentences, target_chars=200)
    assert len(chunks) > 3
    for a, b in zip(chunks, chunks[1:]):
        assert b.first_sentence == a.last_sentence
