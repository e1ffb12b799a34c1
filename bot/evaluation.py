"""Score answers against a gold file, with the same figures as shared/eval/score.py.

Kept as pure functions over plain dicts so `newsbot eval` and the reference scorer can be
checked against each other on the same answers.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().lower()


def load_gold(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _percent(x: float, n: int) -> float | None:
    return round(100.0 * x / n, 1) if n else None


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)


def score_answers(
    gold: list[dict[str, Any]],
    answers: list[dict[str, Any]],
    read_source: Callable[[str], str | None],
) -> dict[str, Any]:
    """Doc recall@1/@5, facts, verbatim, refusal, false refusal, coverage, characters read."""
    r1 = r5 = nans = facts_ok = nfacts = verb_ok = nverb = ref_ok = nun = false_ref = 0
    top_fact = 0
    fails: list[str] = []
    cov: list[float] = []
    chars: list[int] = []
    for g, a in zip(gold, answers + [{}] * (len(gold) - len(answers))):
        cits = a.get("citations") or []
        refused = a.get("answered") is False
        for c in cits:
            nverb += 1
            source_text = read_source(c.get("source", ""))
            start, end = c.get("start"), c.get("end")
            if (
                source_text is not None
                and isinstance(start, int)
                and source_text[start:end] == c.get("quote")
            ):
                verb_ok += 1
        if not g["answerable"]:
            nun += 1
            if refused:
                ref_ok += 1
            else:
                fails.append(g["id"])
            continue
        nans += 1
        sources: list[str] = []
        for c in cits:
            if c.get("source") not in sources:
                sources.append(c.get("source"))
        false_ref += refused
        if g["docs"] and not refused:
            r1 += any(d in sources[:1] for d in g["docs"])
            r5 += any(d in sources[:5] for d in g["docs"])
        if g["docs"]:
            share = sum(d in sources[:10] for d in g["docs"]) / len(g["docs"])
            cov.append(0.0 if refused else share)
        text = str(a.get("answer", ""))
        if not refused:
            chars.append(
                len(text) + sum(len(q) for c in cits if (q := c.get("quote", "")) not in text)
            )
        if g["must_include"]:
            nfacts += 1
            hay = "" if refused else _norm(text + " " + " ".join(c.get("quote", "") for c in cits))
            ok = all(any(_norm(alt) in hay for alt in grp) for grp in g["must_include"])
            facts_ok += ok
            if cits and not refused:
                top = _norm(cits[0].get("quote", ""))
                top_fact += all(any(_norm(alt) in top for alt in grp) for grp in g["must_include"])
            if not ok:
                fails.append(g["id"])
    return {
        "questions": len(gold),
        "doc_recall@1": _percent(r1, nans),
        "doc_recall@5": _percent(r5, nans),
        "facts": _percent(facts_ok, nfacts),
        "facts_top_quote": _percent(top_fact, nfacts),
        "doc_coverage@10": round(100.0 * sum(cov) / len(cov), 1) if cov else None,
        "read_chars_p50": sorted(chars)[len(chars) // 2] if chars else None,
        "verbatim": _percent(verb_ok, nverb),
        "citations": nverb,
        "refusal": _percent(ref_ok, nun),
        "false_refusal": _percent(false_ref, nans),
        "fails": fails[:40],
    }


def latency_figures(took_ms: Iterable[float]) -> dict[str, float | None]:
    values = list(took_ms)
    return {"latency_ms_p50": _percentile(values, 0.5), "latency_ms_p95": _percentile(values, 0.95)}


def corpus_reader(corpus_dir: Path) -> Callable[[str], str | None]:
    """Reads sources the way a reader checking a quote does, caching each file."""
    cache: dict[str, str | None] = {}

    def read(source: str) -> str | None:
        if source not in cache:
            path = corpus_dir / source
            cache[source] = path.read_text(encoding="utf-8") if path.is_file() else None
        return cache[source]

    return read


def _stated_dates(text: str) -> set[str]:
    """ISO days the answer text names as "5 October 2023"."""
    out = set()
    for day, month, year in re.findall(r"\b(\d{1,2}) ([A-Z][a-z]+) (\d{4})\b", text):
        if month in calendar.month_name[1:]:
            out.add(f"{year}-{list(calendar.month_name).index(month):02d}-{int(day):02d}")
    return out


def temporal_order_stated(
    gold: list[dict[str, Any]], answers: list[dict[str, Any]]
) -> float | None:
    """Share of temporal questions (gold ``type`` temporal_query) whose answer states an
    order naming the dates of two of the articles the question needs (of all of them when
    it needs fewer)."""
    hits = total = 0
    for g, a in zip(gold, answers):
        if g.get("type") != "temporal_query" or not g.get("docs"):
            continue
        total += 1
        dates = {c["source"]: c.get("date") for c in a.get("citations") or []}
        stated = _stated_dates(str(a.get("answer", "")))
        named = sum(bool(dates.get(d)) and dates.get(d) in stated for d in g["docs"])
        hits += bool(a.get("answered")) and named >= min(2, len(g["docs"]))
    return _percent(hits, total)
