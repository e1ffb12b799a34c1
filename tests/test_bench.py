"""The benchmark scripts still run against the current code (their figures are not checked:
timing belongs in the scripts' output, not in asserts)."""

import subprocess
import sys

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.integration


def run(*args: str) -> str:
    r = subprocess.run(
        [sys.executable, *args], cwd=REPO, capture_output=True, text=True, timeout=600
    )
    assert r.returncode == 0, r.stderr[-3000:]
    return r.stdout


def test_latency_benchmark_runs():
    assert "latency ms: p50" in run("bench/latency.py", "--rounds", "1", "--batch", "4")


def test_http_load_benchmark_runs():
    out = run("bench/http_load.py", "--requests", "40", "--concurrency", "4", "--warmup", "8")
    assert "p99" in out


def test_slack_load_benchmark_runs_and_answers_every_mention():
    out = run("bench/slack_load.py", "--mentions", "24", "--concurrency", "8")
    assert "answers posted 24/24 (apologies 0)" in out, out


def test_eval_sets_benchmark_scores_every_shipped_set(tmp_path):
    # policy fields set to their defaults: the option parses them, the figures stay
    tried = ("--refusal", "counted_gap=2,abbreviations=true", "--quotes", "fill_chars=700")
    out = run("bench/eval_sets.py", "--out", str(tmp_path), *tried)
    for name in ("news", "docs_blind", "web_pages", "regional_news", "world_news", "trade_news"):
        row = next(line for line in out.splitlines() if line.startswith(name))
        assert row.split()[-1] == "100.0", row  # verbatim


@pytest.mark.parametrize(
    ("option", "value", "error"),
    [
        ("--refusal", "no_such_field=1", "RefusalPolicy field"),
        ("--refusal", "counted_gap=two", "is no int for counted_gap"),
        ("--quotes", "fill_chars", "QuotePolicy field"),
        ("--refusal", "disabled=x", "RefusalPolicy field"),  # switched off with --without
    ],
)
def test_eval_sets_refuses_a_policy_field_it_cannot_set(option, value, error):
    r = subprocess.run(
        [sys.executable, "bench/eval_sets.py", "--sets", "seed", option, value],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode != 0 and error in r.stderr, r.stderr[-2000:]


def test_coldstart_benchmark_prints_the_ratio(tmp_path):
    import json

    out = run("bench/coldstart.py", "--runs", "1", "--store", str(tmp_path / "s"), "--json")
    figures = json.loads(out)
    assert figures["cold_ask_s"] > 0 and figures["ratio"] == round(
        figures["cold_ask_s"] / figures["import_torch_s"], 2
    )


def test_scale_benchmark_builds_serves_and_grows_an_archive(tmp_path):
    import json

    out = run("bench/scale.py", "--articles", "30", "--out", str(tmp_path), "--json")
    figures = json.loads(out)
    assert figures["articles"] == 30 and figures["sentences"] == 750
    assert figures["rss_mb"] > 0 and figures["ready_s"] > 0 and figures["add_one_s"] > 0
    assert figures["add_one_rescan_s"] > 0
    assert len(list((tmp_path / "n30" / "corpus").rglob("*.txt"))) == 30  # the added ones gone


def test_mcp_latency_benchmark_answers_over_stdio(tmp_path):
    import json

    out = run("bench/mcp_latency.py", "--calls", "3", "--store", str(tmp_path / "s"), "--json")
    figures = json.loads(out.strip().splitlines()[-1])
    assert 0 < figures["handshake_s"] <= figures["first_answer_s"]
    assert figures["ask_p50_ms"] > 0 and figures["search_p50_ms"] > 0
