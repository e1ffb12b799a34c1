"""Sparse rows gathered run by run equal a row selection of the stacked blocks."""

import numpy as np
from scipy import sparse

from retrieval.answering.sparse_rows import rows_gathered


def test_incidence_rows_are_gathered_run_by_run():
    rng = np.random.default_rng(2)
    old = sparse.random(30, 8, density=0.3, format="csr", random_state=3, dtype=np.float32)
    new = sparse.random(5, 12, density=0.4, format="csr", random_state=4, dtype=np.float32)
    old.data[:], new.data[:] = 1.0, 1.0
    both = sparse.vstack([sparse.hstack([old, sparse.csr_matrix((30, 4))]), new]).tocsr()
    for block_of, row_of in (
        (np.array([0, 0, 1, 0, 0, 1, 1, 0]), np.array([0, 1, 0, 2, 5, 1, 2, 6])),
        (np.zeros(30, np.int64), np.arange(30)),
        (np.ones(5, np.int64), rng.permutation(5)),
        (np.zeros(0, np.int64), np.zeros(0, np.int64)),
    ):
        got = rows_gathered((old, new), block_of, row_of, 12)
        expected = both[np.where(block_of == 0, row_of, 30 + row_of)]
        assert got.shape == (len(row_of), 12)
        assert (got != expected).nnz == 0
