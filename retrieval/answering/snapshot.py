"""A copy of the in-memory index kept on disk beside the store, so a restart loads it in
seconds instead of rebuilding it from Chroma.

Building the index reads every sentence and vector back from Chroma and tokenises and counts
them all again: about two minutes for a 10,000-article archive on two cores. Loading the
same index from one file takes a few seconds. The copy is only a head start: on start the
store is still the truth, and what changed since the copy was made (by this process or any
replica) is read from it as an ordinary update (``SearchIndex.updated``). A copy written by
other code, for another collection, or unreadable is ignored and replaced.

The file is a pickle: it is trusted exactly as much as the store folder it sits in (which
holds Chroma's own files). It is written to a temporary file and renamed, so a crash leaves
the previous copy or none, never half of one.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
import time
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from retrieval.answering.half_vectors import HalfVectors
from retrieval.answering.index import SearchIndex

log = logging.getLogger(__name__)

# Raised when what the file holds changes shape in a way the code hash cannot see.
SNAPSHOT_FORMAT = 1
# The code whose objects the copy holds (the index, its keyword counts, readings, speller,
# the store's records): a copy made by other code is not loaded.
_PICKLED_CODE = ("answering", "reading", "ingest", "terms.py", "lexicon.py")


@dataclass(frozen=True)
class Snapshot:
    """An index as kept on disk, and the store generation it was built at."""

    index: SearchIndex
    generation: str


@cache
def code_version() -> str:
    """A hash of the modules whose objects a copy holds."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(str(SNAPSHOT_FORMAT).encode())
    for name in _PICKLED_CODE:
        part = root / name
        files = sorted(part.rglob("*.py")) if part.is_dir() else [part]
        for f in files:
            digest.update(f.relative_to(root).as_posix().encode())
            digest.update(f.read_bytes())
    return digest.hexdigest()[:16]


# Read when this module is imported: the version of the code running, even if the files
# change on disk while it runs.
code_version()


def snapshot_path(store_dir: Path, collection: str) -> Path:
    return store_dir / f"{collection}.index.pickle"


def _header(collection: str, generation: str) -> dict[str, str]:
    return {"code": code_version(), "collection": collection, "generation": generation}


def load_snapshot(path: Path, collection: str) -> Snapshot | None:
    """The copy at ``path`` when this code wrote it for ``collection``; None otherwise
    (no file, another version's, unreadable)."""
    try:
        with path.open("rb") as f:
            header = pickle.load(f)
            if not isinstance(header, dict) or (header.get("code"), header.get("collection")) != (
                code_version(),
                collection,
            ):
                log.info("Index copy %s was made by other code; rebuilding it.", path)
                return None
            index = pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception as err:  # a torn or foreign file is only a missed head start
        log.warning("Index copy %s could not be read (%s); rebuilding it.", path, err)
        return None
    if not isinstance(index, SearchIndex):
        return None
    try:
        index.attach_vectors(path.parent)
    except (OSError, ValueError) as err:
        log.warning("Index copy %s lacks its vectors (%s); rebuilding it.", path, err)
        return None
    return Snapshot(index, str(header.get("generation", "")))


# A temporary copy this old was left by a process that died while writing it (a large
# archive's copy takes seconds, not an hour): removed, as it may be gigabytes.
STALE_TEMPORARY_SECONDS = 3600


def _remove_stale_temporaries(path: Path) -> None:
    now = time.time()
    for leftover in path.parent.glob(f"{path.name}*.tmp"):
        try:
            if now - leftover.stat().st_mtime > STALE_TEMPORARY_SECONDS:
                leftover.unlink()
        except OSError:
            pass  # another process's, gone meanwhile


# A file of vectors no copy refers to, this old, is removed when a copy is written: one
# written by another process a moment ago may be about to be referred to by its copy.
ORPHAN_VECTORS_SECONDS = 60


def _vector_files(path: Path) -> list[Path]:
    return list(path.parent.glob(f"{path.name}.*{VECTORS_SUFFIX}"))


VECTORS_SUFFIX = ".vectors.npy"


def save_snapshot(path: Path, collection: str, snapshot: Snapshot) -> bool:
    """Write ``snapshot`` to ``path`` atomically; False (and a warning) when it could not
    be written: answering goes on without it. The half-precision vectors of a large index
    go to a file of their own beside it, which the index then maps instead of holding
    them (``half_vectors``); the copy refers to that file by name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(path)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    index = snapshot.index
    vectors = None
    try:
        if isinstance(index.vectors, HalfVectors):
            vectors = f"{path.name}.{uuid.uuid4().hex[:12]}{VECTORS_SUFFIX}"
            index.vectors = index.vectors.written(path.parent, vectors)
        with os.fdopen(fd, "wb") as f:
            pickle.dump(_header(collection, snapshot.generation), f, protocol=5)
            pickle.dump(index, f, protocol=5)
        os.replace(tmp, path)
    except Exception as err:
        log.warning("Could not keep a copy of the index at %s: %s", path, err)
        Path(tmp).unlink(missing_ok=True)
        if vectors and not (isinstance(index.vectors, HalfVectors) and index.vectors.mapped):
            (path.parent / vectors).unlink(missing_ok=True)
        return False
    now = time.time()
    for old in _vector_files(path):
        try:
            if old.name != vectors and now - old.stat().st_mtime > ORPHAN_VECTORS_SECONDS:
                old.unlink()  # an index still mapping it keeps reading it (POSIX)
        except OSError:
            pass
    return True
