"""A wrong Slack token stops ``policywatch run`` at start; an undelivered digest makes
``run --once`` fail, saying which."""

from pathlib import Path

import pytest

from bot.cli import main
from bot.credentials import CredentialsError, NotReached
from bot.slack.client import credential_check
from bot.slack.settings import SlackSettings
from support.service import rss, write_config


def config(tmp_path: Path, destination: str) -> Path:
    directory = write_config(tmp_path / "config", {})
    (directory / "routes.yaml").write_text(
        f"routes:\n  - {{id: desk, destination: '{destination}', schedule: 1h}}\n",
        encoding="utf-8",
    )
    return directory


@pytest.mark.parametrize("once", [False, True])
def test_a_refused_bot_token_stops_run_naming_the_variable(
    slack_env, tmp_path, monkeypatch, capsys, once
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-not-the-right-one")
    argv = ["run", "--config", str(config(tmp_path, "slack:#policy"))]
    assert main(argv + ["--once"] * once) == 2
    err = capsys.readouterr().err
    assert "Slack refused SLACK_BOT_TOKEN (invalid_auth)" in err


def test_a_refused_app_token_stops_socket_mode_naming_the_variable(fake_slack) -> None:
    settings = SlackSettings(
        fake_slack.token, mode="socket", app_token="xapp-1-not-this-one", api_url=fake_slack.url
    )
    with pytest.raises(CredentialsError, match=r"Slack refused SLACK_APP_TOKEN \(invalid_auth\)"):
        credential_check(settings).check()
    right = SlackSettings(
        fake_slack.token, mode="socket", app_token=fake_slack.app_token, api_url=fake_slack.url
    )
    credential_check(right).check()


def test_an_unreachable_slack_is_asked_again_not_refused() -> None:
    settings = SlackSettings("xoxb-1", mode="http", api_url="http://127.0.0.1:9/api/")
    with pytest.raises(NotReached):
        credential_check(settings).check()


def test_run_once_fails_when_a_digest_is_not_delivered(
    slack_env, tmp_path, capsys, feed_server
) -> None:
    directory = config(tmp_path, "slack:#no-such-channel")
    news = rss(("1", "网信办 rules on data security", "The CAC said so."))
    (directory / "feeds.yaml").write_text(
        f"feeds:\n  - {{id: wire, url: '{feed_server.serve('/w.xml', news)}'}}\n"
    )
    assert main(["run", "--once", "--config", str(directory)]) == 1
    err = capsys.readouterr().err
    assert "Digest of route desk for slack:#no-such-channel was not delivered" in err
    assert "it stays queued" in err
