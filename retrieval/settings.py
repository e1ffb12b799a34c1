"""The single place newsbot reads its configuration (environment, then ``.env``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob of the bot. Environment variables use the ``NEWSBOT_`` prefix."""

    model_config = SettingsConfigDict(
        env_prefix="NEWSBOT_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
    )

    corpus_dir: Path = Field(Path("docs_corpus"), description="Folder of articles to answer from.")
    store_dir: Path = Field(Path(".newsbot"), description="Where the embedded Chroma index lives.")
    chroma_url: str | None = Field(
        None, description="Use a Chroma server (e.g. http://127.0.0.1:8000) instead of store_dir."
    )
    collection: str | None = Field(
        None, description="Chroma collection name; default derived from the corpus folder name."
    )
    top_k: int = Field(
        12,
        ge=1,
        le=50,
        description="Most citations an answer carries, all parts of a question together "
        "(quotes, the sentences that complete them, and the same words in other files).",
    )
    max_question_chars: int = Field(2000, ge=10, description="Longer questions are rejected.")
    embed_batch_size: int = Field(32, ge=1, le=1024)
    torch_threads: int | None = Field(None, ge=1, description="CPU threads for the model.")
    device: Literal["cpu", "cuda", "mps"] = Field(
        "cpu", description="Where the model embeds articles: a GPU builds a large index faster."
    )
    onnx_questions: bool = Field(
        True,
        description="Embed questions with the ONNX export kept beside the index (made at the "
        "first ingest), so answering never imports torch.",
    )
    api_token: SecretStr | None = Field(
        None, description="Bearer token every /v1 HTTP request must carry, when set."
    )
    webhook_token: SecretStr | None = Field(
        None,
        description="Token a chat tool's outgoing webhook sends in its body (Mattermost, "
        "Rocket.Chat); /v1/webhook accepts it in place of the bearer token.",
    )
    max_waiting: int = Field(64, ge=1, description="Questions the server queues before 503.")
    max_article_bytes: int = Field(
        2 * 1024 * 1024,
        ge=1024,
        description="Largest body POST /v1/articles accepts (an article's text or HTML).",
    )
    watch: bool = Field(
        True,
        description="`serve` and `slack` take in files added, changed or deleted in the "
        "corpus folder while they run.",
    )
    watch_debounce_ms: int = Field(
        500,
        ge=50,
        le=60_000,
        description="Changes this close together are taken in together (a copy of many files).",
    )
    index_snapshot: bool = Field(
        True,
        description="Keep a copy of the in-memory index beside the store, so a restart "
        "loads it in seconds and reads from the store only what changed since.",
    )
    snapshot_after: int = Field(
        200,
        ge=1,
        description="Renew that copy once this many articles changed since it was made "
        "(a large archive's copy takes seconds to write).",
    )
    exact_search_max: int = Field(
        150_000,
        ge=0,
        description="The most sentences a question is compared with one by one, in memory "
        "(exact, and faster than asking Chroma below this). A larger archive asks Chroma's "
        "HNSW index for the nearest sentences and reads its candidates' vectors from a "
        "half-precision copy, mapped from a file beside the index copy (held in memory "
        "when NEWSBOT_INDEX_SNAPSHOT is off): comparing 1.25 million sentences takes 0.2 s "
        "a question and their full copy 1.9 GB.",
    )
    follow_seconds: float = Field(
        2.0,
        gt=0,
        description="With NEWSBOT_CHROMA_URL, how often a server looks for what other "
        "replicas of the index wrote (one small read when nothing did).",
    )
    watch_rescan_seconds: float = Field(
        60.0,
        ge=1.0,
        description="Rescan the corpus folder this often even without a file event (network "
        "drives and some containers send none).",
    )

    # Slack keeps its own standard variable names.
    slack_bot_token: SecretStr | None = Field(
        None, validation_alias=AliasChoices("slack_bot_token", "SLACK_BOT_TOKEN")
    )
    slack_signing_secret: SecretStr | None = Field(
        None, validation_alias=AliasChoices("slack_signing_secret", "SLACK_SIGNING_SECRET")
    )
    slack_app_token: SecretStr | None = Field(
        None, validation_alias=AliasChoices("slack_app_token", "SLACK_APP_TOKEN")
    )
    slack_api_url: str = Field(
        "https://slack.com/api/", description="Slack Web API base URL (a local fake in tests)."
    )
    slack_answer_bots: bool = Field(False, description="Also answer messages of other bots.")
    feedback_db: Path | None = Field(
        None, description="SQLite file for Slack threads and feedback; default in store_dir."
    )

    @field_validator(
        "api_token",
        "webhook_token",
        "slack_bot_token",
        "slack_signing_secret",
        "slack_app_token",
        "chroma_url",
        "collection",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        """ "NEWSBOT_API_TOKEN=" (a blank line of a .env template) means no token, not the
        empty token that every request without credentials would match."""
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @property
    def slack_enabled(self) -> bool:
        return self.slack_bot_token is not None and self.slack_signing_secret is not None

    @property
    def feedback_path(self) -> Path:
        return self.feedback_db or Path(self.store_dir) / "slack.sqlite3"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Read the environment once; tests build ``Settings(...)`` directly instead."""
    return Settings()
