"""The in-memory side of the index: sentences, their vectors, keyword statistics.

Loaded once from the store after ingest; read-only afterwards, so concurrent questions can
share it without locks.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from retrieval.answering.half_vectors import HalfVectors, gathered
from retrieval.answering.keywords import KeywordIndex
from retrieval.answering.sparse_rows import rows_gathered
from retrieval.ingest.store import ChromaStore, FileRecord, parse_sentence_id
from retrieval.ingest.tables import ChunkTable, SentenceTable
from retrieval.lexicon import ISO_DAY
from retrieval.terms import content_terms, ordinal, words

if TYPE_CHECKING:
    from retrieval.answering.readings import CorpusReadings


@dataclass(frozen=True)
class ArticleInfo:
    source: str
    title: str
    date: str | None
    publisher: str | None
    author: str | None
    first: int  # global index of its first sentence
    last: int  # global index of its last sentence (inclusive)


def date_terms(date: str | None) -> frozenset[str]:
    """The terms of an article's date: year, month name and day of "2023-04-13", the day
    also as an ordinal ("reported on October 13th")."""
    if not date:
        return frozenset()
    iso = re.fullmatch(ISO_DAY, date)
    if iso and 1 <= int(iso.group(2)) <= 12:
        year, month, day = iso.groups()
        date = f"{calendar.month_name[int(month)]} {int(day)} {ordinal(int(day))} {year}"
    return frozenset(content_terms(date))


@dataclass(frozen=True)
class Carried:
    """What an update takes over from the index before it, so that it tokenises and counts
    only the articles that changed."""

    rows: int  # input rows below this are the previous index's rows, in its order
    incidence: sparse.csr_matrix  # their sentence x term rows
    vocabulary: dict[str, int]  # term -> column; grows only, so columns never move
    keywords: KeywordIndex
    keyword_rows: np.ndarray  # beside the chunks: a chunk's row in ``keywords`` (-1: none)
    title_terms: dict[str, frozenset[str]]  # articles whose heading and date are the same
    # The previous index's half-precision vectors (the first block of vectors), when it
    # had them; None when it kept float32 vectors in row order.
    half: HalfVectors | None = None


class _Frequencies(Mapping[str, int]):
    """Document frequencies as a mapping over the incidence's columns: a term whose last
    sentence went is not in it."""

    def __init__(self, vocabulary: dict[str, int], counts: np.ndarray) -> None:
        self._vocabulary = vocabulary
        self._counts = counts

    def __getitem__(self, term: str) -> int:
        col = self._vocabulary.get(term)
        if col is None or col >= len(self._counts) or not self._counts[col]:
            raise KeyError(term)
        return int(self._counts[col])

    def __iter__(self) -> Iterator[str]:
        return (t for t, col in self._vocabulary.items() if self._counts[col])

    def __len__(self) -> int:
        return int(np.count_nonzero(self._counts))


def article_ranks(files: dict[str, FileRecord]) -> dict[str, int]:
    """Each article's place among them all by name: the order of the index's rows."""
    return {src: r for r, src in enumerate(sorted(files))}


def live_ranks(
    files: dict[str, FileRecord], sentences: SentenceTable, rank: dict[str, int] | None = None
) -> np.ndarray:
    """Each row's article rank (``rank``, else ``article_ranks``), or -1 for a row of a
    version that is no longer the article's."""
    rank = article_ranks(files) if rank is None else rank
    return np.fromiter(
        (
            rank[src] if (rec := files.get(src)) is not None and rec.content_hash == h else -1
            for src, h in zip(sentences.source, sentences.content_hash)
        ),
        dtype=np.int64,
        count=len(sentences),
    )


class SearchIndex:
    """Everything question answering needs in memory, keyed by global sentence index."""

    def __init__(
        self,
        files: dict[str, FileRecord],
        sentences: SentenceTable,
        sentence_vectors: np.ndarray | HalfVectors | tuple[np.ndarray | HalfVectors, ...],
        chunks: ChunkTable,
        ranks: np.ndarray | None = None,
        carried: Carried | None = None,
        exact_max: int | None = None,
    ) -> None:
        """``ranks`` holds each input row's article rank (-1 drops it; ``live_ranks``
        when not given). With ``carried``, input rows below ``carried.rows`` are the
        previous index's, whose term counts are taken as they were.
        ``sentence_vectors`` may come in blocks (one per run of ``sentences``), gathered
        here in one copy (an archive's vectors are hundreds of megabytes), or, for an index
        past ``exact_max`` whose previous one was too, the previous buffer appended to.
        ``exact_max``: the most sentences compared with a question one by one (None: no
        limit); a larger index keeps its vectors in half precision and leaves finding the
        nearest sentences to the store (``exact`` is False)."""
        self.files = files  # the manifest this index was built from
        self.exact_max = exact_max
        ranks = live_ranks(files, sentences) if ranks is None else ranks
        keep = np.flatnonzero(ranks >= 0)
        # Live sentences by article, then place in it: sorted in C.
        by_place = np.lexsort((sentences.position[keep], ranks[keep]))
        self._input_rows = keep[by_place]  # each sentence's input row: what an update kept
        self.sentences = sentences.take(self._input_rows)
        self.exact = exact_max is None or len(self._input_rows) <= exact_max
        # float32 in memory when every sentence is compared with a question; half precision,
        # mostly mapped from a file, when only the candidates are (half_vectors).
        self.vectors: np.ndarray | HalfVectors
        half = carried.half if carried else None
        if self.exact:
            self.vectors = gathered(sentence_vectors, self._input_rows)
        elif half is not None and carried is not None:
            blocks = sentence_vectors if isinstance(sentence_vectors, tuple) else ()
            fresh = blocks[1] if len(blocks) > 1 else None
            self.vectors = half.updated(
                self._input_rows, carried.rows, fresh if isinstance(fresh, np.ndarray) else None
            )
        else:
            self.vectors = HalfVectors.of(sentence_vectors, self._input_rows)
        # Each article's rows are one run: its first and last row from the run bounds.
        article_of = ranks[self._input_rows]
        starts = np.flatnonzero(np.diff(article_of, prepend=-1))
        ends = np.append(starts[1:], len(article_of)) - 1 if len(article_of) else starts
        self.articles: dict[str, ArticleInfo] = {}
        for first, last in zip(starts.tolist(), ends.tolist()):
            src = self.sentences.source[first]
            rec = files[src]
            self.articles[src] = ArticleInfo(
                src, rec.title, rec.date, rec.publisher, rec.author, first, last
            )

        # Articles by the outlet they state, so a question that cites an outlet ("the
        # TechCrunch article") can be answered from that outlet's articles.
        self.sources_by_publisher: dict[str, list[str]] = {}
        for src, a in self.articles.items():
            if a.publisher:
                self.sources_by_publisher.setdefault(a.publisher, []).append(src)
        self.authors = frozenset(a.author for a in self.articles.values() if a.author)

        # The live articles' chunks, and each one's sentence range in the whole index.
        first_of = {src: a.first for src, a in self.articles.items()}
        kept_chunks = np.flatnonzero(
            np.fromiter(
                (
                    src in first_of and files[src].content_hash == h
                    for src, h in zip(chunks.source, chunks.content_hash)
                ),
                dtype=bool,
                count=len(chunks),
            )
        )
        chunks = chunks.take(kept_chunks)
        offsets = np.fromiter((first_of[src] for src in chunks.source), np.int64, len(chunks))
        self.chunk_ranges = np.stack(
            [offsets + chunks.first_sentence, offsets + chunks.last_sentence], axis=1
        )
        self.chunk_index = {cid: i for i, cid in enumerate(chunks.chunk_id.tolist())}
        # What an article says about itself, outside its sentences: headline, outlet, author
        # and date. A question's words that match it ("the TechCrunch article", "in October
        # 2023") are present near every sentence of the article.
        carried_titles = carried.title_terms if carried else {}
        self.title_terms = {
            src: carried_titles[src]
            if src in carried_titles
            else frozenset(content_terms(self._heading(src))) | date_terms(a.date)
            for src, a in self.articles.items()
        }
        # Words only a title or a date holds ("2023" of "2023-04-13") are known to the
        # corpus too, though no sentence can be scored on them.
        self._title_vocabulary = frozenset().union(*self.title_terms.values())
        # Article bounds of every sentence, for windows that must not cross articles.
        self._first = np.repeat(starts, ends - starts + 1).astype(np.int64)
        self._last = np.repeat(ends, ends - starts + 1).astype(np.int64)
        # Sentence x term incidence: one product scores every sentence's term coverage.
        # Rows (an article's terms) and columns (a question's few terms) are both read.
        self._vocabulary = dict(carried.vocabulary) if carried else {}
        self._rows = self._incidence_rows(carried)
        self._terms = list(self._vocabulary)  # column -> term (columns are in insertion order)
        self._incidence = self._rows.tocsc()
        # Sentences holding each term; 0 for a term whose last sentence went.
        self._df = np.diff(self._incidence.indptr)
        self._article_terms: dict[str, frozenset[str]] = {}
        reused = (
            carried.keyword_rows[kept_chunks] if carried else np.full(len(chunks), -1, np.int64)
        )
        self.keywords = KeywordIndex.build(
            [
                None if row >= 0 else content_terms(f"{self._heading(src)}\n{text}") or ["_"]
                for row, src, text in zip(reused.tolist(), chunks.source, chunks.text)
            ],
            carried.keywords if carried else None,
            reused,
        )
        self.chunks = chunks.without_text()  # counted: the words are the sentences'

    def _incidence_rows(self, carried: Carried | None) -> sparse.csr_matrix:
        """The sentence x term matrix by rows: the rows an update keeps are taken from
        ``carried`` as they are (columns never move), the others are tokenised here."""
        n = len(self.sentences)
        reused = self._input_rows < carried.rows if carried else np.zeros(n, dtype=bool)
        counted = np.flatnonzero(~reused)
        rows: list[int] = []
        cols: list[int] = []
        for at, g in enumerate(counted.tolist()):
            for t in set(content_terms(self.sentences.text[g])):
                rows.append(at)
                cols.append(self._vocabulary.setdefault(t, len(self._vocabulary)))
        width = max(1, len(self._vocabulary))
        fresh = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(counted), width)
        )
        if carried is None or not reused.any():
            return fresh
        # Each row from the previous matrix (block 0) or the fresh one (block 1).
        source = np.empty(n, dtype=np.int64)
        source[reused] = self._input_rows[reused]
        source[~reused] = np.arange(len(counted))
        return rows_gathered((carried.incidence, fresh), (~reused).astype(np.int64), source, width)

    def _heading(self, source: str) -> str:
        a = self.articles[source]
        return " ".join(filter(None, (a.title, a.publisher, a.author)))

    @classmethod
    def load(cls, store: ChromaStore, exact_max: int | None = None) -> SearchIndex:
        sentences, vectors = store.sentences()
        return cls(store.files(), sentences, vectors, store.chunks(), exact_max=exact_max)

    @classmethod
    def updated(
        cls,
        store: ChromaStore,
        previous: SearchIndex,
        files: dict[str, FileRecord] | None = None,
        exact_max: int | None = None,
    ) -> SearchIndex:
        """The index ``store`` holds now, reading from it only the articles that changed
        since ``previous`` was built: the others keep their sentences and vectors. ``files``
        is the store's manifest when the caller knows it (an ingest that just wrote it
        under the lock); else it is read."""
        files = store.files() if files is None else files
        changed = sorted(
            s
            for s, rec in files.items()
            if (old := previous.files.get(s)) is not rec
            and (old is None or old.content_hash != rec.content_hash)
        )
        renewed = set(changed)
        rank = article_ranks(files)
        # Every previous row goes in as it is, ranked article by article (the rows of one
        # article are one run): the constructor drops those whose article changed or went,
        # and copies the vectors once, in their final order (an archive's vectors are
        # hundreds of megabytes; each extra copy is as much again at its peak).
        runs = list(previous.articles.values())
        run_ranks = np.array(
            [-1 if a.source in renewed else rank.get(a.source, -1) for a in runs], dtype=np.int64
        )
        ranks = np.repeat(run_ranks, [a.last - a.first + 1 for a in runs])
        sentences = previous.sentences
        vectors: tuple[np.ndarray | HalfVectors, ...] = (previous.vectors,)

        # A chunk's counts hold its article's heading: they are reused while it is the same.
        def heading(rec: FileRecord | None) -> tuple[str | None, ...]:
            return (rec.title, rec.publisher, rec.author) if rec else ()

        same = {
            src
            for src, rec in files.items()
            if src not in renewed
            and ((old := previous.files.get(src)) is rec or heading(old) == heading(rec))
        }
        # The chunks of the articles kept as they were, heading included, keep their
        # counts; the others' are read again (the index keeps no chunk's words).
        held = np.flatnonzero(
            np.fromiter((src in same for src in previous.chunks.source), bool, len(previous.chunks))
        )
        chunks = previous.chunks.take(held)
        rows = held.astype(np.int64)
        if changed:
            fresh, fresh_vectors = store.sentences(changed)
            sentences = SentenceTable.joined([sentences, fresh])
            ranks = np.concatenate([ranks, live_ranks(files, fresh, rank)])
            vectors = (previous.vectors, fresh_vectors) if len(fresh) else vectors
        reread = sorted(src for src in files if src not in same)
        if reread:
            fresh_chunks = store.chunks(reread)
            chunks = ChunkTable.joined([chunks, fresh_chunks])
            rows = np.concatenate([rows, np.full(len(fresh_chunks), -1, np.int64)])
        # What the articles kept as they were contribute stays: their heading terms.
        kept_titles = {
            src: previous.title_terms[src]
            for src in same
            if src in previous.articles and previous.files[src].date == files[src].date
        }
        index = cls(
            files,
            sentences,
            vectors,
            chunks,
            ranks,
            Carried(
                len(previous.sentences),
                previous._rows,
                previous._vocabulary,
                previous.keywords,
                rows,
                kept_titles,
                previous.vectors if isinstance(previous.vectors, HalfVectors) else None,
            ),
            exact_max,
        )
        kept = len(previous.sentences)
        inputs = np.concatenate([np.arange(kept), np.full(len(sentences) - kept, -1)])
        # The previous index's row of every sentence of this one (-1 for a new sentence).
        earlier = inputs[index._input_rows] if len(index._input_rows) else inputs[:0]
        if "readings" in previous.__dict__:  # what its questions had computed carries over
            from retrieval.answering.readings import CorpusReadings

            unchanged = frozenset(s for s in index.articles if s not in renewed and s in same)
            index.__dict__["readings"] = CorpusReadings.carried_over(
                index, previous.readings, earlier, unchanged
            )
        return index

    @cached_property
    def readings(self) -> CorpusReadings:
        """What the question-reading rules take from this corpus (its spelling, names,
        the answer kinds its sentences hold), each computed on first need."""
        from retrieval.answering.readings import CorpusReadings

        return CorpusReadings(self)

    @cached_property
    def _by_text(self) -> tuple[np.ndarray, np.ndarray]:
        """Every sentence's text checksum, sorted, and the rows in that order: the rows
        with a given sentence's words are one binary search away. The checksums come with
        the rows (computed once, when a sentence is read from the store), so an update
        only sorts them again, in C."""
        keys = self.sentences.text_key
        order = np.argsort(keys, kind="stable")
        return keys[order], order

    def copies(self, g: int) -> list[int]:
        """Sentences of other articles with exactly the words of sentence ``g`` (a story
        filed twice), in article order."""
        hashes, order = self._by_text
        source, text = self.sentences.source, self.sentences.text
        key = self.sentences.text_key[g]
        lo = int(np.searchsorted(hashes, key, side="left"))
        hi = int(np.searchsorted(hashes, key, side="right"))
        return sorted(int(h) for h in order[lo:hi] if source[h] != source[g] and text[h] == text[g])

    def similarity_to_all(self, query: np.ndarray) -> np.ndarray | None:
        """Every sentence's cosine similarity to a question's vector when the index compares
        a question with each (``exact``); None when it only scores candidates."""
        return self.vectors @ query if isinstance(self.vectors, np.ndarray) else None

    def attach_vectors(self, folder: Path) -> None:
        """Map the file of vectors a copy of this index was saved with (``folder``: where
        the copy is); ``OSError``/``ValueError`` when it is missing or not this index's."""
        if isinstance(self.vectors, HalfVectors):
            self.vectors.attach(folder)

    def similarity(self, query: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Cosine similarity of sentences ``rows`` to a question's vector."""
        if isinstance(self.vectors, HalfVectors):
            return self.vectors.similarity(query, rows)
        return self.vectors[rows] @ query

    def rows_of(self, hits: list[tuple[str, float]]) -> tuple[np.ndarray, np.ndarray]:
        """The rows of the sentences the store found (ids with similarities), and their
        similarities; a hit from another version of an article (written since this index
        was built) is not one of its rows and is left out."""
        rows: list[int] = []
        sims: list[float] = []
        for record_id, sim in hits:
            parsed = parse_sentence_id(record_id)
            if parsed is None:
                continue
            head, source, position = parsed
            a = self.articles.get(source)
            if (
                a
                and self.files[source].content_hash.startswith(head)
                and a.first + position <= a.last
            ):
                rows.append(a.first + position)
                sims.append(sim)
        return np.array(rows, dtype=np.int64), np.array(sims, dtype=np.float32)

    def sentences_of(self, sources: list[str]) -> np.ndarray:
        """Global indices of every sentence of ``sources``."""
        ranges = [
            np.arange(a.first, a.last + 1) for src in sources if (a := self.articles.get(src))
        ]
        return np.concatenate(ranges) if ranges else np.zeros(0, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.sentences)

    @property
    def document_frequency(self) -> Mapping[str, int]:
        """How many sentences hold each term."""
        return _Frequencies(self._vocabulary, self._df)

    def idf(self, term: str) -> float:
        """Rarity of a term among sentences; unseen terms get the highest weight."""
        col = self._vocabulary.get(term)
        d = int(self._df[col]) if col is not None else 0
        return math.log(1 + (len(self.sentences) - d + 0.5) / (d + 0.5))

    def terms_of(self, row: int) -> frozenset[str]:
        """The terms of sentence ``row``."""
        lo, hi = self._rows.indptr[row], self._rows.indptr[row + 1]
        return frozenset(self._terms[c] for c in self._rows.indices[lo:hi].tolist())

    def topic_coverage(
        self, terms: tuple[str, ...], candidates: np.ndarray, radius: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """For each candidate sentence, the rarity-weighted share of ``terms`` found near it
        (within ``radius`` sentences of its article, or the title) and anywhere in its
        article, computed with prefix sums over the sentence x term incidence of the
        candidates' articles only (not the archive's: a question costs what its candidates
        do, whatever the archive's size)."""
        weights = np.array([self.idf(t) for t in terms], dtype=np.float32)
        first, last = self._first[candidates], self._last[candidates]
        # The candidates' articles' rows, one article after another.
        starts, article = np.unique(first, return_inverse=True)
        lengths = self._last[starts] - starts + 1
        offsets = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
        rows = np.repeat(starts - offsets, lengths) + np.arange(int(lengths.sum()))
        presence = np.zeros((len(rows), len(terms)), dtype=np.float32)
        known = [(j, c) for j, t in enumerate(terms) if (c := self._vocabulary.get(t)) is not None]
        if known and len(rows):
            cols = [c for _, c in known]
            presence[:, [j for j, _ in known]] = self._rows[rows][:, cols].toarray()
        sums = np.vstack([np.zeros((1, len(terms)), np.float32), np.cumsum(presence, axis=0)])
        shift = offsets[article] - first  # a global row of a candidate's article -> its row here
        lo = np.maximum(first, candidates - radius) + shift
        hi = np.minimum(last, candidates + radius) + shift
        in_title = np.array(
            [[t in self.title_terms[self.sentences.source[g]] for t in terms] for g in candidates],
            dtype=bool,
        ).reshape(len(candidates), len(terms))
        near = ((sums[hi + 1] - sums[lo]) > 0) | in_title
        anywhere = ((sums[last + shift + 1] - sums[first + shift]) > 0) | in_title
        total = float(weights.sum()) or 1.0
        return (near @ weights) / total, (anywhere @ weights) / total

    def article_terms(self, source: str) -> frozenset[str]:
        """Every term of an article, title included: read off its rows of the incidence
        on first need, and kept."""
        if source not in self._article_terms:
            a = self.articles[source]
            lo, hi = self._rows.indptr[a.first], self._rows.indptr[a.last + 1]
            columns = np.unique(self._rows.indices[lo:hi]).tolist()
            self._article_terms[source] = self.title_terms[source].union(
                self._terms[c] for c in columns
            )
        return self._article_terms[source]

    def knows(self, term: str) -> bool:
        col = self._vocabulary.get(term)
        return (col is not None and bool(self._df[col])) or term in self._title_vocabulary

    def term_coverage(self, weights: dict[str, float]) -> np.ndarray:
        """For every sentence, the sum of ``weights`` of the terms it contains, over their
        total: 1.0 when a sentence holds all the weighted terms."""
        total = sum(weights.values())
        known = [(c, wt) for t, wt in weights.items() if (c := self._vocabulary.get(t)) is not None]
        if not total or not known:
            return np.zeros(len(self.sentences), dtype=np.float32)
        cols = [c for c, _ in known]
        vec = np.array([wt for _, wt in known], dtype=np.float32)
        return np.asarray(self._incidence[:, cols] @ vec).ravel() / total

    def rows_quoting(self, expression: str) -> np.ndarray:
        """The rows of the sentences that hold ``expression`` (lower-case words, as
        ``quoted_expressions`` gives them) word for word: those holding all its terms,
        checked in full."""
        terms = set(content_terms(expression))
        if not terms:
            return np.zeros(0, dtype=np.int64)
        holds_all = np.flatnonzero(self.term_coverage(dict.fromkeys(terms, 1.0)) >= 1.0 - 1e-6)
        padded = f" {expression} "
        return np.array(
            [g for g in holds_all if padded in f" {' '.join(words(self.sentences.text[g]))} "],
            dtype=np.int64,
        )

    def keyword_scores(self, terms: list[str]) -> np.ndarray:
        """BM25 score of every chunk for the question's terms."""
        return self.keywords.scores(terms)
