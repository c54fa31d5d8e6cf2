"""Slack settings come from the environment only, and a missing secret is named."""

import pytest

from bot.slack.settings import SlackSettings, slack_settings
from watchers.errors import ConfigError

SOCKET = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}


def test_no_bot_token_means_no_slack():
    assert slack_settings({}) is None
    assert slack_settings({"SLACK_BOT_TOKEN": "  "}) is None


def test_socket_mode_is_the_default():
    settings = slack_settings(SOCKET)
    assert settings == SlackSettings(bot_token="xoxb-1", mode="socket", app_token="xapp-1")
    assert "xoxb" not in repr(settings) and "xapp" not in repr(settings)


def test_http_mode_binds_to_loopback_unless_told_otherwise():
    env = {
        "SLACK_BOT_TOKEN": "xoxb-1",
        "POLICYWATCH_SLACK_MODE": "HTTP",
        "SLACK_SIGNING_SECRET": "s3cret",
        "POLICYWATCH_HTTP_PORT": "8080",
        "POLICYWATCH_SLACK_API_URL": "http://127.0.0.1:9/api",
    }
    settings = slack_settings(env)
    assert (settings.mode, settings.http_host, settings.http_port) == ("http", "127.0.0.1", 8080)
    assert settings.api_url == "http://127.0.0.1:9/api/"
    assert slack_settings({**env, "POLICYWATCH_HTTP_HOST": "0.0.0.0"}).http_host == "0.0.0.0"


@pytest.mark.parametrize(
    ("env", "where"),
    [
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_APP_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "POLICYWATCH_SLACK_MODE": "http"}, "SLACK_SIGNING_SECRET"),
        ({**SOCKET, "POLICYWATCH_SLACK_MODE": "webhook"}, "POLICYWATCH_SLACK_MODE"),
        ({**SOCKET, "POLICYWATCH_HTTP_PORT": "80a"}, "POLICYWATCH_HTTP_PORT"),
        ({**SOCKET, "POLICYWATCH_SLACK_API_URL": "slack.example"}, "POLICYWATCH_SLACK_API_URL"),
    ],
)
def test_missing_or_wrong_variables_are_named(env, where):
    with pytest.raises(ConfigError) as caught:
        slack_settings(env)
    assert caught.value.file == "environment" and caught.value.path == where


def test_without_a_bot_token_slack_routes_print_to_the_console(slack_env, monkeypatch, tmp_path):
    from bot.app import build_app
    from bot.slack.adapter import SlackAdapter
    from support.service import write_config

    monkeypatch.delenv("SLACK_BOT_TOKEN")
    app = build_app(write_config(tmp_path / "config", {}))
    try:
        assert "slack" not in app.service.deliverer.sinks
        assert not any(isinstance(a, SlackAdapter) for a in app.adapters)
    finally:
        app.close()


def test_socket_mode_is_wired_without_contacting_slack(
    slack_env, monkeypatch, tmp_path, fake_slack
):
    from bot.app import build_app
    from bot.slack.adapter import SlackAdapter
    from support.service import write_config

    monkeypatch.setenv("POLICYWATCH_SLACK_MODE", "socket")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-A0POLICY01-1-abcdef")
    app = build_app(write_config(tmp_path / "config", {}))
    try:
        (adapter,) = [a for a in app.adapters if isinstance(a, SlackAdapter)]
        assert adapter.settings.mode == "socket" and adapter.port == 0
        assert adapter.bolt.client.base_url == fake_slack.url
        assert app.service.deliverer.sinks["slack"].client.base_url == fake_slack.url
        assert fake_slack.requests == []
    finally:
        app.close()


def test_socket_mode_keeps_trying_while_slack_cannot_be_reached(
    slack_env, monkeypatch, tmp_path, fake_slack
):
    import time

    from bot.app import build_app
    from bot.slack.adapter import SlackAdapter
    from support.service import write_config

    monkeypatch.setenv("POLICYWATCH_SLACK_MODE", "socket")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-A0POLICY01-1-abcdef")
    app = build_app(write_config(tmp_path / "config", {}))
    (adapter,) = [a for a in app.adapters if isinstance(a, SlackAdapter)]
    adapter.start()  # the fake has no Socket Mode: every attempt fails
    deadline = time.monotonic() + 5
    while not fake_slack.calls("apps.connections.open") and time.monotonic() < deadline:
        time.sleep(0.02)
    assert fake_slack.calls("apps.connections.open")
    started = time.monotonic()
    adapter.stop()
    assert time.monotonic() - started < 2
    app.close()
