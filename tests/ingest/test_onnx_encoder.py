"""The ONNX export embeds as the model itself does, and a cold `newsbot ask` over an existing
index answers without importing torch."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from retrieval.ingest.onnx_encoder import OnnxMiniLM, export, export_folder, has_export
from tests.conftest import DOCS_CORPUS, REPO, make_bot

pytestmark = pytest.mark.integration
QUESTION = "Who was the Mayor of Beijing who spoke at the 23rd symposium?"


def test_the_export_gives_the_models_vectors(tmp_path, minilm, seed_bot):
    folder = export_folder(tmp_path, minilm.model_name)
    export(minilm.sentence_transformer, folder)
    assert has_export(folder) and not list(folder.parent.glob(".export-*"))
    onnx = OnnxMiniLM(folder, minilm.model_name)
    texts = [s.text for s in seed_bot.index.sentences]
    for path in sorted((REPO / "bench").glob("*_news/*.txt")):  # the shipped dev corpora
        text = path.read_text(encoding="utf-8")
        texts += [piece.strip() for piece in text.split(". ") if len(piece.strip()) > 20]
    texts = texts[:400]
    texts += ["", "x", "Who?", "a question " * 200]  # empty, tiny, and over the token limit
    cosines = np.sum(onnx.encode(texts) * minilm.encode(texts), axis=1)
    assert len(texts) >= 300 and cosines.min() >= 0.999, cosines.min()


def test_a_cold_ask_answers_without_torch(tmp_path, minilm):
    store = tmp_path / "store"
    bot = make_bot(DOCS_CORPUS, store, minilm)  # ingest loads the model ...
    assert has_export(export_folder(store, minilm.model_name))  # ... and exports it once
    script = (
        "import json, sys\n"
        "from bot.cli import main\n"
        f"code = main(['ask', {QUESTION!r}, '--json', '--corpus', {str(DOCS_CORPUS)!r},"
        f" '--store', {str(store)!r}])\n"
        "print(json.dumps({'code': code, 'torch': 'torch' in sys.modules}), file=sys.stderr)\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=300
    )
    assert r.returncode == 0, r.stderr
    status = json.loads(r.stderr.strip().splitlines()[-1])
    assert status == {"code": 0, "torch": False}
    cold = json.loads(r.stdout)
    warm = bot.ask(QUESTION)
    assert cold["answer"] == warm.answer and "Chen Jining" in cold["answer"]
