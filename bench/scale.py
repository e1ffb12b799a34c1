"""How newsbot's cost grows with the archive: a synthetic archive of N articles, built,
served and grown by one article.

    python bench/scale.py --articles N [--encoder hashing|model] [--chroma-server]
                          [--out DIR] [--json]
    python bench/scale.py --ingest-rate [--sentences 1000] [--json]

The archive is made of real sentences (every shipped corpus: docs_corpus, bench/'s sets and,
when present, ../shared/eval's archives), shuffled with a fixed seed into ~25-sentence
articles of five paragraphs, each headed by the start of its first sentence; past the pool's
size, each pass marks its sentences with its number ("... (2)."). The hashing
encoder (the default) makes N = 50,000 affordable on two cores; ranking and memory are the
product's own. The figures, one JSON object:

- ``build_s``: a first ``sync`` of the whole archive (with the copy of the index it leaves
  for the server's start); ``store_mb``: the store folder's size,
  ``snapshot_mb`` of it the copy of the index a restart loads (and the file of
  half-precision vectors it maps, past ``NEWSBOT_EXACT_SEARCH_MAX`` sentences);
- ``ready_s``, ``rss_mb``: a fresh serving process (its own interpreter), warmed as
  ``newsbot serve`` warms, from start until its first answer, and its peak resident memory
  after 40 questions;
- ``p50_ms``/``p95_ms``: those questions, one by one;
- with ``--chroma-server`` the serving process asks a `chroma run` server over the same
  store folder (``NEWSBOT_CHROMA_URL``), which then holds Chroma's HNSW indexes instead of
  it: ``chroma_server_rss_mb`` is that server's peak, ``chroma_server_first_query_s`` its
  first query after its start (it loads the HNSW indexes then), made before the serving
  process starts, as a restarted server finds Chroma already running;
- ``add_one_s``: one new article saved, then ``sync`` of that file (as the watcher's event
  names it) until it is answerable (median of 3); ``add_one_rescan_s`` the same through a
  sync of the whole folder (as an API write and ``newsbot ingest`` do).

``--ingest-rate`` measures ingest with the real model against the raw encoder on the same
sentences in the same run: sentences ingested per second over sentences the encoder embeds
per second (the issue's goal: at least 0.85).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from retrieval.ingest.corpus import find_files, load_article  # noqa: E402

SENTENCES_PER_ARTICLE = 25
PARAGRAPHS = 5
SEED = 7
SOURCES = [
    REPO / "docs_corpus",
    HERE / "web_pages",
    HERE / "regional_news",
    HERE / "world_news",
    HERE / "trade_news",
    REPO.parent / "shared" / "eval" / "bbc" / "corpus",
    REPO.parent / "shared" / "eval" / "multihop" / "corpus",
    HERE / "out" / "squad" / "corpus",
]


def real_sentences() -> list[str]:
    """Every sentence of the shipped corpora, as the product splits them, once each."""
    seen: dict[str, None] = {}
    for folder in SOURCES:
        if not folder.is_dir():
            continue
        for path in find_files(folder):
            try:
                article = load_article(folder, path)
            except Exception:  # an unreadable file of an archive: its sentences are not needed
                continue
            for s in article.sentences:
                text = " ".join(s.text.split())
                if len(text) >= 30:
                    seen.setdefault(text)
    return list(seen)


def article_text(sentences: list[str]) -> str:
    headline = " ".join(sentences[0].split()[:8]).rstrip(".,;:")
    per = max(1, len(sentences) // PARAGRAPHS)
    paragraphs = [" ".join(sentences[i : i + per]) for i in range(0, len(sentences), per)]
    return headline + "\n\n" + "\n\n".join(paragraphs) + "\n"


def write_archive(folder: Path, n: int, pool: list[str]) -> list[list[str]]:
    """``n`` articles of shuffled real sentences in ``folder`` (kept when already there)."""
    rng = random.Random(SEED)
    articles = []
    folder.mkdir(parents=True, exist_ok=True)
    order: list[str] = []
    rounds = 0
    for a in range(n):
        if len(order) < SENTENCES_PER_ARTICLE:
            # Each pass over the pool marks its sentences, so that a big archive is not one
            # story filed twenty times (copies are cited together, which it would measure).
            order = pool[:] if not rounds else [f"{s[:-1]} ({rounds}){s[-1]}" for s in pool]
            rng.shuffle(order)
            rounds += 1
        picked, order = order[:SENTENCES_PER_ARTICLE], order[SENTENCES_PER_ARTICLE:]
        articles.append(picked)
        path = folder / f"{a // 1000:03d}" / f"a{a:06d}.txt"
        if not path.is_file():
            path.parent.mkdir(exist_ok=True)
            path.write_text(article_text(picked), encoding="utf-8")
    return articles


def questions_for(articles: list[list[str]], count: int) -> list[str]:
    rng = random.Random(SEED + 1)
    out = []
    for picked in rng.sample(articles, min(count, len(articles))):
        words = re.findall(r"[A-Za-z][\w'-]*", rng.choice(picked))
        out.append(f"What did the article say about {' '.join(words[1:8])}?")
    return out


def make_encoder(name: str):  # type: ignore[no-untyped-def]
    from retrieval.ingest.embeddings import HashingEmbeddings, MiniLMEmbeddings

    return HashingEmbeddings() if name == "hashing" else MiniLMEmbeddings()


def folder_mb(folder: Path) -> float:
    return round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20, 1)


def peak_rss_mb(pid: int | str = "self") -> float:
    """A process's peak resident memory (this one's by default), from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    if pid != "self":
        return 0.0
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def serve_probe(
    corpus: Path, store: Path, encoder: str, questions: list[str], chroma_url: str | None = None
) -> dict:
    """Run in a fresh interpreter: what one serving process costs over the archive."""
    from retrieval import Settings
    from retrieval.service import Newsbot

    settings = Settings(corpus_dir=corpus, store_dir=store, chroma_url=chroma_url)
    bot = Newsbot(settings, encoder=make_encoder(encoder))
    bot.sync()
    bot.warm()  # as `newsbot serve` does before it says it is ready
    bot.ask(questions[0])
    print("READY", flush=True)
    took = []
    for q in questions:
        started = time.perf_counter()
        bot.ask(q)
        took.append((time.perf_counter() - started) * 1000)
    took.sort()
    adds, rescans = [], []
    for n in range(4):
        source = f"added/new{n}.txt"
        fresh = corpus / source
        fresh.parent.mkdir(exist_ok=True)
        fresh.write_text(
            f"Quarry lake reopens\n\nThe Zorvath quarry lake number {n} reopened to swimmers "
            "on Saturday after a two-year closure.\n",
            encoding="utf-8",
        )
        started = time.perf_counter()
        # As the watcher does (its event names the file); the last one as a sync of the
        # whole folder does (an API write, `newsbot ingest`, a rescan).
        bot.sync() if n == 3 else bot.sync(only=[source])
        answer = bot.ask(f"When did the Zorvath quarry lake number {n} reopen?")
        (rescans if n == 3 else adds).append(time.perf_counter() - started)
        if not any(c.source == source for c in answer.citations):
            raise SystemExit(f"the added article {fresh} was not cited")
    shutil.rmtree(corpus / "added")
    bot.sync()
    return {
        "rss_mb": peak_rss_mb(),
        "p50_ms": round(statistics.median(took), 1),
        "p95_ms": round(took[int(0.95 * (len(took) - 1))], 1),
        "add_one_s": round(statistics.median(adds), 2),
        "add_one_rescan_s": round(rescans[0], 2),
    }


def build(corpus: Path, store: Path, encoder: str) -> dict:
    """Run in a fresh interpreter: a first ``sync`` of the archive (None when kept)."""
    from retrieval import Settings
    from retrieval.service import Newsbot

    started = time.perf_counter()
    bot = Newsbot(Settings(corpus_dir=corpus, store_dir=store), encoder=make_encoder(encoder))
    report = bot.sync()
    return {"build_s": round(time.perf_counter() - started, 1) if report.changed else None}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def chroma_server(store: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """A `chroma run` server over the archive's store folder (the collections the build
    wrote), on a free local port; stopped on exit."""
    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = free_port()
    proc = subprocess.Popen(
        [chroma, "run", "--path", str(store), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise SystemExit("chroma run did not start") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", proc
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def warm_chroma(url: str) -> None:
    """One nearest-neighbour query on each collection of the server at ``url``."""
    from retrieval.ingest.embeddings import DIMENSIONS
    from retrieval.ingest.store import open_client

    client = open_client(Path("."), url)
    for collection in client.list_collections():
        got = client.get_collection(getattr(collection, "name", collection))
        if not got.count():
            continue
        try:
            got.query(query_embeddings=[[1.0] + [0.0] * (DIMENSIONS - 1)], n_results=1)
        except Exception:  # a collection of records without vectors (one number each)
            got.query(query_embeddings=[[1.0]], n_results=1)


def probe(corpus: Path, store: Path, encoder: str, questions: list[str], url: str | None) -> dict:
    """The serving process's figures, and its seconds from start until its first answer."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, __file__, "--probe", str(corpus), str(store), encoder, url or ""],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    assert child.stdin and child.stdout
    child.stdin.write(json.dumps(questions))
    child.stdin.close()
    ready_s = None
    lines = []
    for line in child.stdout:
        if line.strip() == "READY" and ready_s is None:
            ready_s = time.perf_counter() - started
        else:
            lines.append(line)
    if child.wait() != 0:
        raise SystemExit("the serving process failed")
    return {"ready_s": round(ready_s or 0.0, 1), **json.loads(lines[-1])}


def scale(n: int, out: Path, encoder: str, server: bool = False) -> dict:
    pool = real_sentences()
    corpus, store = out / f"n{n}" / "corpus", out / f"n{n}" / "store"
    articles = write_archive(corpus, n, pool)
    # Built in a process of its own, so this one holds nothing while the server is measured.
    built = subprocess.run(
        [sys.executable, __file__, "--build", str(corpus), str(store), encoder],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    if built.returncode != 0:
        raise SystemExit(f"the build failed: {built.stderr[-2000:]}")
    build_s = json.loads(built.stdout.splitlines()[-1])["build_s"]
    questions = questions_for(articles, 40)
    if server:  # the store's collections served by `chroma run`, the index asking it
        with chroma_server(store) as (url, chroma):
            # A restarted newsbot meets a server that is already up and has answered: its
            # own first query (loading the HNSW indexes) is timed apart.
            started = time.perf_counter()
            warm_chroma(url)
            warm_s = round(time.perf_counter() - started, 1)
            figures = probe(corpus, store, encoder, questions, url)
            figures["chroma_server_rss_mb"] = peak_rss_mb(chroma.pid)
            figures["chroma_server_first_query_s"] = warm_s
    else:
        figures = probe(corpus, store, encoder, questions, None)
    return {
        "articles": n,
        "sentences": n * SENTENCES_PER_ARTICLE,
        "encoder": encoder,
        "chroma": "server" if server else "embedded",
        "build_s": build_s if build_s is not None else "kept",
        "store_mb": folder_mb(store),
        # of which the copy of the index kept for fast starts (retrieval/answering/snapshot)
        "snapshot_mb": round(
            sum(p.stat().st_size for p in store.glob("*.index.pickle*")) / 2**20, 1
        ),
        **figures,
    }


def ingest_rate(count: int, out: Path) -> dict:
    """Real-model ingest against the raw encoder, on the same sentences, in this run."""
    from retrieval import Settings
    from retrieval.ingest.embeddings import MiniLMEmbeddings
    from retrieval.service import Newsbot

    pool = real_sentences()
    n = max(1, count // SENTENCES_PER_ARTICLE)
    corpus, store = out / "rate" / "corpus", out / "rate" / "store"
    shutil.rmtree(out / "rate", ignore_errors=True)
    articles = write_archive(corpus, n, pool)
    texts = [s for a in articles for s in a]
    encoder = MiniLMEmbeddings()
    encoder.encode(texts[:32])  # the model loaded and warm, for both
    started = time.perf_counter()
    encoder.encode(texts)
    encode_s = time.perf_counter() - started
    bot = Newsbot(
        Settings(corpus_dir=corpus, store_dir=store, onnx_questions=False), encoder=encoder
    )
    started = time.perf_counter()
    bot.sync()
    ingest_s = time.perf_counter() - started
    return {
        "sentences": len(texts),
        "encoder_sentences_per_s": round(len(texts) / encode_s, 1),
        "ingest_sentences_per_s": round(len(texts) / ingest_s, 1),
        "ratio": round(encode_s / ingest_s, 2),
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in ("--build", "--probe"):  # the child processes
        corpus, store, encoder = Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
        if sys.argv[1] == "--build":
            figures = build(corpus, store, encoder)
        else:
            url = sys.argv[5] if len(sys.argv) > 5 and sys.argv[5] else None
            figures = serve_probe(corpus, store, encoder, json.loads(sys.stdin.read()), url)
        print(json.dumps(figures))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--encoder", choices=["hashing", "model"], default="hashing")
    parser.add_argument("--ingest-rate", action="store_true")
    parser.add_argument("--sentences", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "scale")
    parser.add_argument(
        "--chroma-server",
        action="store_true",
        help="serve through a `chroma run` server over the built store (NEWSBOT_CHROMA_URL)",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.ingest_rate:
        figures = ingest_rate(args.sentences, args.out)
    else:
        figures = scale(args.articles, args.out, args.encoder, args.chroma_server)
    print(json.dumps(figures) if args.json else json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
