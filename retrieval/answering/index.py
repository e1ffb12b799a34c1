"""The in-memory side of the index: sentences, their vectors, keyword statistics.

Loaded once from the store after ingest; read-only afterwards, so concurrent questions can
share it without locks.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from retrieval.answering.keywords import KeywordIndex
from retrieval.ingest.embeddings import DIMENSIONS
from retrieval.ingest.store import ChromaStore, FileRecord, StoredChunk, StoredSentence
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


def _gathered(blocks: np.ndarray | tuple[np.ndarray, ...], rows: np.ndarray) -> np.ndarray:
    """Rows ``rows`` of the blocks stacked, in one copy and without stacking them first.
    An update keeps nearly every row in order, so the rows are copied run by run (a few
    slices) rather than one by one."""
    if isinstance(blocks, np.ndarray):
        blocks = (blocks,)
    out = np.empty((len(rows), DIMENSIONS), dtype=np.float32)
    if not len(rows):
        return out
    if len(blocks) == 1 and len(rows) > 1 and (np.diff(rows) != 1).sum() > len(rows) // 8:
        return np.take(blocks[0], rows, axis=0, out=out)  # scattered rows: gather them
    bounds = np.cumsum([0, *(len(b) for b in blocks)])
    block_of = np.searchsorted(bounds, rows, side="right") - 1
    breaks = np.flatnonzero((np.diff(rows) != 1) | (np.diff(block_of) != 0)) + 1
    starts = np.concatenate(([0], breaks)).tolist()
    ends = np.concatenate((breaks, [len(rows)])).tolist()
    for start, end in zip(starts, ends):
        block = int(block_of[start])
        at = int(rows[start] - bounds[block])
        out[start:end] = blocks[block][at : at + end - start]
    return out


class SearchIndex:
    """Everything question answering needs in memory, keyed by global sentence index."""

    def __init__(
        self,
        files: dict[str, FileRecord],
        sentences: list[StoredSentence],
        sentence_vectors: np.ndarray | tuple[np.ndarray, ...],
        chunks: list[StoredChunk],
        known_terms: list[frozenset[str] | None] | None = None,
        known_rows: list[int | None] | None = None,
        previous_keywords: KeywordIndex | None = None,
        known_articles: dict[str, tuple[frozenset[str], frozenset[str]]] | None = None,
        base_frequency: dict[str, int] | None = None,
        previous_incidence: tuple[sparse.csc_matrix, dict[str, int]] | None = None,
    ) -> None:
        """``known_terms`` (beside ``sentences``) holds what an earlier index already
        computed for the same rows (None where not), and ``known_rows`` (beside ``chunks``)
        each chunk's row in ``previous_keywords`` (None for a new or re-headed chunk), so an
        update tokenises and counts only the articles that changed. ``known_articles`` holds
        the heading and article terms of the articles an update keeps as they were, and
        ``base_frequency`` the document frequencies of the sentences it keeps: the sentences
        it tokenises are added to them. With ``previous_incidence`` (a matrix and its term
        columns), input rows below its height are its rows, and keep their entries.
        ``sentence_vectors`` may come in blocks (one per run of ``sentences``), gathered
        here in one copy: an archive's vectors are hundreds of megabytes."""
        self.files = files  # the manifest this index was built from
        # Live sentences (their article's current version) by article, then place in it:
        # numeric keys sorted in C, as this runs over every sentence on each update.
        live = {src: rec.content_hash for src, rec in files.items()}
        rank = {src: r for r, src in enumerate(sorted(live))}
        n = len(sentences)
        alive = np.fromiter(
            (live.get(s.source) == s.content_hash for s in sentences), dtype=bool, count=n
        )
        keep = np.flatnonzero(alive)
        article_of = np.fromiter(
            (rank[sentences[i].source] for i in keep), dtype=np.int64, count=len(keep)
        )
        position = np.fromiter(
            (sentences[i].position for i in keep), dtype=np.int64, count=len(keep)
        )
        by_place = np.lexsort((position, article_of))
        self._input_rows = keep[by_place]  # each sentence's input row: what an update kept
        order = self._input_rows.tolist()
        self.sentences = [sentences[i] for i in order]
        self.vectors = _gathered(sentence_vectors, self._input_rows)
        # Each article's rows are one run: its first and last row from the run bounds.
        ranks = article_of[by_place]
        starts = np.flatnonzero(np.diff(ranks, prepend=-1))
        ends = np.append(starts[1:], len(ranks)) - 1 if len(ranks) else starts
        self.articles: dict[str, ArticleInfo] = {}
        for first, last in zip(starts.tolist(), ends.tolist()):
            src = self.sentences[first].source
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

        kept_chunks = [
            i
            for i, c in enumerate(chunks)
            if live.get(c.source) == c.content_hash and c.source in self.articles
        ]
        self.chunks = [chunks[i] for i in kept_chunks]
        self.chunk_index = {c.chunk_id: i for i, c in enumerate(self.chunks)}
        # Global sentence range of each chunk.
        self.chunk_ranges = [
            (
                self.articles[c.source].first + c.first_sentence,
                self.articles[c.source].first + c.last_sentence,
            )
            for c in self.chunks
        ]
        known = [known_terms[i] for i in order] if known_terms else [None] * len(order)
        self.sentence_terms = [
            k if k is not None else frozenset(content_terms(s.text))
            for k, s in zip(known, self.sentences)
        ]
        # What an article says about itself, outside its sentences: headline, outlet, author
        # and date. A question's words that match it ("the TechCrunch article", "in October
        # 2023") are present near every sentence of the article.
        carried = known_articles or {}
        self.title_terms = {
            src: carried[src][0]
            if src in carried
            else frozenset(content_terms(self._heading(src))) | date_terms(a.date)
            for src, a in self.articles.items()
        }
        # Article bounds of every sentence, for windows that must not cross articles.
        self._first = np.repeat(starts, ends - starts + 1).astype(np.int64)
        self._last = np.repeat(ends, ends - starts + 1).astype(np.int64)
        self._article_terms = {
            src: carried[src][1]
            if src in carried
            else self.title_terms[src]
            | frozenset().union(*self.sentence_terms[a.first : a.last + 1])
            for src, a in self.articles.items()
        }
        if base_frequency is None:
            self.document_frequency = self._document_frequencies(self.sentence_terms)
        else:
            tokenised = [t for k, t in zip(known, self.sentence_terms) if k is None]
            self.document_frequency = self._document_frequencies(tokenised, base_frequency)
        self._idf = self._sentence_idf(self.document_frequency, len(self.sentence_terms))
        self._term_ids = {t: i for i, t in enumerate(self._idf)}
        # Words only a title or a date holds ("2023" of "2023-04-13") are known to the
        # corpus too, though no sentence can be scored on them.
        self._vocabulary = frozenset(self._idf).union(*self._article_terms.values())
        # Sentence x term incidence, so one product scores every sentence's term coverage.
        # Column-major: every use takes the few columns of a question's terms.
        self._incidence = self._incidence_matrix(previous_incidence)
        reused: list[int | None] = (
            [known_rows[i] for i in kept_chunks] if known_rows else [None] * len(self.chunks)
        )
        self.keywords = KeywordIndex.build(
            [
                None
                if row is not None
                else content_terms(f"{self._heading(c.source)}\n{c.text}") or ["_"]
                for row, c in zip(reused, self.chunks)
            ],
            previous_keywords,
            reused,
        )

    def _incidence_matrix(
        self, previous: tuple[sparse.csc_matrix, dict[str, int]] | None
    ) -> sparse.csc_matrix:
        """The sentence x term matrix; the rows an update keeps are taken from
        ``previous`` with their columns renumbered (in C), the others are counted here."""
        shape = (len(self.sentences), max(1, len(self._term_ids)))
        reused = np.zeros(len(self.sentences), dtype=bool)
        row_parts: list[np.ndarray] = []
        col_parts: list[np.ndarray] = []
        if previous is not None and len(self.sentences):
            matrix, old_ids = previous
            reused = self._input_rows < matrix.shape[0]
            columns = np.full(max(1, len(old_ids)), -1, dtype=np.int64)
            for term, old in old_ids.items():
                columns[old] = self._term_ids.get(term, -1)
            kept = matrix.tocsr()[self._input_rows[reused]].tocoo()
            row_parts.append(np.flatnonzero(reused)[kept.row])
            col_parts.append(columns[kept.col])  # a kept sentence's terms are all still known
        counted = np.flatnonzero(~reused)
        row_parts.append(
            np.array([g for g in counted for _ in self.sentence_terms[g]], dtype=np.int64)
        )
        col_parts.append(
            np.array(
                [self._term_ids[t] for g in counted for t in self.sentence_terms[g]],
                dtype=np.int64,
            )
        )
        rows, cols = np.concatenate(row_parts), np.concatenate(col_parts)
        return sparse.csc_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=shape)

    def _heading(self, source: str) -> str:
        a = self.articles[source]
        return " ".join(filter(None, (a.title, a.publisher, a.author)))

    @classmethod
    def load(cls, store: ChromaStore) -> SearchIndex:
        sentences, vectors = store.sentences()
        return cls(store.files(), sentences, vectors, store.chunks())

    @classmethod
    def updated(
        cls,
        store: ChromaStore,
        previous: SearchIndex,
        files: dict[str, FileRecord] | None = None,
    ) -> SearchIndex:
        """The index ``store`` holds now, reading from it only the articles that changed
        since ``previous`` was built: the others keep their sentences and vectors. ``files``
        is the store's manifest when the caller knows it (an ingest that just wrote it
        under the lock); else it is read."""
        files = store.files() if files is None else files
        changed = sorted(
            s
            for s, rec in files.items()
            if (old := previous.files.get(s)) is None or old.content_hash != rec.content_hash
        )
        # Every previous row goes in as it is: the constructor drops those whose article
        # changed or went, and copies the vectors once, in their final order (an archive's
        # vectors are hundreds of megabytes; each extra copy is as much again at its peak).
        sentences = list(previous.sentences)
        terms: list[frozenset[str] | None] = list(previous.sentence_terms)
        vectors: tuple[np.ndarray, ...] = (previous.vectors,)
        renewed = set(changed)

        # A chunk's counts hold its article's heading: they are reused while it is the same.
        def heading(rec: FileRecord | None) -> tuple[str | None, ...]:
            return (rec.title, rec.publisher, rec.author) if rec else ()

        same = {
            src
            for src, rec in files.items()
            if src not in renewed and heading(previous.files.get(src)) == heading(rec)
        }
        held = [
            i
            for i, c in enumerate(previous.chunks)
            if c.source in files and c.source not in renewed
        ]
        chunks = [previous.chunks[i] for i in held]
        rows: list[int | None] = [i if previous.chunks[i].source in same else None for i in held]
        if changed:
            fresh, fresh_vectors = store.sentences(changed)
            sentences += fresh
            terms += [None] * len(fresh)
            vectors = (previous.vectors, fresh_vectors) if len(fresh) else vectors
            fresh_chunks = store.chunks(changed)
            chunks += fresh_chunks
            rows += [None] * len(fresh_chunks)
        # What the articles kept as they were contribute stays: their heading and article
        # terms, and their sentences' share of the document frequencies.
        dropped = [s for s in previous.articles if s in renewed or s not in files]
        frequency = dict(previous.document_frequency)
        for src in dropped:
            a = previous.articles[src]
            for sentence_terms in previous.sentence_terms[a.first : a.last + 1]:
                for t in sentence_terms:
                    if frequency[t] > 1:
                        frequency[t] -= 1
                    else:
                        del frequency[t]
        kept_articles = {
            src: (previous.title_terms[src], previous._article_terms[src])
            for src in same
            if src in previous.articles and previous.files[src].date == files[src].date
        }
        index = cls(
            files,
            sentences,
            vectors,
            chunks,
            terms,
            rows,
            previous.keywords,
            kept_articles,
            frequency,
            (previous._incidence, previous._term_ids),
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
        """Every sentence's text hash, sorted, and the rows in that order: the rows with a
        given sentence's words are one binary search away. A hash per row is all an update
        rebuilds (a string's hash is kept with it), where a table of the groups cost a pass
        of Python over every sentence."""
        hashes = np.fromiter(
            (hash(s.text) for s in self.sentences), dtype=np.int64, count=len(self.sentences)
        )
        order = np.argsort(hashes, kind="stable")
        return hashes[order], order

    def copies(self, g: int) -> list[int]:
        """Sentences of other articles with exactly the words of sentence ``g`` (a story
        filed twice), in article order."""
        hashes, order = self._by_text
        s = self.sentences[g]
        key = hash(s.text)
        lo = int(np.searchsorted(hashes, key, side="left"))
        hi = int(np.searchsorted(hashes, key, side="right"))
        return sorted(
            int(h)
            for h in order[lo:hi]
            if self.sentences[h].source != s.source and self.sentences[h].text == s.text
        )

    def sentences_of(self, sources: list[str]) -> np.ndarray:
        """Global indices of every sentence of ``sources``."""
        ranges = [
            np.arange(a.first, a.last + 1) for src in sources if (a := self.articles.get(src))
        ]
        return np.concatenate(ranges) if ranges else np.zeros(0, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.sentences)

    @staticmethod
    def _document_frequencies(
        term_sets: list[frozenset[str]], base: dict[str, int] | None = None
    ) -> dict[str, int]:
        df: dict[str, int] = base if base is not None else {}
        for terms in term_sets:
            for t in terms:
                df[t] = df.get(t, 0) + 1
        return df

    @staticmethod
    def _sentence_idf(df: dict[str, int], n: int) -> dict[str, float]:
        return {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}

    def idf(self, term: str) -> float:
        """Rarity of a term among sentences; unseen terms get the highest weight."""
        if term in self._idf:
            return self._idf[term]
        n = len(self.sentences)
        return math.log(1 + (n + 0.5) / 0.5)

    def topic_coverage(
        self, terms: tuple[str, ...], candidates: np.ndarray, radius: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """For each candidate sentence, the rarity-weighted share of ``terms`` found near it
        (within ``radius`` sentences of its article, or the title) and anywhere in its
        article, computed with prefix sums over the sentence x term incidence."""
        weights = np.array([self.idf(t) for t in terms], dtype=np.float32)
        presence = np.zeros((len(self.sentences), len(terms)), dtype=np.float32)
        known = [(j, self._term_ids[t]) for j, t in enumerate(terms) if t in self._term_ids]
        if known:
            cols = [c for _, c in known]
            presence[:, [j for j, _ in known]] = self._incidence[:, cols].toarray()
        sums = np.vstack([np.zeros((1, len(terms)), np.float32), np.cumsum(presence, axis=0)])
        first, last = self._first[candidates], self._last[candidates]
        lo = np.maximum(first, candidates - radius)
        hi = np.minimum(last, candidates + radius)
        in_title = np.array(
            [[t in self.title_terms[self.sentences[g].source] for t in terms] for g in candidates],
            dtype=bool,
        ).reshape(len(candidates), len(terms))
        near = ((sums[hi + 1] - sums[lo]) > 0) | in_title
        anywhere = ((sums[last + 1] - sums[first]) > 0) | in_title
        total = float(weights.sum()) or 1.0
        return (near @ weights) / total, (anywhere @ weights) / total

    def article_terms(self, source: str) -> frozenset[str]:
        """Every term of an article, title included."""
        return self._article_terms[source]

    def knows(self, term: str) -> bool:
        return term in self._vocabulary

    def term_coverage(self, weights: dict[str, float]) -> np.ndarray:
        """For every sentence, the sum of ``weights`` of the terms it contains, over their
        total: 1.0 when a sentence holds all the weighted terms."""
        total = sum(weights.values())
        known = [(self._term_ids[t], wt) for t, wt in weights.items() if t in self._term_ids]
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
            [g for g in holds_all if padded in f" {' '.join(words(self.sentences[g].text))} "],
            dtype=np.int64,
        )

    def keyword_scores(self, terms: list[str]) -> np.ndarray:
        """BM25 score of every chunk for the question's terms."""
        return self.keywords.scores(terms)
