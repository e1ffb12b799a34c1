"""Group an article's sentences into overlapping chunks for retrieval."""

from __future__ import annotations

from retrieval.models import Chunk, Sentence

TARGET_CHUNK_CHARS = 700


def chunk_sentences(
    source: str, text: str, sentences: list[Sentence], target_chars: int = TARGET_CHUNK_CHARS
) -> list[Chunk]:
    """Consecutive sentences up to ``target_chars``; each chunk repeats the previous chunk's
    last sentence so a fact split across a boundary is still seen whole once."""
    chunks: list[Chunk] = []
    i = 0
    while i < len(sentences):
        j = i
        while j + 1 < len(sentences) and sentences[j + 1].end - sentences[i].start <= target_chars:
            j += 1
        start, end = sentences[i].start, sentences[j].end
        chunks.append(
            Chunk(
                chunk_id=f"{source}#{len(chunks)}",
                source=source,
                start=start,
                end=end,
                text=text[start:end],
                first_sentence=i,
                last_sentence=j,
            )
        )
        if j + 1 >= len(sentences):
            break
        i = j if j > i else j + 1
    return chunks
