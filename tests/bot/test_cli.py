"""The `newsbot` command as a user runs it: real processes, real model, real Chroma."""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import DOCS_CORPUS, REPO

pytestmark = pytest.mark.integration


def newsbot(*args, stdin=None, env_extra=None, cwd=None):
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd or REPO,
        timeout=300,
    )


def test_ask_prints_answer_with_sources(tmp_path):
    r = newsbot(
        "ask",
        "Who was the Mayor of Beijing who spoke at the 23rd symposium?",
        "--corpus",
        str(DOCS_CORPUS),
        "--store",
        str(tmp_path / "s"),
    )
    assert r.returncode == 0, r.stderr
    assert "Chen Jining" in r.stdout and "Sources" in r.stdout
    assert "003_35ed6e79b8d343f5.txt" in r.stdout
    assert "5 added" in r.stderr  # first use builds the index itself


def test_json_stdin_answers_in_order_one_object_per_line(tmp_path):
    questions = [
        "What was the theme of the 26th Beijing-Hong Kong Economic Cooperation Symposium?",
        "   ",
        "Who won the 2022 FIFA World Cup?",
        "How many Hong Kong-invested companies had been established in Beijing as of September?",
    ]
    r = newsbot(
        "ask",
        "--json",
        "-",
        stdin="\n".join(questions) + "\n",
        env_extra={
            "NEWSBOT_CORPUS_DIR": str(DOCS_CORPUS),
            "NEWSBOT_STORE_DIR": str(tmp_path / "s"),
        },
    )
    assert r.returncode == 0, r.stderr
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert [a["question"] for a in lines] == [q.strip() if q.strip() else "   " for q in questions]
    assert lines[0]["answered"] and "Deepening Cooperation" in lines[0]["answer"]
    assert lines[1]["error"]["code"] == "QuestionError"
    assert lines[2]["answered"] is False
    assert "17,077" in lines[3]["answer"]
    for a in lines:
        assert set(a) >= {"question", "answered", "answer", "citations", "took_ms"}
        for c in a["citations"]:
            text = (DOCS_CORPUS / c["source"]).read_text(encoding="utf-8")
            assert text[c["start"] : c["end"]] == c["quote"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["ask", ""], "The question is empty"),
        (["ask", "x" * 100_000], "the limit is 2,000"),
        (["ask", "Who?", "--corpus", "/nonexistent/corpus"], "does not exist"),
        (["ask", "Who?", "-k", "0"], "-k must be at least 1"),
    ],
)
def test_bad_input_is_one_sentence_and_a_nonzero_exit(args, message, tmp_path):
    r = newsbot(*args, env_extra={"NEWSBOT_STORE_DIR": str(tmp_path / "s")})
    assert r.returncode != 0
    assert message in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_empty_corpus_and_unwritable_store(tmp_path):
    (tmp_path / "empty").mkdir()
    r = newsbot("ask", "Who?", "--corpus", str(tmp_path / "empty"), "--store", str(tmp_path / "s"))
    assert r.returncode != 0 and "holds no articles" in r.stderr and "Traceback" not in r.stderr
    r = newsbot("ask", "Who?", "--corpus", str(DOCS_CORPUS), "--store", "/proc/self/newsbot")
    assert r.returncode != 0 and "index folder" in r.stderr and "Traceback" not in r.stderr


def test_bad_file_is_skipped_with_a_warning_and_the_rest_answered(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "good.txt").write_text(
        "Ferry pier opens\n\nThe harbour authority opened a new ferry pier on Friday morning.\n"
    )
    (corpus / "bad.txt").write_bytes("Caf\xe9".encode("latin-1"))
    r = newsbot(
        "ask",
        "What did the harbour authority open?",
        "--corpus",
        str(corpus),
        "--store",
        str(tmp_path / "s"),
    )
    assert r.returncode == 0, r.stderr
    assert "bad.txt" in r.stderr and "UTF-8" in r.stderr
    assert "ferry pier" in r.stdout


def test_eval_prints_the_figures(tmp_path):
    from tests.conftest import shared_file

    r = newsbot(
        "eval",
        str(shared_file("eval", "seed_questions.jsonl")),
        "--json",
        "--corpus",
        str(DOCS_CORPUS),
        "--store",
        str(tmp_path / "s"),
    )
    assert r.returncode == 0, r.stderr
    figures = json.loads(r.stdout)
    assert figures["verbatim"] == 100.0 and figures["latency_ms_p50"] > 0


def test_ingest_then_ask_reuses_the_index(tmp_path):
    store = str(tmp_path / "s")
    r = newsbot("ingest", "--corpus", str(DOCS_CORPUS), "--store", store)
    assert r.returncode == 0 and "5 added" in r.stdout
    r = newsbot("ingest", "--corpus", str(DOCS_CORPUS), "--store", store)
    assert "0 added" in r.stdout and "5 unchanged" in r.stdout


def test_no_arguments_without_a_terminal_prints_usage():
    r = newsbot(stdin="")
    assert r.returncode == 2 and "usage" in r.stderr.lower()


def test_serving_beyond_this_machine_without_a_token_is_refused(tmp_path):
    env = {"NEWSBOT_STORE_DIR": str(tmp_path / "s"), "NEWSBOT_API_TOKEN": ""}
    r = newsbot("serve", "--host", "0.0.0.0", "--port", "1", env_extra=env)
    assert r.returncode == 5 and "Traceback" not in r.stderr
    assert "without NEWSBOT_API_TOKEN" in r.stderr and "--insecure" in r.stderr
