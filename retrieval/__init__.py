"""The newsbot core: ingest, index, search and answer assembly. Knows nothing of front ends.

The public surface is ``Newsbot`` (with its ``ask``), the data models and the exception tree.
"""

from retrieval.errors import (
    ConfigurationError,
    CorpusError,
    NewsbotError,
    OverloadedError,
    QuestionError,
    StoreError,
)
from retrieval.models import Answer, Citation
from retrieval.settings import Settings, get_settings

__all__ = [
    "Answer",
    "Citation",
    "ConfigurationError",
    "CorpusError",
    "NewsbotError",
    "OverloadedError",
    "QuestionError",
    "Settings",
    "StoreError",
    "get_settings",
]
