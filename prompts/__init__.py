"""The words the bot speaks with, kept as data (``answers.toml``) rather than code."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def load_prompts() -> dict[str, str]:
    text = resources.files(__package__).joinpath("answers.toml").read_text(encoding="utf-8")
    return {k: str(v) for k, v in tomllib.loads(text).items()}


def prompt(name: str, **values: object) -> str:
    """One template from answers.toml, filled with ``values``."""
    return load_prompts()[name].format(**values).strip()
