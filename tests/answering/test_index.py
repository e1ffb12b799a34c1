import numpy as np

from retrieval.answering.half_vectors import HalfVectors
from retrieval.answering.index import SearchIndex
from retrieval.reading.answer_kinds import FLAGGED_KINDS
from retrieval.service import _warm_index as warm
from tests.conftest import DOCS_CORPUS, make_bot


def test_an_updated_index_equals_one_built_from_scratch(tmp_path, hashing):
    """An update reuses the unchanged articles' sentences, vectors, terms and keyword
    counts: what it holds must be what a fresh load of the same store holds."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(3):
        (corpus / f"a{n}.txt").write_text(
            f"Story {n}\n\nThe Glasgow council met on day {n}. It voted 3-1 on the budget of "
            f"Park {n} in March, Mr Reid said.\n",
            encoding="utf-8",
        )
    bot = make_bot(corpus, tmp_path / "store", hashing)
    warm(bot.index)  # what questions compute on the old index carries over to the new
    every = np.arange(len(bot.index))
    for kind in FLAGGED_KINDS:
        bot.index.readings.answer_type_flags(kind, every)
    for source in bot.index.articles:
        bot.index.readings.article_qualifiers(source)
    (corpus / "a1.txt").write_text(
        "Story one, revised\n\nThe council of glasgow met again. The 2005 budget passed.\n",
        encoding="utf-8",
    )
    (corpus / "a2.txt").unlink()
    (corpus / "b.txt").write_text(
        "New story\n\nA new bridge opened over the river at Govan on Monday.\n", encoding="utf-8"
    )
    bot.sync()
    updated, fresh = bot.index, SearchIndex.load(bot.store)
    assert updated is not fresh
    assert [s.text for s in updated.sentences] == [s.text for s in fresh.sentences]
    assert [updated.terms_of(g) for g in range(len(updated))] == [
        fresh.terms_of(g) for g in range(len(fresh))
    ]
    assert updated.document_frequency == fresh.document_frequency
    assert updated.title_terms == fresh.title_terms
    for term in fresh.document_frequency:  # the kept rows' terms, renumbered
        weights = {term: 1.0}
        assert (updated.term_coverage(weights) == fresh.term_coverage(weights)).all(), term
    for source in fresh.articles:
        assert updated.article_terms(source) == fresh.article_terms(source), source
    assert np.allclose(updated.vectors, fresh.vectors)
    for terms in (["revis"], ["glasgow", "budget"], ["bridg"], ["park", "council"]):
        assert np.allclose(updated.keyword_scores(terms), fresh.keyword_scores(terms)), terms
    assert updated.keyword_scores(["revis"]).max() > 0
    assert not any(s.source == "a2.txt" for s in updated.sentences)
    assert "readings" in updated.__dict__  # carried over, not yet rebuilt
    for kind in FLAGGED_KINDS:
        assert (
            updated.readings.answer_type_flags(kind, np.arange(len(updated)))
            == fresh.readings.answer_type_flags(kind, np.arange(len(fresh)))
        ).all(), kind
    assert updated.readings.written_capitalised == fresh.readings.written_capitalised
    for typo in ("glasgw", "bridgg", "budgt"):
        assert updated.readings.speller.correct(typo) == fresh.readings.speller.correct(typo)
    assert updated.readings.speller.correct("bridgg") == "bridg"  # a new article's term
    for source in fresh.articles:
        assert updated.readings.article_qualifiers(source) == fresh.readings.article_qualifiers(
            source
        )


def test_a_large_index_adds_vectors_without_copying_the_others(tmp_path, hashing):
    """Past ``exact_search_max`` the vectors live in a half-precision buffer that updates
    append to (an added article copies its own vectors, not the archive's); changed and
    deleted articles' vectors are left behind until the buffer is compacted. Whatever its
    history, every sentence's similarity is the one a fresh load computes."""
    from retrieval.service import Newsbot
    from retrieval.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(6):
        (corpus / f"a{n}.txt").write_text(
            f"Story {n}\n\nThe council met on day {n}. It voted on the budget of Park {n}.\n",
            encoding="utf-8",
        )
    bot = Newsbot(
        Settings(corpus_dir=corpus, store_dir=tmp_path / "store", exact_search_max=0),
        encoder=hashing,
    )
    bot.sync()
    query = hashing.encode(["the council budget of the park"])[0]
    buffers = []
    for step in range(8):
        if step % 3 == 2:
            (corpus / f"a{step % 6}.txt").write_text(
                f"Story {step} revised\n\nA new text for day {step}.\n", encoding="utf-8"
            )
        elif step % 3 == 1 and step < 6:
            (corpus / f"a{step}.txt").unlink()
        else:
            (corpus / f"new{step}.txt").write_text(
                f"New story {step}\n\nThe bridge opened on day {step}. Crowds came.\n",
                encoding="utf-8",
            )
        bot.sync()
        index = bot.index
        assert isinstance(index.vectors, HalfVectors)
        fresh = SearchIndex.load(bot.store, exact_max=0)
        rows = np.arange(len(index))
        assert [s.text for s in index.sentences] == [s.text for s in fresh.sentences]
        assert np.allclose(index.similarity(query, rows), fresh.similarity(query, rows), atol=1e-6)
        buffers.append(index.vectors)
    # Appended in place at times: the next index shares the buffer it wrote past.
    assert any(a.buffer is b.buffer for a, b in zip(buffers, buffers[1:]))
    last = buffers[-1]
    assert len(last.base) + len(last.buffer) <= 1.5 * len(bot.index) + 16  # compacted


def test_topic_coverage_reads_only_the_candidates_articles_and_matches_the_whole(tmp_path, hashing):
    """Prefix sums over the candidates' articles' rows give what prefix sums over every
    row give (the way it was computed before)."""
    from retrieval.terms import content_terms

    bot = make_bot(DOCS_CORPUS, tmp_path / "store", hashing)
    index = bot.index
    terms = ("guangdong", "hong", "kong", "ferry", "nowhereword")
    rng = np.random.default_rng(5)
    candidates = np.sort(rng.choice(len(index), size=min(40, len(index)), replace=False))
    for radius in (0, 2):
        near, anywhere = index.topic_coverage(terms, candidates, radius)
        weights = np.array([index.idf(t) for t in terms])
        for k, g in enumerate(candidates.tolist()):
            a = index.articles[index.sentences.source[g]]
            title = index.title_terms[a.source]

            def holds(lo: int, hi: int, term: str, title: frozenset[str] = title) -> bool:
                return term in title or any(
                    term in set(content_terms(index.sentences.text[r])) for r in range(lo, hi + 1)
                )

            lo, hi = max(a.first, g - radius), min(a.last, g + radius)
            want_near = sum(w for t, w in zip(terms, weights) if holds(lo, hi, t))
            want_any = sum(w for t, w in zip(terms, weights) if holds(a.first, a.last, t))
            assert np.isclose(near[k], want_near / weights.sum(), atol=1e-5)
            assert np.isclose(anywhere[k], want_any / weights.sum(), atol=1e-5)
