"""The stored sentences and chunks as columns: one array per field instead of one object
per record.

A 50,000-article archive holds about 1.25 million sentences and 300,000 chunks. As frozen
dataclasses they cost some 300 bytes each beyond their text (the object, its attribute
dict, boxed integers), and every update walked them in Python to decide which to keep and
in what order. As columns, keeping, ordering and joining records are array operations in C,
and a row becomes a record object only when an answer reads it (a few hundred per question).
"""

from __future__ import annotations

import sys
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Self, TypeVar, overload

import numpy as np


@dataclass(frozen=True)
class StoredSentence:
    source: str
    content_hash: str
    position: int  # index of the sentence inside its article
    start: int
    end: int
    paragraph: int
    text: str  # what a reader sees
    quote: str  # the file's characters at [start, end)


@dataclass(frozen=True)
class StoredChunk:
    chunk_id: str
    source: str
    content_hash: str
    first_sentence: int
    last_sentence: int
    text: str | None  # None once counted: the index keeps a chunk's terms, not its words


Record = TypeVar("Record")


class _Table(Sequence[Record], Generic[Record]):
    """Parallel columns, one value per row; ``table[i]`` is row ``i`` as a record. The
    integers are 32-bit: a position or character offset inside one file."""

    _NAMES: tuple[str, ...] = ()
    __slots__ = ("_length",)

    def __init__(self, columns: dict[str, np.ndarray]) -> None:
        lengths = {len(columns[name]) for name in self._NAMES}
        if len(lengths) > 1:
            raise ValueError("every column of a table needs one value per row")
        for name in self._NAMES:
            object.__setattr__(self, name, columns[name])
        self._length = lengths.pop() if lengths else 0

    def _columns(self) -> dict[str, np.ndarray]:
        return {name: getattr(self, name) for name in self._NAMES}

    @classmethod
    def joined(cls, tables: Sequence[Self]) -> Self:
        if not tables:
            return cls.of([])
        return cls(
            {name: np.concatenate([getattr(t, name) for t in tables]) for name in cls._NAMES}
        )

    @classmethod
    def of(cls, rows: Iterable[Record]) -> Self:
        raise NotImplementedError

    def take(self, rows: np.ndarray) -> Self:
        """Rows ``rows``, in that order (a gather per column, in C)."""
        return type(self)({name: column[rows] for name, column in self._columns().items()})

    def _record(self, i: int) -> Record:
        raise NotImplementedError

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, i: int) -> Record: ...
    @overload
    def __getitem__(self, i: slice) -> list[Record]: ...
    def __getitem__(self, i: int | slice) -> Record | list[Record]:
        if isinstance(i, slice):
            return [self._record(j) for j in range(*i.indices(len(self)))]
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        return self._record(i % len(self) if len(self) else i)

    def __iter__(self) -> Iterator[Record]:
        return (self._record(i) for i in range(len(self)))

    def __getstate__(self) -> dict[str, np.ndarray]:
        return self._columns()

    def __setstate__(self, state: dict[str, np.ndarray]) -> None:
        _Table.__init__(self, state)


class SentenceTable(_Table[StoredSentence]):
    """The sentences. ``quote`` holds None where it equals ``text`` (every plain-text
    file): only HTML has markup behind its text. Source and hash strings are interned,
    one per article."""

    _NAMES = (
        "source",
        "content_hash",
        "position",
        "start",
        "end",
        "paragraph",
        "text",
        "quote",
        "text_key",
    )
    __slots__ = _NAMES
    source: np.ndarray  # str per row
    content_hash: np.ndarray  # str per row
    position: np.ndarray
    start: np.ndarray
    end: np.ndarray
    paragraph: np.ndarray
    text: np.ndarray  # str per row
    quote: np.ndarray  # str per row, None where it is the text
    # A checksum of the text, the same in every process (``hash`` of a str is not, and the
    # table is kept on disk): rows with the same words are found by it.
    text_key: np.ndarray

    @classmethod
    def of(cls, rows: Iterable[StoredSentence]) -> SentenceTable:
        listed = list(rows)
        return cls(
            {
                **_interned(listed, ("source", "content_hash")),
                **_integers(listed, ("position", "start", "end", "paragraph")),
                "text": _objects(r.text for r in listed),
                "quote": _objects(None if r.quote == r.text else r.quote for r in listed),
                "text_key": np.fromiter(
                    (zlib.crc32(r.text.encode("utf-8")) for r in listed), np.uint32, len(listed)
                ),
            }
        )

    def _record(self, i: int) -> StoredSentence:
        text, quote = self.text[i], self.quote[i]
        return StoredSentence(
            source=self.source[i],
            content_hash=self.content_hash[i],
            position=int(self.position[i]),
            start=int(self.start[i]),
            end=int(self.end[i]),
            paragraph=int(self.paragraph[i]),
            text=text,
            quote=text if quote is None else quote,
        )


class ChunkTable(_Table[StoredChunk]):
    """The chunks; ``text`` is None for a chunk whose terms are already counted."""

    _NAMES = ("chunk_id", "source", "content_hash", "first_sentence", "last_sentence", "text")
    __slots__ = _NAMES
    chunk_id: np.ndarray  # str per row
    source: np.ndarray  # str per row
    content_hash: np.ndarray  # str per row
    first_sentence: np.ndarray
    last_sentence: np.ndarray
    text: np.ndarray  # str or None per row

    @classmethod
    def of(cls, rows: Iterable[StoredChunk]) -> ChunkTable:
        listed = list(rows)
        return cls(
            {
                "chunk_id": _objects(r.chunk_id for r in listed),
                **_interned(listed, ("source", "content_hash")),
                **_integers(listed, ("first_sentence", "last_sentence")),
                "text": _objects(r.text for r in listed),
            }
        )

    def without_text(self) -> ChunkTable:
        return ChunkTable({**self._columns(), "text": np.full(len(self), None, dtype=object)})

    def _record(self, i: int) -> StoredChunk:
        return StoredChunk(
            chunk_id=self.chunk_id[i],
            source=self.source[i],
            content_hash=self.content_hash[i],
            first_sentence=int(self.first_sentence[i]),
            last_sentence=int(self.last_sentence[i]),
            text=self.text[i],
        )


def _objects(values: Iterable[object]) -> np.ndarray:
    listed = list(values)
    out = np.empty(len(listed), dtype=object)
    out[:] = listed
    return out


def _interned(rows: list[Any], names: tuple[str, ...]) -> dict[str, np.ndarray]:
    """Columns of strings one article shares by all its rows: one string each."""
    return {name: _objects(sys.intern(getattr(r, name)) for r in rows) for name in names}


def _integers(rows: list[Any], names: tuple[str, ...]) -> dict[str, np.ndarray]:
    return {
        name: np.fromiter((getattr(r, name) for r in rows), np.int32, len(rows)) for name in names
    }
