"""BM25 over the chunks, kept so that an update costs the articles that changed.

The scores are Lucene's BM25 (the variant ``bm25s`` computes by default, and a test holds
them equal): a term's weight is ``ln(1 + (N - df + 0.5) / (df + 0.5))`` and a chunk's share
of it ``tf / (k1 * (1 - b + b * length / mean length) + tf)``. ``bm25s`` precomputes every
chunk's score for every term, so adding one article to an archive meant indexing the whole
archive again. Here the index holds only each chunk's term counts: an update keeps the rows
of the chunks it keeps (a sparse row selection, in C), counts the new chunks' tokens, and
the collection statistics (N, document frequencies, mean length) are applied when a
question is scored, over the few columns of its terms.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from retrieval.answering.sparse_rows import rows_gathered

K1 = 1.5  # how fast repeating a term stops adding to a chunk's score (BM25's usual value)
B = 0.75  # how much a long chunk's score is scaled down (BM25's usual value)


class KeywordIndex:
    """Term counts of every chunk (rows, in the index's chunk order) and the vocabulary."""

    def __init__(self, counts: sparse.csr_matrix, vocabulary: dict[str, int]) -> None:
        self.vocabulary = vocabulary  # term -> column; only ever grows, so columns stay put
        self._counts = counts
        self._by_term = counts.tocsc()  # a question reads the columns of its terms
        self.lengths = np.asarray(counts.sum(axis=1), dtype=np.float32).ravel()
        mean = float(self.lengths.mean()) if len(self.lengths) else 1.0
        self._norm = K1 * ((1.0 - B) + B * self.lengths / (mean or 1.0))

    def __len__(self) -> int:
        return int(self._counts.shape[0])

    @classmethod
    def build(
        cls,
        tokens: Sequence[Sequence[str] | None],
        previous: KeywordIndex | None = None,
        previous_rows: Sequence[int | None] | np.ndarray = (),
    ) -> KeywordIndex:
        """The index of chunks whose tokens are ``tokens[i]``; where that is None, chunk
        ``i`` is row ``previous_rows[i]`` of ``previous`` (None or -1: none), taken as it is."""
        vocabulary = dict(previous.vocabulary) if previous is not None else {}
        earlier = np.full(len(tokens), -1, dtype=np.int64)
        given = np.array(
            [-1 if r is None else r for r in previous_rows]
            if not isinstance(previous_rows, np.ndarray)
            else previous_rows,
            dtype=np.int64,
        )[: len(tokens)]
        earlier[: len(given)] = given
        counted = np.fromiter((t is not None for t in tokens), dtype=bool, count=len(tokens))
        kept = ~counted & (earlier >= 0) & (previous is not None)
        fresh = np.flatnonzero(counted)
        if int(kept.sum()) + len(fresh) != len(tokens):
            raise ValueError("every chunk needs its tokens or a row of the previous index")
        rows: list[int] = []
        cols: list[int] = []
        values: list[int] = []
        for n, i in enumerate(fresh.tolist()):
            for term, count in Counter(tokens[i] or ()).items():
                rows.append(n)
                cols.append(vocabulary.setdefault(term, len(vocabulary)))
                values.append(count)
        width = max(1, len(vocabulary))
        new = sparse.csr_matrix(
            (np.array(values, dtype=np.float32), (rows, cols)), shape=(len(fresh), width)
        )
        # Each chunk's row: from the previous counts (block 0) or the new ones (block 1).
        block_of = np.where(kept, 0, 1)
        row_of = np.where(kept, earlier, 0)
        row_of[fresh] = np.arange(len(fresh))
        before = previous._counts if previous is not None else new[:0]
        return cls(rows_gathered((before, new), block_of, row_of, width), vocabulary)

    def scores(self, terms: Sequence[str]) -> np.ndarray:
        """The BM25 score of every chunk for ``terms`` (each counted once)."""
        out = np.zeros(len(self), dtype=np.float32)
        n = len(self)
        csc = self._by_term
        for term in dict.fromkeys(terms):
            col = self.vocabulary.get(term)
            if col is None or col >= csc.shape[1]:
                continue
            lo, hi = csc.indptr[col], csc.indptr[col + 1]
            if lo == hi:
                continue
            docs, tf = csc.indices[lo:hi], csc.data[lo:hi]
            df = hi - lo
            weight = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
            out[docs] += weight * tf / (self._norm[docs] + tf)
        return out
