"""The one ``ask`` every front end calls: question in, ``Answer`` out.

``Newsbot`` wires the parts: it keeps the index in step with the corpus folder, holds the
model and the in-memory index warm, and turns a question into quotes, citations or an
honest refusal.
"""

from __future__ import annotations

import ctypes
import datetime
import logging
import re
import threading
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from prompts import prompt
from retrieval.answering import per_outlet
from retrieval.answering.answer import (
    DEFAULT_QUOTES,
    PartAnswer,
    QuotePolicy,
    build_answer,
    citations_for,
    fill_quotes,
    select_quotes,
)
from retrieval.answering.index import SearchIndex
from retrieval.answering.per_outlet import article_refs, asks_order, best_per_article
from retrieval.answering.refusal import DEFAULT_POLICY, Evidence, RefusalPolicy, refusal_for
from retrieval.answering.search import (
    DEFAULT_WEIGHTS,
    NEAREST_SENTENCES,
    Hits,
    ScoredSentence,
    Weights,
    score_sentences,
)
from retrieval.answering.snapshot import Snapshot, load_snapshot, save_snapshot, snapshot_path
from retrieval.errors import (
    ArticleError,
    NewsbotError,
    QuestionError,
    StoreError,
    UnknownArticle,
)
from retrieval.ingest.article_files import checked_path, delete_article, page_text, write_article
from retrieval.ingest.corpus import read_text
from retrieval.ingest.embeddings import Encoder, MiniLMEmbeddings
from retrieval.ingest.onnx_encoder import OnnxMiniLM, export, export_folder, has_export
from retrieval.ingest.store import ChromaStore, FileRecord, collection_base, open_client
from retrieval.ingest.sync import IngestReport, Progress, sync_index
from retrieval.lexicon import ISO_DAY
from retrieval.models import Answer, ArticleRecord, ArticleText, Citation
from retrieval.reading.compound import question_parts, shared_topic
from retrieval.reading.outlets import OutletMention, cited_outlets
from retrieval.reading.question import Question, analyse, validate, with_corpus_names
from retrieval.reading.spelling import correct_spelling
from retrieval.settings import Settings

log = logging.getLogger(__name__)

# Passages shown with a refusal, so the reader sees what the archive holds nearest.
CLOSEST_PASSAGES = 3
# Most results one search returns: a search is a list to scan, not an export.
MAX_SEARCH_RESULTS = 50
# A follow-up's vector mixes its own words (this share) with the question it leans on.
FOLLOW_UP_OWN_WEIGHT = 0.6


@dataclass(frozen=True)
class AskRequest:
    """One question for ``Newsbot.ask_many``."""

    question: str
    history: tuple[str, ...] = ()
    k: int | None = None


@dataclass(frozen=True)
class Tuning:
    """Every scoring knob in one value, so benchmarks can try variants side by side."""

    weights: Weights = DEFAULT_WEIGHTS
    quotes: QuotePolicy = DEFAULT_QUOTES
    refusal: RefusalPolicy = DEFAULT_POLICY


def default_encoder(settings: Settings) -> Encoder:
    return MiniLMEmbeddings(
        batch_size=settings.embed_batch_size,
        threads=settings.torch_threads,
        device=settings.device,
    )


class Newsbot:
    """Question answering over one corpus folder."""

    def __init__(
        self, settings: Settings, encoder: Encoder | None = None, tuning: Tuning = Tuning()
    ) -> None:
        # Matrix-vector products here are small; multi-threaded BLAS only spins its threads
        # against torch's for the two cores (measured: p95 118 ms -> 18 ms on SQuAD).
        threadpool_limits(limits=1, user_api="blas")
        self.settings = settings
        self.corpus_dir = Path(settings.corpus_dir)
        self.encoder = encoder or default_encoder(settings)
        self.tuning = tuning
        client = open_client(Path(settings.store_dir), settings.chroma_url)
        base = collection_base(self.corpus_dir, self.encoder.model_name, settings.collection)
        self.store = ChromaStore(client, base)
        self._collection = base
        self._snapshot_path = snapshot_path(Path(settings.store_dir), base)
        self._index: SearchIndex | None = None
        self._snapshot_changes = 0  # articles changed since the index copy on disk was made
        # The store's generation and manifest as this process's last sync left them.
        self._known: tuple[str, dict[str, FileRecord]] | None = None
        self._query_encoder: Encoder | None = None
        self._export_failed = False
        self._generation: str | None = None  # the store's generation the index was built at
        self._warm = False
        self._refreshing = threading.Lock()  # one sync at a time; questions never wait on it
        # What the syncs waiting for that lock were asked to take in: source names, or None
        # for the whole folder. The one that gets the lock takes in all of it, so a burst
        # of saved articles is one update, not one each.
        self._asked: set[str] | None = set()
        self._asking = threading.Lock()

    @property
    def index(self) -> SearchIndex:
        """The in-memory index questions are answered from. A refresh replaces it whole, so
        a question that took it keeps a consistent one to the end."""
        if self._index is None:
            self._generation = self.store.generation()
            self._index = self._start_index(self._generation)
        return self._index

    def _start_index(self, generation: str) -> SearchIndex:
        """The index at start: the copy kept on disk when there is one (with what changed
        in the store since it was made read as an update), else built from the store and
        a copy kept for the next start. Either way warmed before it is kept."""
        on = self.settings.index_snapshot
        kept = load_snapshot(self._snapshot_path, self._collection) if on else None
        exact_max = self.settings.exact_search_max
        if kept is not None and (kept.generation, kept.index.exact_max) == (generation, exact_max):
            return kept.index
        if kept is not None:
            index = SearchIndex.updated(self.store, kept.index, exact_max=exact_max)
            self._snapshot_changes = changed_articles(kept.index, index)
            if self._snapshot_changes < self.settings.snapshot_after:
                return index
        else:
            index = SearchIndex.load(self.store, exact_max)
        if self.settings.index_snapshot:
            _warm_index(index)
            self._keep_snapshot(index, generation)
        return index

    def _keep_snapshot(self, index: SearchIndex, generation: str) -> None:
        if save_snapshot(self._snapshot_path, self._collection, Snapshot(index, generation)):
            self._snapshot_changes = 0

    def sync(
        self, progress: Progress | None = None, only: Collection[str] | None = None
    ) -> IngestReport:
        """Bring the index in step with the corpus folder, then (re)load it into memory.
        Safe while questions are answered: the new index is built (and warmed, when this
        bot was warmed) beside the old one and swapped in whole. ``only``: the source
        names known to have changed (the rest of the folder is not walked). A sync asked
        for while another runs waits for it, then takes in what every waiting caller asked
        for at once; a caller whose files an earlier sync took in gets an empty report."""
        self._ask(None if only is None else set(only))
        with self._refreshing:
            with self._asking:
                asked, self._asked = self._asked, set()
            if asked is not None and not asked and self._index is not None:
                return IngestReport()  # taken in by the sync this one waited for
            # One writer at a time among the processes sharing this store folder (replicas of
            # one machine or one mount, in server mode too): the others wait their turn.
            lock_dir = Path(self.settings.store_dir)
            lock_dir.mkdir(parents=True, exist_ok=True)
            try:
                report = sync_index(
                    self.corpus_dir,
                    self.store,
                    self.encoder,
                    progress,
                    lock_dir,
                    self._known,
                    asked,
                )
            except BaseException:
                self._ask(asked)  # still to be taken in, by the next sync
                raise
            if report.manifest is not None and report.generation is not None:
                self._known = (report.generation, report.manifest)
            self._ensure_export()
            if report.changed or self._index is None:
                self._swap_in_index(report.manifest, report.generation)
            return report

    def _ask(self, names: set[str] | None) -> None:
        """Note what a sync is to take in: ``names``, or the whole folder (None)."""
        with self._asking:
            if names is None or self._asked is None:
                self._asked = None
            else:
                self._asked |= names

    def follow(self) -> bool:
        """Take in what other processes sharing this index (replicas on one Chroma server)
        wrote since this one last looked: one small read when nothing changed, and only the
        changed articles' records when something did. True when the index was replaced."""
        if self.store.generation() == self._generation:
            return False
        with self._refreshing:
            self._swap_in_index()
        return True

    def _swap_in_index(
        self, files: dict[str, FileRecord] | None = None, generation: str | None = None
    ) -> None:
        """Build the index the store holds now beside the current one (warm, when this bot
        was warmed), then replace it whole: a question sees the old one or the new.
        ``files`` and ``generation``: the store's manifest and generation as an ingest just
        left them (read together under its lock), so the manifest is not read again."""
        if files is None or generation is None:
            files = None
            generation = self.store.generation()  # read first: a later write is seen next time
        previous = self._index
        if previous is None:
            fresh = self._start_index(generation)
        else:
            fresh = SearchIndex.updated(
                self.store, previous, files, exact_max=self.settings.exact_search_max
            )
            self._snapshot_changes += changed_articles(previous, fresh)
        # The copy is renewed before the swap, while no question can be reading (and
        # filling caches of) the index being written; it is kept warm.
        renew = (
            previous is not None
            and self.settings.index_snapshot
            and self._snapshot_changes >= self.settings.snapshot_after
        )
        if self._warm or renew:
            _warm_index(fresh)
        if renew:
            self._keep_snapshot(fresh, generation)
        self._index, self._generation = fresh, generation

    def warm(self) -> None:
        """Build what a first question would otherwise wait for: the model's first call, the
        spelling and abbreviation tables, every answer kind's flags and every article's
        qualifiers. Servers call it before they say they are ready; an index a later sync
        brings is warmed before it is swapped in."""
        self.query_encoder.encode(["warm-up"])
        self._ensure_export()
        _warm_index(self.index)
        self._warm = True
        release_freed_memory()

    @property
    def query_encoder(self) -> Encoder:
        """What embeds questions: the ONNX export of the model when one is kept beside the
        index (no torch to import), else the model itself."""
        if self._query_encoder is None:
            folder = export_folder(Path(self.settings.store_dir), self.encoder.model_name)
            use_export = (
                self.settings.onnx_questions
                and isinstance(self.encoder, MiniLMEmbeddings)
                and has_export(folder)
            )
            self._query_encoder = self.encoder
            if use_export:
                try:
                    self._query_encoder = OnnxMiniLM(
                        folder, self.encoder.model_name, self.settings.torch_threads
                    )
                except Exception as err:  # a damaged export: the model itself still answers
                    log.warning("the ONNX export in %s is unusable (%s); using torch", folder, err)
                    self._export_failed = True
        return self._query_encoder

    def export_question_model(self) -> None:
        """Make the ONNX export now if there is none (`newsbot ingest` does): loads the
        model when this process has not yet."""
        if self.settings.onnx_questions and isinstance(self.encoder, MiniLMEmbeddings):
            _ = self.encoder.sentence_transformer
            self._ensure_export()

    def _ensure_export(self) -> None:
        """Make the ONNX export of the model once it is loaded anyway (ingest, a first
        question without an export): later processes answer without torch. Best effort: a
        failed export leaves questions on the model itself."""
        encoder = self.encoder
        if self._export_failed or not (
            self.settings.onnx_questions
            and isinstance(encoder, MiniLMEmbeddings)
            and encoder.loaded
        ):
            return
        folder = export_folder(Path(self.settings.store_dir), encoder.model_name)
        if has_export(folder):
            return
        try:
            export(encoder.sentence_transformer, folder)
        except Exception as err:
            log.warning("could not export the model to ONNX (%s); questions use torch", err)
            self._export_failed = True  # not tried again on every question
            return
        self._query_encoder = None  # the next question takes the export

    def articles(self, offset: int = 0, limit: int = 50) -> tuple[list[ArticleRecord], int]:
        """A page of the index's articles, by source name, and how many there are in all."""
        index = self.index
        sources = sorted(index.articles)
        return [_record(index, s) for s in sources[offset : offset + limit]], len(sources)

    def add_article(
        self,
        source: str,
        body: str,
        title: str | None = None,
        date: str | None = None,
        publisher: str | None = None,
        url: str | None = None,
    ) -> ArticleRecord:
        """Store an article in the corpus folder (a new one, or in place of one of that
        name) and ingest it; its record once questions can cite it. A body with no
        readable sentence is not kept. The sync is of the whole folder, not only this
        file: articles saved into the folder meanwhile come in with it (with 200 articles
        arriving half by the API and half by the folder, syncing only the posted file left
        the slowest article 10.2 s from saved to answered instead of 7.6 s)."""
        path = checked_path(self.corpus_dir, source)
        if not body.strip():
            raise ArticleError("The article has no text.")
        old = path.read_bytes() if path.is_file() else None  # put back if the new one fails
        try:
            write_article(path, page_text(source, body, title, date, publisher, url))
        except OSError as err:
            raise ArticleError(f"{source} could not be written: {err.strerror or err}.") from None
        self.sync()
        index = self.index
        if source not in index.articles:
            if old is None:
                delete_article(path)
            else:
                write_article(path, old)
            self.sync()
            raise ArticleError(f"No article text was found in {source}; it was not kept.")
        return _record(index, source)

    def remove_article(self, source: str) -> None:
        """Delete an article from the corpus folder and the index. The last one stays: an
        empty corpus folder is an error everywhere else (a folder not mounted, say)."""
        path = checked_path(self.corpus_dir, source)
        if not path.is_file():
            raise UnknownArticle(f"There is no article {source}.")
        if set(self.index.articles) <= {source}:
            raise ArticleError(f"{source} is the corpus's last article; add another first.")
        try:
            delete_article(path)
        except OSError as err:
            raise ArticleError(f"{source} could not be removed: {err.strerror or err}.") from None
        self.sync()

    def article(self, source: str) -> ArticleText:
        """An article of the index with its whole text, so any citation of it can be checked
        (``text[start:end] == quote``); ``UnknownArticle`` when the index has none of that name."""
        path = checked_path(self.corpus_dir, source)
        index = self.index
        if source not in index.articles:
            raise UnknownArticle(f"There is no article {source}.")
        try:
            text = read_text(path, path.read_bytes())
        except OSError as err:
            raise UnknownArticle(f"{source} cannot be read: {err.strerror or err}.") from None
        return ArticleText(**_record(index, source).model_dump(), text=text)

    def search(
        self,
        query: str,
        limit: int = 10,
        since: str | None = None,
        until: str | None = None,
    ) -> list[Citation]:
        """The best sentence of each of the ``limit`` articles that match ``query`` best,
        best first; with ``since``/``until`` (ISO days, inclusive) only articles dated in
        that window (one whose full date is not stated is left out). Unlike ``ask`` it never
        refuses: it lists what is nearest; an empty list means no article is in the window."""
        text = validate(query, self.settings.max_question_chars)
        if not 1 <= limit <= MAX_SEARCH_RESULTS:
            raise QuestionError(f"limit must be between 1 and {MAX_SEARCH_RESULTS}, not {limit}.")
        first, last = _iso_day(since, "since"), _iso_day(until, "until")
        if first and last and first > last:
            raise QuestionError(f"since ({first}) is after until ({last}).")
        index = self.index
        if not len(index):
            raise StoreError("The index is empty; run `newsbot ingest` first.")
        question = self._read(index, text)
        vector = self.query_vectors([question])[0]
        within = None
        hits = Hits()
        if first or last:
            days = {src: _iso_day_of(a.date) for src, a in index.articles.items()}
            dated = [
                src
                for src, day in days.items()
                if day and (first or "") <= day <= (last or "9999-12-31")
            ]
            within = index.sentences_of(dated)
            if not len(within):
                return []
        else:
            hits = self._store_hits(index, vector[None, :])[0]
        ranked = score_sentences(index, question, vector, hits, self.tuning.weights, within)
        best: dict[str, ScoredSentence] = {}
        for s in ranked:
            if len(best) == limit:
                break
            best.setdefault(s.sentence.source, s)
        return citations_for(index, list(best.values()))

    def ask(self, question: str, history: Sequence[str] = (), k: int | None = None) -> Answer:
        """Answer one question; ``history`` holds the earlier questions of the conversation."""
        result = self.ask_many([AskRequest(question, tuple(history), k)])[0]
        if isinstance(result, NewsbotError):
            raise result
        return result

    def ask_many(self, requests: Sequence[AskRequest]) -> list[Answer | NewsbotError]:
        """Answer several questions at once: one model call embeds them all and one Chroma
        call searches for them all, which is where a busy server's throughput comes from.
        A bad question yields its ``QuestionError`` in its place; the others are answered."""
        started = time.perf_counter()
        index = self.index  # one index for the whole batch, even if a sync swaps it meanwhile
        prepared: list[tuple[str, list[Question]] | NewsbotError] = []
        for r in requests:
            try:
                limit = self.settings.max_question_chars
                text = validate(r.question, limit)
                history = tuple(validate(h, limit) for h in r.history if h.strip())
                prepared.append((text, self._analyse(index, text, history)))
            except QuestionError as err:
                prepared.append(err)
        questions = [q for p in prepared if not isinstance(p, NewsbotError) for q in p[1]]
        vectors = self.query_vectors(questions)
        found = iter(zip(questions, vectors, self._store_hits(index, vectors)))
        results: list[Answer | NewsbotError] = []
        for r, p in zip(requests, prepared):
            if isinstance(p, NewsbotError):
                results.append(p)
                continue
            text, parts = p
            searched = [next(found) for _ in parts]
            results.append(self._answer(index, text, searched, r.k, started))
        if self._query_encoder is self.encoder:  # answered without an export: make one
            self._ensure_export()
        return results

    def _analyse(self, index: SearchIndex, text: str, history: tuple[str, ...]) -> list[Question]:
        """The question's parts, analysed: each later part may lean on the one before, unless
        it carries the topic set before them all ("Stephen Fry - where did he come in the
        list, and what is his part in the film?"): then it stands on its own."""
        parts = question_parts(text)
        topic = shared_topic(parts)
        out = []
        for i, part in enumerate(parts):
            earlier = history if i == 0 or topic else (*history, parts[i - 1])
            out.append(self._read(index, part, earlier))
        return out

    def _read(self, index: SearchIndex, text: str, history: tuple[str, ...] = ()) -> Question:
        """A question analysed, its names spelled as the articles spell them."""
        question = with_corpus_names(analyse(text, history), index.readings.written_capitalised)
        return correct_spelling(question, index.readings.speller)

    def query_vectors(self, questions: Sequence[Question]) -> np.ndarray:
        """The questions' embeddings, in one model call. A follow-up leans on the question it
        follows, but its own words weigh most ("and who were the conveners?")."""
        texts = [q.text for q in questions]
        texts += [q.context for q in questions if q.context is not None]
        encoded = self.query_encoder.encode(texts)
        vectors = encoded[: len(questions)].copy()
        contexts = iter(encoded[len(questions) :])
        for i, q in enumerate(questions):
            if q.context is not None:
                mixed = FOLLOW_UP_OWN_WEIGHT * vectors[i] + (1 - FOLLOW_UP_OWN_WEIGHT) * next(
                    contexts
                )
                vectors[i] = mixed / (np.linalg.norm(mixed) or 1.0)
        return vectors

    def _store_hits(self, index: SearchIndex, vectors: np.ndarray) -> list[Hits]:
        """What the store finds for each question vector, in one call per collection: the
        nearest chunks, and the nearest sentences when ``index`` does not compare a
        question with every sentence itself."""
        pool = min(self.tuning.weights.chunk_pool, len(index.chunks))
        chunks = self.store.query_chunks(vectors, pool)
        if index.exact:
            return [Hits(c) for c in chunks]
        sentences = self.store.query_sentences(vectors, NEAREST_SENTENCES)
        return [Hits(c, s) for c, s in zip(chunks, sentences)]

    def _answer(
        self,
        index: SearchIndex,
        text: str,
        parts: list[tuple[Question, np.ndarray, Hits]],
        k: int | None,
        started: float,
    ) -> Answer:
        if not len(index):
            raise StoreError("The index is empty; run `newsbot ingest` first.")
        limit = k or self.settings.top_k
        outlets = cited_outlets(text, index.sources_by_publisher)
        lead: list[ScoredSentence] = []
        if any(m.publisher for m in outlets):
            lead = self._outlet_quotes(index, text, outlets, parts[0])
        found = []
        for q, vector, hits in parts:
            ranked = score_sentences(index, q, vector, hits, self.tuning.weights)
            quotes = select_quotes(index, q, ranked, limit, self.tuning.quotes)
            evidence = Evidence(index, q, quotes, ranked, self.tuning.refusal, outlets, lead)
            refusal = refusal_for(evidence)
            extra: list[ScoredSentence] = []
            if refusal is None:  # judged on the quotes alone: filling never earns an answer
                budget = self.tuning.quotes.fill_chars // len(parts)
                extra = fill_quotes(q, quotes, ranked, self.tuning.quotes, budget)
            found.append(PartAnswer(q, quotes, ranked[:CLOSEST_PASSAGES], refusal, extra))
        answered = any(p.refusal is None and p.quotes for p in found)

        def wording(part: PartAnswer) -> str:
            reason = part.refusal.message if part.refusal else prompt("reason_no_match")
            if not answered:
                return prompt("refusal", reason=reason)
            return prompt("part_refusal", part=part.question.text, reason=reason)

        took_ms = round((time.perf_counter() - started) * 1000, 2)
        return build_answer(
            text,
            index,
            found,
            wording,
            took_ms,
            k=limit,
            lead=lead,
            per_part=self.tuning.quotes.max_quotes,
            order=asks_order(text),
        )

    def _outlet_quotes(
        self,
        index: SearchIndex,
        text: str,
        outlets: list[OutletMention],
        whole: tuple[Question, np.ndarray, Hits],
    ) -> list[ScoredSentence]:
        """The best sentence of each article the question points to (by outlet, and by day
        where it names one), found by the words of the question around that reference; an
        outlet cited twice gives two articles, and a reference may bring a close second
        article of its outlet (``per_outlet.ARTICLES_PER_REF``). Best first."""
        refs = article_refs(text, outlets)
        own = [ref.text for ref in refs if ref.text != text]
        vectors = iter(self.query_encoder.encode(own)) if own else iter(())
        used: set[str] = set()
        out: list[ScoredSentence] = []
        for ref in refs:
            if ref.text == text:
                question, vector, hits = whole
            else:
                question = self._read(index, ref.text)
                vector, hits = next(vectors), Hits()
            pool = (
                [s for p in ref.publishers for s in index.sources_by_publisher[p]]
                if ref.publishers
                else list(index.articles)
            )
            sources = [s for s in pool if s not in used]
            if ref.day is not None:
                day = ref.day
                dates = {s: index.articles[s].date for s in sources}
                sources = (
                    [s for s in sources if day.matches(dates[s])]
                    or [s for s in sources if day.matches(dates[s], any_year=True)]
                    or sources
                )
            ranked = score_sentences(
                index, question, vector, hits, self.tuning.weights, index.sentences_of(sources)
            )
            for s in best_per_article(index, ranked, per_outlet.ARTICLES_PER_REF):
                out.append(s)
                used.add(s.sentence.source)
        # Best passage first, as in every answer; each article keeps its quotes together.
        return sorted(out, key=lambda s: s.score, reverse=True)


def release_freed_memory() -> None:
    """Hand the heap that building an index freed back to the system (glibc's
    ``malloc_trim``; nothing elsewhere). Reading a store makes millions of short-lived
    objects; without it a serving process keeps their pages (measured at 1,000 articles:
    455 MB resident -> 357 MB after the trim)."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    libc.malloc_trim(0)


def changed_articles(before: SearchIndex, after: SearchIndex) -> int:
    """How many articles were added, changed or removed between two indexes."""
    old, new = before.files, after.files
    # The records of files an update did not touch are the same objects: no field compared.
    changed = sum(1 for s, rec in new.items() if (o := old.get(s)) is not rec and o != rec)
    return changed + sum(1 for s in old if s not in new)


def _warm_index(index: SearchIndex) -> None:
    """The corpus-wide tables of ``index`` a first question would build: spelling, names,
    copies. What is read per sentence or per article (answer kinds, qualifiers) is read
    when a question first needs it, a few hundred sentences at a time."""
    _ = index.readings.speller, index.copies(0), index.readings.written_capitalised


def _iso_day(value: str | None, name: str) -> str | None:
    """``value`` when it is an ISO day ("2024-03-01"), None when not given; else a
    ``QuestionError`` naming the argument."""
    if value is None or not value.strip():
        return None
    day = value.strip()
    try:
        if re.fullmatch(ISO_DAY, day):
            return datetime.date.fromisoformat(day).isoformat()
    except ValueError:
        pass
    raise QuestionError(f"{name} must be a day written like 2024-03-01, not {value!r}.")


def _iso_day_of(date: str | None) -> str | None:
    """The ISO day an article's date starts with; None for a partial one ("November 20")."""
    match = re.match(ISO_DAY, date or "")
    return match.group(0) if match else None


def _record(index: SearchIndex, source: str) -> ArticleRecord:
    a = index.articles[source]
    return ArticleRecord(
        source=source,
        title=a.title,
        date=a.date,
        publisher=a.publisher,
        author=a.author,
        sentences=a.last - a.first + 1,
    )
