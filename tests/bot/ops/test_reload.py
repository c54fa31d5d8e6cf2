"""Config reload on SIGHUP: a valid config applies whole, an invalid one is logged with its
file and path and the running config stays."""

from __future__ import annotations

import logging
import signal
from pathlib import Path

import httpx

from bot.app import build_app
from support.running import policywatch_run, wait_for
from support.service import rss, write_config

FEED = rss(("g1", "Data Security Law anniversary", "The Data Security Law took effect."))
BAD_FEEDS = "feeds:\n  - {id: f, url: 'http://127.0.0.1:1/', interval: soon}\n"


def two_feeds(config: Path, first: str, second: str) -> None:
    (config / "feeds.yaml").write_text(
        f"feeds:\n  - {{id: f, url: '{first}', interval: 5m}}\n"
        f"  - {{id: g, url: '{second}', interval: 5m}}\n",
        encoding="utf-8",
    )


def test_reload_applies_a_valid_config_and_keeps_the_running_one_otherwise(
    feed_server, tmp_path, monkeypatch, caplog
):
    monkeypatch.setenv("POLICYWATCH_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    monkeypatch.setenv("POLICYWATCH_STANCE_MODEL", "none")
    first, second = feed_server.serve("/f.xml", FEED), feed_server.serve("/g.xml", FEED)
    config = write_config(tmp_path / "config", {"f": first})
    app = build_app(config, with_chat=False)
    try:
        two_feeds(config, first, second)
        assert app.reload()
        assert [f.id for f in app.service.watch.config.feeds] == ["f", "g"]
        assert {s.feed_id for s in app.store.feed_states()} >= {"f", "g"}
        (config / "feeds.yaml").write_text(BAD_FEEDS, encoding="utf-8")
        with caplog.at_level(logging.INFO):
            assert not app.reload()
        assert [f.id for f in app.service.watch.config.feeds] == ["f", "g"]
        two_feeds(config, first, second)
        assert not app.reload()  # the files say what runs already: nothing to switch
    finally:
        app.close()
    refused = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(refused) == 1
    message = refused[0].getMessage()
    assert "config reload: invalid config not applied, the running one stays: " in message
    assert "feeds.yaml: feeds[0].interval: expected a duration" in message


def test_sighup_reloads_a_running_service(feed_server, tmp_path):
    first, second = feed_server.serve("/f.xml", FEED), feed_server.serve("/g.xml", FEED)
    config = write_config(tmp_path / "config", {"f": first})
    with policywatch_run(config, tmp_path) as run:
        ready = f"{run.base_url}/readyz"
        wait_for(lambda: httpx.get(ready).status_code == 200, "/readyz")
        two_feeds(config, first, second)
        run.signal(signal.SIGHUP)
        wait_for(lambda: feed_server.requests_for("/g.xml"), "the new feed's first poll")
        (config / "feeds.yaml").write_text(BAD_FEEDS, encoding="utf-8")
        run.signal(signal.SIGHUP)
        # The refused config is reported; the running service keeps answering.
        wait_for(lambda: httpx.get(ready).status_code == 200, "/readyz again")
        code = run.stop()
    assert code == 0, run.stderr
    assert "config reload: now 2 feeds, 1 routes" in run.stderr
    refused = "ERROR bot.commands.editor: config reload: invalid config not applied"
    assert refused in run.stderr
    assert "feeds.yaml: feeds[0].interval" in run.stderr
