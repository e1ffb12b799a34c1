"""Half-precision vectors of a large index: gathered from blocks, appended to, written to a
file and mapped from it, pickled without the mapped rows."""

import pickle

import numpy as np
import pytest

from retrieval.answering.half_vectors import HalfVectors, gathered


def test_vectors_are_gathered_from_their_blocks_in_order():
    rng = np.random.default_rng(0)
    kept, fresh = rng.random((50, 384), dtype=np.float32), rng.random((7, 384), dtype=np.float32)
    both = np.vstack([kept, fresh])
    for rows in (
        np.arange(57),
        np.array([0, 1, 2, 50, 51, 3, 4, 56, 5]),  # an update: new rows among the kept
        rng.permutation(57),
        np.array([], dtype=np.int64),
        np.array([49, 50]),  # a run across the blocks' boundary
    ):
        assert np.array_equal(gathered((kept, fresh), rows), both[rows]), rows
        assert np.array_equal(gathered(kept, rows[rows < 50]), kept[rows[rows < 50]])
        half = HalfVectors.of(kept, np.arange(50))  # a block of another index's vectors
        expected = both[rows].astype(np.float16).astype(np.float32)
        assert np.array_equal(gathered((half, fresh.astype(np.float16)), rows), expected)


def test_written_vectors_are_mapped_and_appended_to_in_memory(tmp_path):
    rng = np.random.default_rng(1)
    rows = rng.random((20, 384), dtype=np.float32)
    half = HalfVectors.of(rows, np.arange(20))
    mapped = half.written(tmp_path, "v.npy")
    assert mapped.mapped and mapped.used == 0 and isinstance(mapped.base, np.memmap)
    assert np.array_equal(mapped[np.arange(20)], rows.astype(np.float16))
    # An update: rows 3 and 7 dropped, two new rows at the end, one new row in the middle.
    fresh = rng.random((3, 384), dtype=np.float32)
    order = np.array([0, 1, 2, 20, 4, 5, 6, *range(8, 20), 21, 22])
    grown = mapped.updated(order, 20, fresh)
    assert grown.base is mapped.base and grown.used == 3
    every = np.vstack([rows, fresh]).astype(np.float16)
    assert np.array_equal(grown[np.arange(len(order))], every[order])
    query = rng.random(384, dtype=np.float32)
    assert np.allclose(grown.similarity(query, np.array([3, 20])), every[order][[3, 20]] @ query)
    # Pickled without the mapped rows; attached again from the folder.
    copy = pickle.loads(pickle.dumps(grown))
    assert copy.file == "v.npy" and len(copy.base) == 0
    copy.attach(tmp_path)
    assert np.array_equal(copy[np.arange(len(order))], every[order])
    (tmp_path / "v.npy").write_bytes(b"not vectors")
    with pytest.raises((OSError, ValueError)):
        pickle.loads(pickle.dumps(grown)).attach(tmp_path)
