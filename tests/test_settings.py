from retrieval.settings import Settings


def test_a_blank_token_is_no_token(monkeypatch):
    monkeypatch.setenv("NEWSBOT_API_TOKEN", "")
    monkeypatch.setenv("NEWSBOT_WEBHOOK_TOKEN", "   ")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "")
    settings = Settings()
    assert settings.api_token is None and settings.webhook_token is None
    assert settings.slack_bot_token is None and not settings.slack_enabled


def test_tokens_come_from_the_environment_and_never_print(monkeypatch):
    monkeypatch.setenv("NEWSBOT_API_TOKEN", "s3cret")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "shh")
    settings = Settings()
    assert settings.api_token is not None and settings.api_token.get_secret_value() == "s3cret"
    assert "s3cret" not in repr(settings) and "shh" not in repr(settings)
