"""The sentence vectors of an index too large to compare with a question one by one.

Such an index only reads the vectors of a question's few hundred candidates, so it keeps
them in half precision, and most of them not in memory at all: the rows the copy of the
index on disk was made with are a file beside it, memory-mapped (the system pages in the
candidates' rows and can drop them again), and only the rows of articles added since are
held in memory, in a buffer that updates append to. 1.25 million sentences: 1.9 GB as
float32 in memory, 0.96 GB as float16, a few megabytes mapped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from retrieval.ingest.embeddings import DIMENSIONS

# The in-memory buffer grows by this factor when new vectors do not fit (so adding
# articles one by one copies it now and then, not each time) ...
BUFFER_GROWTH = 1.25
# ... and everything is copied down to the live rows once the file and buffer hold this
# many times as many (the vectors of articles changed or deleted since are left in place
# until then; the copy of the index on disk drops them sooner, when it is renewed).
BUFFER_COMPACT_AT = 1.5
_PIECE = 65536  # rows converted or written at once: no second full-size copy


def _blocks(vectors: Any) -> tuple[Any, ...]:
    return vectors if isinstance(vectors, tuple) else (vectors,)


def gathered(blocks: Any, rows: np.ndarray, dtype: type[np.floating] = np.float32) -> np.ndarray:
    """Rows ``rows`` of the blocks stacked, in one copy and without stacking them first
    (converted to ``dtype`` as they are copied). A block is an array or a HalfVectors. An
    update keeps nearly every row in order, so rows are copied run by run (a few slices)
    rather than one by one."""
    blocks = _blocks(blocks)
    out = np.empty((len(rows), DIMENSIONS), dtype=dtype)
    if not len(rows):
        return out
    if len(blocks) == 1 and len(rows) > 1 and (np.diff(rows) != 1).sum() > len(rows) // 8:
        block = blocks[0]
        if isinstance(block, np.ndarray) and out.dtype == block.dtype:  # scattered: gather
            return np.take(block, rows, axis=0, out=out)
        for at in range(0, len(rows), _PIECE):  # converted a piece at a time
            out[at : at + _PIECE] = block[rows[at : at + _PIECE]]
        return out
    bounds = np.cumsum([0, *(len(b) for b in blocks)])
    block_of = np.searchsorted(bounds, rows, side="right") - 1
    breaks = np.flatnonzero((np.diff(rows) != 1) | (np.diff(block_of) != 0)) + 1
    starts = np.concatenate(([0], breaks)).tolist()
    ends = np.concatenate((breaks, [len(rows)])).tolist()
    for start, end in zip(starts, ends):
        block = blocks[int(block_of[start])]
        at = int(rows[start] - bounds[int(block_of[start])])
        if isinstance(block, np.ndarray):
            out[start:end] = block[at : at + end - start]
            continue
        for piece in range(start, end, _PIECE):  # read a piece at a time
            stop = min(piece + _PIECE, end)
            out[piece:stop] = block[np.arange(at + piece - start, at + stop - start)]
    return out


class HalfVectors:
    """Half-precision vectors by index row: row ``r`` is at place ``at[r]`` of the mapped
    file's rows followed by the in-memory buffer's. Never changed once an index holds it;
    an update makes a new one that shares the file and the buffer (it writes only past the
    part the older one reads)."""

    dtype = np.float16

    def __init__(
        self,
        at: np.ndarray,
        buffer: np.ndarray,
        used: int,
        base: np.ndarray | None = None,
        file: str | None = None,
    ) -> None:
        self.at = at
        self.buffer = buffer  # rows [0, used) in use; later ones are free
        self.used = used
        self.base = np.zeros((0, DIMENSIONS), np.float16) if base is None else base
        self.file = file  # the base's file name, beside the index copy; None: in memory

    @classmethod
    def of(cls, blocks: Any, rows: np.ndarray) -> HalfVectors:
        """Rows ``rows`` of ``blocks`` in a new in-memory buffer."""
        buffer = gathered(blocks, rows, np.float16)
        return cls(np.arange(len(rows)), buffer, len(rows))

    def __len__(self) -> int:
        return len(self.at)

    @property
    def mapped(self) -> bool:
        """Whether its rows are mapped from a file (the index copy's) rather than held."""
        return self.file is not None

    def _places(self, places: np.ndarray) -> np.ndarray:
        out = np.empty((len(places), DIMENSIONS), np.float16)
        based = places < len(self.base)
        out[based] = self.base[places[based]]
        out[~based] = self.buffer[places[~based] - len(self.base)]
        return out

    def __getitem__(self, rows: np.ndarray) -> np.ndarray:
        """The half-precision vectors of ``rows``."""
        return self._places(self.at[np.asarray(rows, dtype=np.int64)])

    def similarity(self, query: np.ndarray, rows: np.ndarray) -> np.ndarray:
        return np.asarray(self[rows], dtype=np.float32) @ query

    def updated(self, rows: np.ndarray, kept_below: int, fresh: np.ndarray | None) -> HalfVectors:
        """The vectors of an updated index: input ``rows`` below ``kept_below`` are this
        one's rows, the others rows of ``fresh`` (offset by ``kept_below``). The new vectors
        go after the part of the buffer in use, so adding an article copies its vectors,
        not the archive's."""
        reused = rows < kept_below
        at = np.empty(len(rows), dtype=np.int64)
        at[reused] = self.at[rows[reused]]
        new = rows[~reused] - kept_below
        used, need, buffer = self.used, len(new), self.buffer
        if used + need > len(buffer):
            grown = np.empty(
                (max(used + need, int(len(buffer) * BUFFER_GROWTH)), DIMENSIONS), np.float16
            )
            grown[:used] = buffer[:used]
            buffer = grown
        if need and fresh is not None:
            buffer[used : used + need] = fresh[new]
        at[~reused] = len(self.base) + np.arange(used, used + need)
        held = HalfVectors(at, buffer, used + need, self.base, self.file)
        if len(self.base) + held.used > BUFFER_COMPACT_AT * len(rows):
            return HalfVectors.of((held,), np.arange(len(rows)))
        return held

    def written(self, folder: Path, name: str) -> HalfVectors:
        """These vectors, row by row, in a new .npy file ``name`` in ``folder`` (written
        piece by piece with plain writes, so the writer's memory does not hold them), and
        mapped from it: the in-memory buffer is no longer needed."""
        header = {"descr": np.dtype(np.float16).str, "fortran_order": False}
        with (folder / name).open("wb") as f:
            np.lib.format.write_array_header_1_0(f, {**header, "shape": (len(self), DIMENSIONS)})
            for at in range(0, len(self), _PIECE):
                f.write(self[np.arange(at, min(at + _PIECE, len(self)))].tobytes())
        mapped = HalfVectors(np.arange(len(self)), np.zeros((0, DIMENSIONS), np.float16), 0)
        mapped.file = name
        mapped.attach(folder)
        return mapped

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without the mapped rows (the file is kept beside the copy; ``attach``
        maps it again) and with only the used part of the buffer."""
        state = {"at": self.at, "buffer": self.buffer[: self.used], "file": self.file}
        if self.file is None:
            state["base"] = self.base
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.at, self.buffer, self.file = state["at"], state["buffer"], state["file"]
        self.used = len(self.buffer)
        self.base = state.get("base", np.zeros((0, DIMENSIONS), np.float16))

    def attach(self, folder: Path) -> None:
        """Map the file an unpickled copy's rows are in (``OSError``/``ValueError`` when it
        is missing or is not theirs)."""
        if self.file is not None:
            base = np.load(folder / self.file, mmap_mode="r")
            if base.dtype != np.float16 or base.shape[1:] != (DIMENSIONS,):
                raise ValueError(f"{self.file} does not hold half-precision vectors")
            if len(self.at) and int(self.at.max()) >= len(base) + self.used:
                raise ValueError(f"{self.file} holds fewer vectors than the index")
            self.base = base
