"""`policywatch doctor` against feeds on 127.0.0.1, the fake Slack and a closed database port."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from bot.cli import main
from support.fakeslack import FakeSlack
from support.service import rss, write_config
from support.tcpproxy import TcpProxy
from watchers.storage.database import MIGRATIONS

FEED = rss(("g1", "Data Security Law anniversary", "The Data Security Law took effect."))


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in (
        "POLICYWATCH_DATABASE_URL",
        "POLICYWATCH_CONFIG",
        "SLACK_BOT_TOKEN",
        "SLACK_APP_TOKEN",
        "SLACK_SIGNING_SECRET",
        "POLICYWATCH_SLACK_MODE",
        "MATRIX_HOMESERVER",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("POLICYWATCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("POLICYWATCH_STANCE_MODEL", "none")
    return monkeypatch


def with_routes(config: Path, *destinations: str) -> Path:
    lines = [
        f"  - {{id: r{n}, destination: '{d}', schedule: 1h}}" for n, d in enumerate(destinations)
    ]
    (config / "routes.yaml").write_text("routes:\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return config


def doctor(config: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["doctor", "--config", str(config)])
    return code, capsys.readouterr().out


def test_a_healthy_setup_passes_and_polls_conditionally(feed_server, tmp_path, env, capsys):
    url = feed_server.serve("/f.xml", FEED, headers={"ETag": '"v1"'})
    config = write_config(tmp_path / "config", {"f": url})
    assert main(["run", "--once", "--config", str(config)]) == 0
    capsys.readouterr()
    code, out = doctor(config, capsys)
    assert code == 0, out
    assert "ok    database: sqlite (" in out and "ok    route r0" not in out
    assert "ok    route desk: printed on standard output" in out
    assert out.rstrip().endswith("No problems found.")
    # One request, sent with the stored validator, as the next poll would be.
    last = feed_server.requests_for("/f.xml")[-1]
    assert last.headers.get("if-none-match") == '"v1"'
    assert len(feed_server.requests_for("/f.xml")) == 2


def test_unreadable_and_missing_feeds_are_named_with_a_fix(feed_server, tmp_path, env, capsys):
    feeds = {
        "page": feed_server.serve(
            "/page", b"<html><body>Hello</body></html>", content_type="text/html"
        ),
        "gone": feed_server.serve("/gone.xml", b"no", status=404),
        "fine": feed_server.serve("/fine.xml", FEED),
    }
    code, out = doctor(write_config(tmp_path / "config", feeds), capsys)
    assert code == 1
    assert "FAIL  feed page: " in out and "not a feed" in out
    assert "serves no RSS, Atom or JSON Feed" in out and "feeds.yaml: feeds[0].url" in out
    assert "FAIL  feed gone: " in out and "HTTP 404" in out and "feeds[1].url" in out
    assert "ok    feed fine: 1 item read" in out


def test_a_bad_config_names_its_file_and_path(tmp_path, env, capsys):
    config = write_config(tmp_path / "config", {})
    (config / "feeds.yaml").write_text(
        "feeds:\n  - {id: x, url: 'http://127.0.0.1:1/', interval: soon}\n"
    )
    code, out = doctor(config, capsys)
    assert code == 1
    assert "FAIL  config: feeds.yaml: feeds[0].interval" in out
    assert "ok    database: sqlite" in out and "empty" in out  # the other checks still run


def test_an_unreachable_database_is_named(tmp_path, env, capsys):
    with TcpProxy(5432) as proxy:
        proxy.cut()
        env.setenv("POLICYWATCH_DATABASE_URL", f"postgresql://postgres@127.0.0.1:{proxy.port}/test")
        code, out = doctor(write_config(tmp_path / "config", {}), capsys)
    assert code == 1
    assert f"FAIL  database: cannot reach postgresql (127.0.0.1:{proxy.port}/test)" in out
    assert "fix: start the database server, or correct POLICYWATCH_DATABASE_URL" in out


def test_a_wrong_slack_token_is_named(fake_slack: FakeSlack, tmp_path, env, capsys):
    env.setenv("SLACK_BOT_TOKEN", "xoxb-not-the-right-one")
    env.setenv("SLACK_APP_TOKEN", fake_slack.app_token)
    config = with_routes(write_config(tmp_path / "config", {}), "slack:#policy-digest")
    code, out = doctor(config, capsys)
    assert code == 1
    assert "FAIL  slack: Slack refused SLACK_BOT_TOKEN (invalid_auth)" in out
    assert "Bot User OAuth Token" in out
    assert "skip  route r0: slack:#policy-digest not checked: slack login failed" in out


def test_slack_app_token_and_channels_are_checked(fake_slack: FakeSlack, tmp_path, env, capsys):
    env.setenv("SLACK_BOT_TOKEN", fake_slack.token)
    env.setenv("SLACK_APP_TOKEN", "xapp-1-A0POLICY01-1-wrong")
    config = with_routes(
        write_config(tmp_path / "config", {}),
        "slack:#policy-digest",
        "slack:#random",
        "slack:#no-such-channel",
        "matrix:!room:example.org",
    )
    code, out = doctor(config, capsys)
    assert code == 1
    assert "ok    slack: bot token of policywatch in policywatch-test (socket mode)" in out
    assert "FAIL  slack app token: Slack refused SLACK_APP_TOKEN (invalid_auth)" in out
    assert "ok    route r0: the bot can post to #policy-digest" in out
    # chat:write.public (the manifest asks for it) posts to a public channel unjoined.
    assert "ok    route r1: the bot can post to #random, a public channel, without joining" in out
    assert "FAIL  route r2: the bot sees no channel #no-such-channel" in out
    assert "/invite @policywatch" in out
    assert "FAIL  route r3: matrix:!room:example.org: matrix is not configured" in out


def test_the_right_slack_app_token_passes(fake_slack: FakeSlack, tmp_path, env, capsys):
    env.setenv("SLACK_BOT_TOKEN", fake_slack.token)
    env.setenv("SLACK_APP_TOKEN", fake_slack.app_token)
    config = with_routes(write_config(tmp_path / "config", {}), "slack:C0DIGEST01")
    code, out = doctor(config, capsys)
    assert code == 0, out
    assert "ok    slack app token: Socket Mode connections can be opened" in out
    assert "ok    route r0: the bot can post to #policy-digest" in out


def test_a_schema_behind_this_version_is_named(tmp_path, env, capsys):
    config = write_config(tmp_path / "config", {})
    assert main(["run", "--once", "--config", str(config)]) == 0
    db = tmp_path / "data" / "policywatch.sqlite3"
    with sqlite3.connect(db) as c:
        c.execute("UPDATE alembic_version SET version_num = '0000_older'")
    capsys.readouterr()
    code, out = doctor(config, capsys)
    assert code == 1
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert f"is at schema 0000_older; this version needs {head}" in out
    assert "back up the database, then start policywatch once" in out
