"""Question embeddings without torch: the bundled MiniLM exported once to ONNX, kept beside
the index, and run with onnxruntime (which chromadb already brings).

Importing torch and sentence-transformers takes most of a cold `newsbot ask`; onnxruntime
and the tokenizers library load in a fraction of that. The export is made by the torch
model itself the first time it is loaded (ingest needs it anyway), with its tokenizer and
its sequence limit, so both paths give the same vectors (tested: cosine >= 0.999).
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import threading
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.errors import ConfigurationError
from retrieval.ingest.embeddings import DIMENSIONS

log = logging.getLogger(__name__)

MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
CONFIG_FILE = "encoder.json"
OPSET = 17  # an ONNX opset every onnxruntime of the last years runs
QUERY_BATCH = 32  # questions per run: a server's batch, or one question


def export_folder(store_dir: Path, model_name: str) -> Path:
    """Where the export of ``model_name`` lives: beside the index it serves."""
    return Path(store_dir) / "onnx" / model_name


def has_export(folder: Path) -> bool:
    return all((folder / f).is_file() for f in (MODEL_FILE, TOKENIZER_FILE, CONFIG_FILE))


def export(sentence_transformer: Any, folder: Path) -> None:
    """Write the ONNX export of a loaded SentenceTransformer (a MiniLM: transformer, mean
    pooling, normalisation) to ``folder``, whole or not at all."""
    import torch

    transformer = sentence_transformer[0]

    class LastHiddenState(torch.nn.Module):
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            out = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return out.last_hidden_state

    sample = transformer.tokenizer(
        ["a question", "and a longer one"], padding=True, return_tensors="pt"
    )
    axes = {0: "batch", 1: "tokens"}
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".export-"))
    try:
        # The tracer warns about shapes it treats as constants; the export is checked
        # against the model instead (tests), and users should not see the noise.
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                LastHiddenState(transformer.auto_model.eval()),
                (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]),
                str(staging / MODEL_FILE),
                input_names=["input_ids", "attention_mask", "token_type_ids"],
                output_names=["last_hidden_state"],
                dynamic_axes={
                    name: axes
                    for name in (
                        "input_ids",
                        "attention_mask",
                        "token_type_ids",
                        "last_hidden_state",
                    )
                },
                opset_version=OPSET,
                dynamo=False,
            )
        transformer.tokenizer.backend_tokenizer.save(str(staging / TOKENIZER_FILE))
        config = {"max_tokens": int(sentence_transformer.max_seq_length)}
        (staging / CONFIG_FILE).write_text(json.dumps(config), encoding="utf-8")
        if has_export(folder):  # another process exported first: keep its copy in place
            shutil.rmtree(staging)
        else:
            shutil.rmtree(folder, ignore_errors=True)  # an incomplete one
            staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


class OnnxMiniLM:
    """The exported MiniLM on onnxruntime: unit-length float32 vectors, as MiniLMEmbeddings."""

    def __init__(self, folder: Path, model_name: str, threads: int | None = None) -> None:
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as err:  # pragma: no cover - install problem
            raise ConfigurationError(
                f"{err.name} is not installed; run the README's install."
            ) from None
        self.model_name = model_name
        config = json.loads((folder / CONFIG_FILE).read_text(encoding="utf-8"))
        self._tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        self._tokenizer.enable_truncation(int(config["max_tokens"]))
        self._tokenizer.enable_padding()
        options = onnxruntime.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        self._session = onnxruntime.InferenceSession(
            str(folder / MODEL_FILE), options, providers=["CPUExecutionProvider"]
        )
        self._lock = threading.Lock()  # the tokenizer's padding settings are shared state

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        out = [
            self._encode(texts[at : at + QUERY_BATCH]) for at in range(0, len(texts), QUERY_BATCH)
        ]
        return np.vstack(out)

    def _encode(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            encoded = self._tokenizer.encode_batch(texts)
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            types = np.array([e.type_ids for e in encoded], dtype=np.int64)
            hidden = self._session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            )[0]
        summed = (hidden * mask[..., None]).sum(axis=1)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
