"""The one exception tree of newsbot.

Front ends catch ``NewsbotError`` and turn it into a friendly sentence, a 4xx or an exit
code; anything else escaping the core is a bug.

    NewsbotError
    ├── QuestionError        the question itself is unusable (empty, too long)
    ├── CorpusError          the corpus folder is missing, empty or unreadable
    ├── StoreError           the index cannot be opened, written or reached
    ├── ConfigurationError   settings that contradict each other or the machine
    ├── OverloadedError      too many questions waiting; retry shortly
    └── ArticleError         an article sent to be stored is unusable (its name, its text)
        └── UnknownArticle   no article of that name
"""

from __future__ import annotations


class NewsbotError(Exception):
    """Base of every error the core raises on purpose; its message is one clear sentence."""

    exit_code = 1


class QuestionError(NewsbotError):
    exit_code = 2


class CorpusError(NewsbotError):
    exit_code = 3


class StoreError(NewsbotError):
    exit_code = 4


class ConfigurationError(NewsbotError):
    exit_code = 5


class OverloadedError(NewsbotError):
    """Too many questions are waiting; the caller should retry shortly."""

    exit_code = 6


class ArticleError(NewsbotError):
    """An article sent to be stored cannot be: an unsafe name, no readable text."""

    exit_code = 7


class UnknownArticle(ArticleError):
    """No article of that name in the corpus folder."""

    exit_code = 8
