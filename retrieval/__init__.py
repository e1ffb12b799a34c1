"""The newsbot core, and its one public surface: front ends import from here only.

Layers, each importing only those below it:
  service            the one ``Newsbot.ask`` (and ``sync``) every front end calls
  answering/         in-memory index, sentence scoring, quotes, refusal checks
  reading/, ingest/  how a question is read; how files become sentences, vectors, a store
  settings, errors, models, lexicon, terms   what every layer shares

``Newsbot`` and ``AskRequest`` load on first use, so a front end that only parses its
command line (``newsbot --help``) or reports a bad setting does not pay for numpy and BM25.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from retrieval.errors import (
    ArticleError,
    ConfigurationError,
    CorpusError,
    NewsbotError,
    OverloadedError,
    QuestionError,
    StoreError,
    UnknownArticle,
)
from retrieval.ingest.corpus import HTML_SUFFIXES, find_files
from retrieval.ingest.corpus import SUFFIXES as ARTICLE_SUFFIXES
from retrieval.models import Answer, ArticleRecord, Citation, RefusalInfo
from retrieval.reading.question import validate as validate_question
from retrieval.settings import Settings, get_settings

if TYPE_CHECKING:
    from retrieval.service import AskRequest, Newsbot

_LAZY = {"AskRequest", "Newsbot"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from retrieval import service

        return getattr(service, name)
    raise AttributeError(f"module 'retrieval' has no attribute {name!r}")


__all__ = [
    "ARTICLE_SUFFIXES",
    "Answer",
    "ArticleError",
    "ArticleRecord",
    "AskRequest",
    "Citation",
    "ConfigurationError",
    "CorpusError",
    "HTML_SUFFIXES",
    "Newsbot",
    "NewsbotError",
    "OverloadedError",
    "QuestionError",
    "RefusalInfo",
    "Settings",
    "StoreError",
    "UnknownArticle",
    "find_files",
    "get_settings",
    "validate_question",
]
