"""Sparse rows copied into a new matrix run by run.

An update of the index keeps nearly every sentence's and chunk's row, in the same order,
and adds or drops a few: the new matrices are the old ones' rows with a few taken out and a
few put in. Copying them as a few slices makes one array of each kind, where a row
selection, a stack and a reordering made three, each as large as the archive's counts.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse


def rows_gathered(
    blocks: tuple[sparse.csr_matrix, ...], block_of: np.ndarray, row_of: np.ndarray, width: int
) -> sparse.csr_matrix:
    """Row ``row_of[i]`` of ``blocks[block_of[i]]`` as row ``i``, ``width`` columns wide, in
    one copy: an update keeps nearly every row in order, so rows are copied run by run (a
    few slices), with no intermediate matrix as large as the result."""
    n = len(row_of)
    lengths = np.zeros(n, dtype=np.int64)
    for b, matrix in enumerate(blocks):
        mine = block_of == b
        lengths[mine] = np.diff(matrix.indptr)[row_of[mine]]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    indices = np.empty(int(indptr[-1]), dtype=np.int32)
    data = np.empty(int(indptr[-1]), dtype=blocks[0].dtype)
    breaks = np.flatnonzero((np.diff(row_of) != 1) | (np.diff(block_of) != 0)) + 1
    starts = np.concatenate(([0], breaks)).tolist() if n else []
    ends = np.concatenate((breaks, [n])).tolist() if n else []
    for start, end in zip(starts, ends):
        matrix = blocks[int(block_of[start])]
        first = int(row_of[start])
        lo, hi = int(matrix.indptr[first]), int(matrix.indptr[first + end - start])
        at = int(indptr[start])
        indices[at : at + hi - lo] = matrix.indices[lo:hi]
        data[at : at + hi - lo] = matrix.data[lo:hi]
    if indptr[-1] <= np.iinfo(np.int32).max:
        indptr = indptr.astype(np.int32)
    return sparse.csr_matrix((data, indices, indptr), shape=(n, width))
