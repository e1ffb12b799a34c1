"""The newsbot core, and its one public surface: front ends import from here only.

Layers, each importing only those below it:
  langchain          ``NewsbotRetriever`` and ``NewsbotAnswerer``: the service in LangChain
  service            the one ``Newsbot.ask`` (and ``sync``) every front end calls
  answering/         in-memory index, sentence scoring, quotes, refusal checks
  reading/, ingest/  how a question is read; how files become sentences, vectors, a store
  settings, errors, models, lexicon, terms   what every layer shares

``Newsbot``, ``AskRequest`` and the LangChain pieces (``NewsbotRetriever``,
``NewsbotAnswerer``) load on first use, so a front end that only parses its
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
from retrieval.models import Answer, ArticleRecord, ArticleText, Citation, RefusalInfo
from retrieval.reading.question import validate as validate_question
from retrieval.settings import Settings, get_settings

if TYPE_CHECKING:
    from retrieval.langchain import NewsbotAnswerer, NewsbotRetriever, citation_document
    from retrieval.service import AskRequest, Newsbot

_LAZY = {
    "AskRequest": "retrieval.service",
    "Newsbot": "retrieval.service",
    # LangChain loads only for those who use it.
    "NewsbotAnswerer": "retrieval.langchain",
    "NewsbotRetriever": "retrieval.langchain",
    "citation_document": "retrieval.langchain",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'retrieval' has no attribute {name!r}")


__all__ = [
    "ARTICLE_SUFFIXES",
    "Answer",
    "ArticleError",
    "ArticleRecord",
    "ArticleText",
    "AskRequest",
    "Citation",
    "ConfigurationError",
    "CorpusError",
    "HTML_SUFFIXES",
    "Newsbot",
    "NewsbotAnswerer",
    "NewsbotRetriever",
    "NewsbotError",
    "OverloadedError",
    "QuestionError",
    "RefusalInfo",
    "Settings",
    "StoreError",
    "UnknownArticle",
    "citation_document",
    "find_files",
    "get_settings",
    "validate_question",
]
