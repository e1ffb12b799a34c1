"""BM25 kept as term counts: the same scores as ``bm25s``, and an update equal to a rebuild."""

import bm25s
import numpy as np
import pytest

from retrieval.answering.keywords import KeywordIndex
from retrieval.terms import content_terms

TEXTS = [
    "The Glasgow council met on Monday and voted on the budget.",
    "The budget of the council passed; the council cut the budget for parks.",
    "A new bridge opened in Glasgow after repairs to the bridge deck.",
    "Ferry services resumed on Friday.",
    "Councillors said parks and the ferry need more money next year.",
]
TOKENS = [content_terms(t) for t in TEXTS]


@pytest.mark.parametrize("query", [["budget"], ["council", "budget"], ["bridg", "ferri", "x"]])
def test_the_scores_are_bm25s_lucene_scores(query):
    reference = bm25s.BM25()
    reference.index(TOKENS, show_progress=False)
    known = [t for t in query if t in reference.vocab_dict]
    expected = reference.get_scores(known)
    assert np.allclose(KeywordIndex.build(TOKENS).scores(query), expected, rtol=1e-5)


def test_an_update_keeps_rows_and_equals_a_rebuild():
    first = KeywordIndex.build(TOKENS)
    # Drop chunk 1, keep the others in a new order, add a chunk with a new word.
    added = content_terms("The harbour ferry carries cars to Glasgow.")
    updated = KeywordIndex.build([None, None, added, None, None], first, [4, 0, None, 2, 3])
    rebuilt = KeywordIndex.build([TOKENS[4], TOKENS[0], added, TOKENS[2], TOKENS[3]])
    for query in (["ferri"], ["glasgow", "budget"], ["harbour"], ["park"]):
        assert np.allclose(updated.scores(query), rebuilt.scores(query), rtol=1e-6), query
    assert updated.scores(["harbour"]).argmax() == 2
    assert updated.scores(["unknown"]).sum() == 0.0


def test_a_chunk_without_tokens_or_a_row_is_an_error():
    with pytest.raises(ValueError):
        KeywordIndex.build([None], KeywordIndex.build(TOKENS), [None])
